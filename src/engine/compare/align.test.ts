import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { alignEvents, alignTraces, type AlignedPair } from './align';
import { differencesAt, divergences } from './diff';
import { lcsMatches } from './myers';

const ev = (text: string) =>
  text.split(' ').map((t) => {
    const [cpu, label] = t.split(':');
    return { cpu: Number(cpu), label: label! };
  });

const show = (pairs: readonly AlignedPair[]) =>
  pairs.map((p) => `${p.left ?? '-'}/${p.right ?? '-'}`).join(' ');

describe('alignEvents on hand-built streams', () => {
  test('identical streams match one to one', () => {
    const a = alignEvents(ev('0:a 0:b 0:c'), ev('0:a 0:b 0:c'));
    expect(show(a.pairs)).toBe('1/1 2/2 3/3');
    expect([a.matched, a.onlyLeft, a.onlyRight]).toEqual([3, 0, 0]);
  });
  test('an extra event on one side holds the other side (no counterpart)', () => {
    const a = alignEvents(ev('0:a 0:b 0:c'), ev('0:a 0:x 0:b 0:c'));
    expect(show(a.pairs)).toBe('1/1 -/2 2/3 3/4');
    expect([a.matched, a.onlyLeft, a.onlyRight]).toEqual([3, 0, 1]);
  });
  test('a replaced event is one left-only then one right-only step', () => {
    const a = alignEvents(ev('0:a 0:b 0:c'), ev('0:a 0:y 0:c'));
    expect(show(a.pairs)).toBe('1/1 2/- -/2 3/3');
  });
  test('the same label on another CPU is not a counterpart', () => {
    const a = alignEvents(ev('0:a 1:a 0:b'), ev('0:a 2:a 0:b'));
    expect(show(a.pairs)).toBe('1/1 2/- -/2 3/3');
  });
  test('a CPU only one side has never finds a counterpart', () => {
    const a = alignEvents(ev('0:a 3:a 3:b 0:b'), ev('0:a 0:b'));
    expect(a.pairs.filter((p) => p.left === 2 || p.left === 3).every((p) => p.right === null)).toBe(
      true,
    );
    expect(a.onlyLeft).toBe(2);
  });
  test('repeated labels (a loop) align in order, the longest common run wins', () => {
    const a = alignEvents(ev('0:m 0:m 0:m 0:c'), ev('0:m 0:c 0:m 0:m 0:c'));
    expect(a.matched).toBe(4);
  });
  test('empty sides', () => {
    expect(show(alignEvents([], ev('0:a')).pairs)).toBe('-/1');
    expect(alignEvents([], []).pairs).toEqual([]);
  });
});

/** The textbook LCS length by dynamic programming, for small inputs. */
function lcsLength(a: number[], b: number[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] =
        a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

describe('Myers LCS', () => {
  test('finds a longest common subsequence of matching, increasing pairs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }),
        (a, b) => {
          const m = lcsMatches(Int32Array.from(a), Int32Array.from(b));
          expect(m.length).toBe(lcsLength(a, b));
          for (let k = 0; k < m.length; k++) {
            const i = m.left[k]!;
            const j = m.right[k]!;
            expect(a[i]).toBe(b[j]);
            if (k) expect(i > m.left[k - 1]! && j > m.right[k - 1]!).toBe(true);
          }
        },
      ),
      { seed: 12, numRuns: 400 },
    );
  });
});

describe('Myers on long periodic streams (v3.10 set-pte, clean, ... vs v3.9 set-pte, ...)', () => {
  test('gives up the exact search within its work budget and still matches every common event', () => {
    const n = 200_000;
    const a = Int32Array.from({ length: 2 * n }, (_, i) => i % 2); // P C P C ...
    const b = new Int32Array(n); // P P P ...
    const m = lcsMatches(a, b);
    expect(m.length).toBe(n);
    let ok = true;
    for (let k = 0; k < m.length; k++) {
      const i = m.left[k]!;
      const j = m.right[k]!;
      ok &&= a[i] === b[j] && (k === 0 || (i > m.left[k - 1]! && j > m.right[k - 1]!));
    }
    expect(ok).toBe(true);
  });
});

const trace = (name: string, o = {}) => simulate({ ...presetConfig(findPreset(name)!), ...o });

describe('alignTraces on real pairs', () => {
  test('a trace against itself: every step matched, no differences', () => {
    const a = trace('dual-step');
    const al = alignTraces(a, trace('dual-step'));
    expect(al.matched).toBe(a.steps.length);
    expect(al.pairs.every((p) => differencesAt(a, a, p).length === 0)).toBe(true);
  });

  test('v3.9 single-step vs v3.10 dual-step: the first divergence is where v3.9 loads HTTBR with its one PGD and v3.10 with the boot PGD', () => {
    const v39 = trace('single-step');
    const v310 = trace('dual-step');
    const al = alignTraces(v39, v310);
    const first = al.pairs.findIndex((p) => differencesAt(v39, v310, p).length > 0);
    const pair = al.pairs[first]!;
    const left = v39.steps[pair.left! - 1]!;
    const right = v310.steps[pair.right! - 1]!;
    // on_each_cpu runs the init on CPU1 first; both sides are in __kvm_hyp_init
    expect(left.cpu).toBe(1);
    expect(right.cpu).toBe(1);
    expect(left.source.func).toBe('__kvm_hyp_init');
    const httbr = differencesAt(v39, v310, pair).find(
      (d) => d.kind === 'register' && d.name === 'HTTBR',
    );
    // v3.9: HTTBR = hyp_pgd, the one HYP PGD; v3.10 phase 1: HTTBR = boot_hyp_pgd
    expect(httbr).toMatchObject({
      left: v39.steps.at(-1)!.state.kernel.hypPgd,
      right: v310.steps.at(-1)!.state.kernel.bootPgd,
    });
    // the steps just before on each side, with no counterpart, are the two HTTBR writes (mcrr)
    const before = al.pairs.slice(0, first).reverse();
    const lastLeft = before.find((p) => p.left !== null && p.right === null)!;
    const lastRight = before.find((p) => p.right !== null && p.left === null)!;
    expect(v39.steps[lastLeft.left! - 1]!.instruction?.text).toMatch(/^mcrr p15, 4, r0, r1, c2/);
    expect(v310.steps[lastRight.right! - 1]!.instruction?.text).toMatch(/^mcrr p15, 4, r2, r3, c2/);
    // v3.10's later phase 2 (trampoline jump, TLBIALLH) has no counterpart in v3.9
    const jump = v310.steps.find((s) => s.instruction?.text.startsWith('mov pc, r0'))!;
    expect(al.pairs.find((p) => p.right === jump.index)!.left).toBeNull();
  });

  test('stale-tlb vs dual-step: the probe finds a TLB entry stale on the no-TLBIALLH side only', () => {
    const a = trace('stale-tlb');
    const b = trace('dual-step', { probeVa: 0x80320f00 });
    const al = alignTraces(a, b);
    const stale = al.pairs
      .flatMap((p) => differencesAt(a, b, p))
      .filter((d) => d.kind === 'stale-tlb');
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((d) => d.kind === 'stale-tlb' && d.side === 'left')).toBe(true);
    expect(stale.some((d) => d.kind === 'stale-tlb' && d.va === 0x80320000)).toBe(true);
  });

  test('bounce-page vs dual-step: the trampoline descriptors differ (bounce page vs kernel text page)', () => {
    const a = trace('dual-step');
    const b = trace('bounce-page');
    const al = alignTraces(a, b);
    const descs = al.pairs
      .flatMap((p) => differencesAt(a, b, p))
      .filter((d) => d.kind === 'descriptor');
    // L3 index 496 = (0xffff0000 >> 12) & 0x1ff: the trampoline page, in both PGDs
    const tramp = descs.filter((d) => d.kind === 'descriptor' && d.level === 3 && d.index === 496);
    expect(tramp.length).toBeGreaterThanOrEqual(2);
    expect(
      tramp.every(
        (d) => d.kind === 'descriptor' && d.left !== null && d.right !== null && d.left !== d.right,
      ),
    ).toBe(true);
  });

  test('an extra CPU is no-counterpart throughout', () => {
    const a = trace('dual-step');
    const b = trace('dual-step', { cpus: 3 });
    const al = alignTraces(a, b);
    const cpu2 = b.steps.filter((s) => s.cpu === 2).map((s) => s.index);
    expect(cpu2.length).toBeGreaterThan(0);
    for (const n of cpu2) expect(al.pairs.find((p) => p.right === n)!.left).toBeNull();
  });

  test('divergences mark where what differs changes; a lasting difference is not re-marked at every step', () => {
    const a = trace('single-step');
    const b = trace('dual-step');
    const { pairs } = alignTraces(a, b);
    const found = divergences(a, b, pairs);
    const nonEmpty = pairs.filter((p) => differencesAt(a, b, p).length > 0);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(nonEmpty.length);
    // every step that differs reports the same differences as the last divergence on its CPU
    const marked = new Set(found.map((f) => f.position));
    const lastOn = new Map<number, string>();
    pairs.forEach((p, i) => {
      if (p.left === null || p.right === null) return;
      const cpu = a.steps[p.left - 1]!.cpu;
      const d = JSON.stringify(differencesAt(a, b, p), (_, v: unknown) =>
        typeof v === 'bigint' ? v.toString(16) : v,
      );
      if (marked.has(i)) lastOn.set(cpu, d);
      else if (d !== '[]') expect(d).toBe(lastOn.get(cpu));
    });
  });
});
