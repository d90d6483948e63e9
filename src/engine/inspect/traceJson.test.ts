import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { stepsJson, stepToJson } from './traceJson';

describe('stepsJson', () => {
  test.each(['stale-tlb', 'hotplug', 'no-flush', 'vector-collision', 'single-step'])(
    '%s: TLB stale flags reused across steps equal a fresh walk at every step',
    (name) => {
      const t = simulate(presetConfig(findPreset(name)!));
      const streamed = [...stepsJson(t)];
      t.steps.forEach((s, i) => expect(streamed[i]!.tlb).toEqual(stepToJson(t, s).tlb));
    },
  );
  test('a range that starts late gives the same steps', () => {
    const t = simulate(presetConfig(findPreset('stale-tlb')!));
    const all = [...stepsJson(t)];
    expect([...stepsJson(t, { from: 150, to: t.steps.length })]).toEqual(all.slice(149));
  });
});
