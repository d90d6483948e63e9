import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Config } from '../scenario/config';
import { PRESETS } from '../scenario/presets';
import { simulate } from '../simulate';
import { configArb } from '../test/configArb';
import { digestConfig } from '../test/fixtures/makeTraceDigests';
import { canonicalJson } from '../test/traceDigest';
import { packedLog, PackedStep, plainStep, StepLog } from './stepLog';
import type { MachineState, Step, Trace } from './types';

/*
 * The packed trace must show exactly what the plain recorder gives (the reference, recorded
 * with no packing at all): every step's index, phase, actor, CPU, title, explanation, source,
 * changes (descriptors to the last bit), accesses with their walks, instruction and state,
 * with the same keys in the same order, whatever order the steps are read in.
 */

/** Steps read in `order` (0-based positions), each compared with the plain step as JSON. */
function expectSameSteps(packed: readonly Step[], plain: readonly Step[], order: number[]): void {
  expect(packed.length).toBe(plain.length);
  for (const i of order) {
    const got = plainStep(packed[i]!);
    const want = plainStep(plain[i]!);
    // the JSON keeps key order and bigints; toEqual names the field when they differ
    if (canonicalJson(got) !== canonicalJson(want)) expect(got).toEqual(want);
    expect(canonicalJson(got)).toBe(canonicalJson(want));
  }
}

/** Positions 0..n-1 shuffled by a fixed LCG: reads that jump about, away from any cache. */
function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function comparePackedWithPlain(config: Config): Trace {
  const plain = simulate(config, { plainSteps: true });
  expect(packedLog(plain.steps)).toBeUndefined();
  const n = plain.steps.length;
  const forward = simulate(config);
  expect(packedLog(forward.steps)).toBeDefined();
  expectSameSteps(forward.steps, plain.steps, [...Array(n).keys()]);
  expectSameSteps(simulate(config).steps, plain.steps, shuffled(n, n));
  const backward = simulate(config);
  expectSameSteps(backward.steps, plain.steps, [...Array(n).keys()].reverse());
  expect(forward.outcome).toEqual(plain.outcome);
  expect(forward.moments).toEqual(plain.moments);
  return forward;
}

describe('packed steps equal the plain recorder steps', () => {
  // every preset; stress at 1/64 of its RAM (the same kinds of steps: a page mapped, a clean, a refcount)
  for (const p of PRESETS)
    it(`${p.name}${p.name === 'stress' ? ' (smaller)' : ''}`, () => {
      comparePackedWithPlain(digestConfig(p.name));
    }, 60_000);

  it('property: any valid config packs to the steps the plain recorder gives', () => {
    fc.assert(
      fc.property(configArb, (c) => {
        comparePackedWithPlain(c);
      }),
      { seed: 20261202, numRuns: 25 },
    );
  }, 240_000);
});

describe('what the packed log keeps', () => {
  // kept whole: the rare changes with strings of their own; every frequent kind is packed
  const RARE = new Set([
    'alloc',
    'alloc-failed',
    'free',
    'memory',
    'kernel-var',
    'exception',
    'message',
    'tlb-invalidate',
  ]);
  it.each(PRESETS.map((p) => p.name))(
    '%s: accesses, walks, instructions and frequent changes are packed',
    (name) => {
      const t = simulate(digestConfig(name));
      const log = packedLog(t.steps)!;
      for (const s of t.steps)
        for (const v of log.keptWhole(s.index)) {
          expect(v).toHaveProperty('kind');
          expect(RARE.has((v as { kind: string }).kind)).toBe(true);
        }
      // CPU states: a keyframe every 32 values of a CPU at most, deltas between
      const states = log.exportLog().states;
      expect(states.keyframes.length).toBeLessThanOrEqual(
        Math.ceil(states.valueKey.length / 32) + t.config.cpus,
      );
    },
  );

  it('reading a step twice gives the same state, accesses and instruction', () => {
    const t = simulate(digestConfig('dual-step'));
    const s = t.steps.find((x) => x.accesses.some((a) => a.walk))!;
    const first = [s.state, s.state.cpus[s.cpu], s.accesses, s.instruction];
    const again = [s.state, s.state.cpus[s.cpu], s.accesses, s.instruction];
    again.forEach((v, i) => expect(v).toBe(first[i]));
    // neighbours share what did not change between them, as the recorder's states did
    const next = t.steps[s.index]!;
    const other = 1 - s.cpu;
    if (next.cpu === s.cpu && t.config.cpus > 1)
      expect(next.state.cpus[other]).toBe(s.state.cpus[other]);
  });

  it('a deep-frozen run decodes frozen values', () => {
    const t = simulate(digestConfig('hotplug'), { freezeSteps: true });
    for (const s of t.steps) {
      expect(Object.isFrozen(s.state)).toBe(true);
      for (const c of s.state.cpus) {
        expect(Object.isFrozen(c)).toBe(true);
        expect(Object.isFrozen(c.r)).toBe(true);
      }
      expect(Object.isFrozen(s.accesses)).toBe(true);
      for (const a of s.accesses) expect(Object.isFrozen(a)).toBe(true);
      if (s.instruction) expect(Object.isFrozen(s.instruction)).toBe(true);
    }
  });
});

describe('moving a log to another thread', () => {
  it.each(['hotplug', 'stale-tlb', 'no-flush-noncoherent'])(
    '%s: a log moved through structured cloning decodes the same steps',
    (name) => {
      const t = simulate(digestConfig(name));
      const log = packedLog(t.steps)!;
      const copy = StepLog.fromExport(structuredClone(log.exportLog()));
      expect(copy.length).toBe(t.steps.length);
      const steps = t.steps.map((_, i) => new PackedStep(copy, i + 1));
      expectSameSteps(steps, t.steps, shuffled(steps.length, 7));
    },
  );

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

  it('values of an unusual shape are kept whole and read back as they were', () => {
    const log = new StepLog();
    const source = { file: 'f', func: 'g', listing: 'l', line: 0, text: 't' };
    const odd = {
      kind: 'register' as const,
      cpu: 0,
      name: 'r0',
      after: '0x1', // keys in another order, and not 8 hex digits
      before: 'x',
    };
    const access = {
      type: 'read' as const,
      va: -0,
      mmu: false,
      tlb: 'off' as const,
      tlbIndex: null,
      tlbEntry: null,
      walk: null,
      pa: Number.NaN,
      fault: null,
      observer: 'poc' as const,
      value: 2 ** 52 + 1,
    };
    const extra = { ...access, note: 'a field the packer does not know' };
    log.append(
      { phase: 'hyp-phase1', actor: 'HYP', cpu: 0, why: 'w', source, title: 't' },
      [odd],
      [access, extra],
      { pc: 4, word: 0xe320f000, text: 'nop', executed: false },
      { version: 1, cpus: [] } as unknown as MachineState,
    );
    expect(log.changesOf(1)).toEqual([odd]);
    expect(canonicalJson(log.accessesOf(1))).toBe(canonicalJson([access, extra]));
    expect(Object.is(log.accessesOf(1)[0]!.va, -0)).toBe(true);
    expect(log.keptWhole(1)).toEqual([odd, extra]);
  });
});
