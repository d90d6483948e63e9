import { beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../scenario/config';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { adoptStepOccurrences, findStepByKey, stepKey, stepOccurrences } from './stepIdentity';
import type { KeyMoment, Trace } from './types';

const preset = (name: string) => simulate(presetConfig(findPreset(name)!));
const moment = (t: Trace, cpu: number, kind: KeyMoment['kind']) =>
  t.moments.find((m) => m.cpu === cpu && m.kind === kind)!.step;

describe('stable step identity', () => {
  // simulated in beforeAll, not while the module is collected (per-test coverage, issue 13)
  let t: Trace;
  beforeAll(() => {
    t = simulate(DEFAULT_CONFIG);
  });

  test('every step of the default trace has its own key, and the key finds it again', () => {
    const keys = t.steps.map((s) => stepKey(t, s.index));
    expect(new Set(keys).size).toBe(t.steps.length);
    for (const s of t.steps) expect(findStepByKey(t, keys[s.index - 1]!)).toBe(s.index);
  });

  test('a key names the CPU, the kind of step and the listing, and is URL-safe', () => {
    const key = stepKey(t, moment(t, 0, 'httbr-switch'));
    expect(key).toMatch(/^0_i_init\.S_[0-9a-z]+_0$/);
    expect(encodeURIComponent(key)).toBe(key);
    expect(stepKey(t, 1)).toMatch(/^0_k_kvm_mmu_init_[0-9a-z]+_0$/);
  });

  test('the same event keeps its key when steps are added before it (bounce page copies add PL1 steps)', () => {
    const b = preset('bounce-page');
    for (const cpu of [0, 1])
      for (const kind of ['mmu-on', 'httbr-switch', 'tlbiallh', 'return-svc'] as const) {
        const here = moment(t, cpu, kind);
        const there = moment(b, cpu, kind);
        expect(there).not.toBe(here);
        expect(findStepByKey(b, stepKey(t, here))).toBe(there);
      }
  });

  test('an event the other trace does not have is not found: TLBIALLH when the what-if skips it', () => {
    const s = preset('stale-tlb');
    expect(findStepByKey(s, stepKey(t, moment(t, 0, 'tlbiallh')))).toBeNull();
  });

  test('bad keys and steps', () => {
    expect(findStepByKey(t, '')).toBeNull();
    expect(findStepByKey(t, 'junk')).toBeNull();
    expect(findStepByKey(t, '9_i_init.S_abc_0')).toBeNull();
    expect(() => stepKey(t, 0)).toThrow(RangeError);
    expect(() => stepKey(t, t.steps.length + 1)).toThrow(RangeError);
  });
});

describe('occurrences are counted lazily, and can be moved with a trace', () => {
  test('a late step asked first, or an early one, gives the keys of a full pass', () => {
    const full = simulate(DEFAULT_CONFIG);
    const all = full.steps.map((s) => stepKey(full, s.index));
    const lateFirst = simulate(DEFAULT_CONFIG);
    const n = lateFirst.steps.length;
    expect(stepKey(lateFirst, n)).toBe(all[n - 1]);
    expect(stepKey(lateFirst, 1)).toBe(all[0]);
    const earlyFirst = simulate(DEFAULT_CONFIG);
    expect(stepKey(earlyFirst, 2)).toBe(all[1]);
    expect(stepKey(earlyFirst, n)).toBe(all[n - 1]);
  });

  test('adopted counts give the same keys, and counts of another length are refused', () => {
    const made = simulate(DEFAULT_CONFIG);
    const counts = new Uint32Array(stepOccurrences(made));
    const page = simulate(DEFAULT_CONFIG);
    adoptStepOccurrences(page, counts);
    for (const s of made.steps) expect(stepKey(page, s.index)).toBe(stepKey(made, s.index));
    expect(() => adoptStepOccurrences(page, counts.subarray(1))).toThrow(RangeError);
  });
});
