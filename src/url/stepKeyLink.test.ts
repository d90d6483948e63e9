import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../engine/scenario/presets';
import { simulate } from '../engine/simulate';
import { decodeUrlState, encodeUrlState } from './codec';
import { resolveStepKey } from './resolveStepKey';
import { findStepByKey, stepKey } from './stepIdentity';

const traceOf = (name: string) => simulate(presetConfig(findPreset(name)!));
const dual = traceOf('dual-step');
const bounce = traceOf('bounce-page');

/** The step whose instruction writes HTTBR for the second time on a CPU (the switch to runtime). */
function httbrSwitch(t: typeof dual, cpu: number): number {
  const s = t.steps.filter((x) => x.cpu === cpu && /^mcrr/.test(x.instruction?.text ?? ''))[1]!;
  return s.index;
}

describe('sid and moments in the link', () => {
  test('encoded beside step and after the view, decoded back', () => {
    const state = {
      preset: 'dual-step',
      config: presetConfig(findPreset('dual-step')!),
      step: 9,
      view: 'presenter' as const,
      fingerprint: null,
      stepKey: 'c1.init.12.0',
      momentsOnly: true,
    };
    const url = encodeUrlState(state);
    expect(url).toBe('?v=1&preset=dual-step&step=9&sid=c1.init.12.0&view=presenter&moments=1');
    expect(decodeUrlState(url)).toEqual({ state, messages: [] });
  });
  test('a malformed sid or moments value is named and ignored', () => {
    const r = decodeUrlState('?step=3&sid=%01bad&moments=yes');
    expect(r.messages.join('\n')).toMatch(/step identity/);
    expect(r.messages.join('\n')).toMatch(/moments=yes/);
    expect(r.state.stepKey).toBeUndefined();
    expect(r.state.momentsOnly).toBeUndefined();
  });
});

describe('stable step identity', () => {
  test('every step of a trace has a distinct key that finds it again', () => {
    const keys = new Set(dual.steps.map((s) => stepKey(dual, s.index)));
    expect(keys.size).toBe(dual.steps.length);
    for (const i of [1, 60, 115, dual.steps.length])
      expect(findStepByKey(dual, stepKey(dual, i))).toBe(i);
  });
  test('a link to the HTTBR switch lands on the same event when the steps have moved', () => {
    // bounce-page runs the same init with a few more PL1 steps first: the numbers shift
    const from = httbrSwitch(dual, 1);
    const to = httbrSwitch(bounce, 1);
    expect(to).not.toBe(from);
    const r = resolveStepKey(bounce, from, stepKey(dual, from));
    expect(r).toMatchObject({ kind: 'moved', step: to });
    if (r.kind === 'moved')
      expect(r.message).toMatch(new RegExp(`step ${from} .* is now step ${to}`));
    expect(bounce.steps[to - 1]!.instruction?.text).toMatch(/^mcrr/);
  });
  test('the same event at the same number is simply that step; a gone event falls back to the number', () => {
    expect(resolveStepKey(dual, 40, stepKey(dual, 40))).toEqual({ kind: 'same', step: 40 });
    const gone = resolveStepKey(dual, 40, 'c7.nowhere.0.0');
    expect(gone.kind).toBe('gone');
    if (gone.kind === 'gone') expect(gone.message).toMatch(/showing step 40 by its number/);
  });
});
