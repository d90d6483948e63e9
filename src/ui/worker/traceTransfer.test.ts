import { describe, expect, it } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate, traceListings } from '../../engine/simulate';
import { findStepByKey, stepKey } from '../../engine/trace/stepIdentity';
import { plainStep } from '../../engine/trace/stepLog';
import type { Trace } from '../../engine/trace/types';
import { outcomeFault } from '../model/faultWords';
import { timelineBands } from '../model/timelineBands';
import { TraceAssembler, traceParts } from './traceTransfer';

/** What the page gets: every part through structured cloning, as postMessage does. */
function moved(trace: Trace): Trace {
  const a = new TraceAssembler();
  for (const part of traceParts(trace)) a.add(structuredClone(part));
  return a.finish();
}

const LINE = 64;

describe('a trace moved from the worker to the page', () => {
  for (const name of ['dual-step', 'bounce-page', 'hotplug', 'single-step']) {
    it(`${name}: the same steps, memory, refcounts, owners and listings`, () => {
      const preset = findPreset(name);
      expect(preset, name).toBeDefined();
      const t = simulate(presetConfig(preset!));
      const m = moved(t);
      expect(m.steps.length).toBe(t.steps.length);
      expect(m.steps.map(plainStep)).toEqual(t.steps.map(plainStep));
      expect(m.initial).toEqual(t.initial);
      expect(m.outcome).toEqual(t.outcome);
      expect(m.moments).toEqual(t.moments);
      expect(m.layout).toEqual(t.layout);
      expect(traceListings(m)).toEqual(traceListings(t));
      expect([...m.world.codeAt]).toEqual([...t.world.codeAt]);
      // every written line, and the never-written kernel text, read alike at every 7th version
      const lines = new Set([...t.world.memory.poc.keys(), ...t.world.memory.dirty.keys()]);
      lines.add(t.layout.kernelStart / LINE + 3);
      lines.add(t.layout.slab4kPa / LINE);
      const pages = new Set([...t.world.owners.keys(), ...t.world.pageCount.keys()]);
      const reads = (x: Trace): unknown[] => {
        const out: unknown[] = [];
        for (let v = 0; v <= x.steps.length; v += 7) {
          for (const line of lines)
            for (const obs of ['coherent', 'poc'] as const)
              out.push(Array.from(x.world.memory.lineAt(line, v, obs)).join());
          for (const p of pages) out.push(x.world.owners.get(p, v), x.world.pageCount.get(p, v));
        }
        return out;
      };
      expect(reads(m)).toEqual(reads(t));
    });
  }

  it("keeps every step's stable key, counted in the worker and not again on the page", () => {
    const config = presetConfig(findPreset('hotplug')!);
    const m = moved(simulate(config));
    // a second simulation of the same config: its keys are counted here, from scratch
    const fresh = simulate(config);
    const keys = (t: Trace) => t.steps.map((s) => stepKey(t, s.index));
    expect(keys(m)).toEqual(keys(fresh));
    const last = fresh.steps.length;
    expect(findStepByKey(m, stepKey(fresh, last))).toBe(last);
  });

  it('keeps the timeline bands and the outcome syndrome worked out in the worker', () => {
    const config = presetConfig(findPreset('no-flush-noncoherent')!);
    const m = moved(simulate(config));
    const fresh = simulate(config);
    expect(outcomeFault(m)).toEqual({
      step: 103,
      text: 'prefetch abort, translation fault, level 1 at 0x8032_0fa0',
    });
    expect(outcomeFault(m)).toEqual(outcomeFault(fresh));
    expect(timelineBands(m)).toEqual(timelineBands(fresh));
    expect(timelineBands(m).map((b) => b.short)).toContain('PL1');
    // and the page does not look for them again: the adopted values are what it returns
    const wrong = { step: 1, text: 'not searched again' };
    const a = new TraceAssembler();
    for (const part of traceParts(fresh))
      a.add(part.kind === 'identity' ? { ...part, fault: wrong, bands: [] } : part);
    const adopted = a.finish();
    expect(outcomeFault(adopted)).toBe(wrong);
    expect(timelineBands(adopted)).toEqual([]);
  });

  it('a transfer that lost a part is refused, not shown short', () => {
    const t = simulate(presetConfig(findPreset('dual-step')!));
    const a = new TraceAssembler();
    for (const part of traceParts(t)) if (part.kind !== 'views') a.add(part);
    expect(() => a.finish()).toThrow(/got 0 of \d+ steps/);
  });
});
