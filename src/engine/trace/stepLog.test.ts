import { describe, expect, it } from 'vitest';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { packedLog, plainStep, StepLog } from './stepLog';
import type { MachineState } from './types';

/*
 * The packed trace must hold exactly what the plain recorder gives: every step's index, phase,
 * actor, CPU, title, explanation, source, changes (descriptors to the last bit), accesses,
 * instruction and state.
 */
const CASES: readonly [string, Record<string, unknown>][] = [
  ['dual-step', {}],
  ['bounce-page', {}],
  ['stale-tlb', {}],
  ['enomem', {}],
  ['single-step', {}],
  ['hotplug', {}],
  // the stress preset's kind of steps (a page mapped, a clean, a refcount), at 1/64 the size
  ['stress', { ramSize: 0x1000000 }],
];

describe('packed steps equal the plain recorder steps', () => {
  for (const [name, over] of CASES) {
    it(`${name}${Object.keys(over).length ? ' (smaller)' : ''}`, () => {
      const config = { ...presetConfig(findPreset(name)!), ...over };
      const plain = simulate(config, { plainSteps: true });
      const packed = simulate(config);
      expect(packedLog(packed.steps)).toBeDefined();
      expect(packedLog(plain.steps)).toBeUndefined();
      expect(packed.steps.length).toBe(plain.steps.length);
      expect(packed.steps.map(plainStep)).toEqual(plain.steps.map(plainStep));
      expect(packed.outcome).toEqual(plain.outcome);
      expect(packed.moments).toEqual(plain.moments);
    }, 60_000);
  }

  it('a log moved through structured cloning decodes the same steps', () => {
    const t = simulate(presetConfig(findPreset('hotplug')!));
    const log = packedLog(t.steps)!;
    const copy = StepLog.fromExport(structuredClone(log.exportLog()));
    expect(copy.length).toBe(t.steps.length);
    for (let i = 1; i <= t.steps.length; i++) {
      expect(copy.title(i)).toBe(t.steps[i - 1]!.title);
      expect(copy.changesOf(i)).toEqual(t.steps[i - 1]!.changes);
      expect(copy.meta(i)).toEqual(log.meta(i));
    }
  });

  it('64-bit descriptors survive to the last bit', () => {
    const log = new StepLog();
    const source = { file: 'f', func: 'g', listing: 'l', line: 0, text: 't' };
    const d = {
      kind: 'descriptor' as const,
      pgd: 'runtime' as const,
      level: 3 as const,
      index: 511,
      pa: 0x4_8000_0ff8, // above 4 GiB: LPAE output addresses are 40 bits
      before: 0xffff_ffff_ffff_ffffn,
      after: 0x00c0_0000_8032_0753n,
    };
    log.append(
      { phase: 'pl1-setup', actor: 'PL1', cpu: 0, why: 'w', source, title: 'é→x' },
      [d],
      [],
      null,
      { version: 1, cpus: [] } as unknown as MachineState,
    );
    expect(log.changesOf(1)).toEqual([d]);
    expect(log.title(1)).toBe('é→x');
  });
});
