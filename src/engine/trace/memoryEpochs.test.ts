import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { adoptMemoryEpochs, memoryEpoch, memoryEpochs } from './memoryEpochs';
import type { Trace } from './types';

const preset = (name: string): Trace => simulate(presetConfig(findPreset(name)!));

describe("memory's epochs", () => {
  for (const name of ['dual-step', 'bounce-page', 'hotplug']) {
    test(`${name}: the epoch moves exactly at the versions that write a line`, () => {
      const t = preset(name);
      const mem = t.world.memory;
      const lines = new Set([...mem.poc.keys(), ...mem.dirty.keys()]);
      const epochs = memoryEpochs(t);
      expect(epochs.length).toBe(t.steps.length + 1);
      for (let v = 1; v <= t.steps.length; v++) {
        let wrote = false;
        for (const l of lines)
          if (mem.poc.changedAt(l, v) || mem.dirty.changedAt(l, v)) wrote = true;
        expect(epochs[v]! - epochs[v - 1]!, `version ${v}`).toBe(wrote ? 1 : 0);
      }
    });
  }

  test('two versions with the same epoch read the same memory, line for line', () => {
    const t = preset('dual-step');
    const mem = t.world.memory;
    const lines = [...new Set([...mem.poc.keys(), ...mem.dirty.keys()])];
    const read = (v: number) =>
      lines.map((l) => `${mem.lineAt(l, v, 'coherent').join()}/${mem.lineAt(l, v, 'poc').join()}`);
    let compared = 0;
    for (let v = 1; v <= t.steps.length; v++)
      if (memoryEpoch(t, v) === memoryEpoch(t, v - 1)) {
        expect(read(v)).toEqual(read(v - 1));
        compared++;
      }
    // most steps write nothing: the reuse this enables is real
    expect(compared).toBeGreaterThan(t.steps.length / 2);
  });

  test('epochs counted elsewhere are taken as they are; a wrong length is refused', () => {
    const t = preset('dual-step');
    const counted = new Uint32Array(memoryEpochs(preset('dual-step')));
    adoptMemoryEpochs(t, counted);
    expect(memoryEpochs(t)).toBe(counted);
    expect(() => adoptMemoryEpochs(t, counted.subarray(1))).toThrow(RangeError);
  });
});
