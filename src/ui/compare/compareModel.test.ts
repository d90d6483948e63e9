import { describe, expect, it } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate } from '../../engine/simulate';
import { COMPARE_PAIRS } from './pairs';
import { sideOf } from './applyPair';
import {
  comparePair,
  differencesAtPosition,
  nextDivergence,
  positionOfStep,
  type ComparedPair,
} from './compareModel';

/** A comparison with only the fields the navigation reads. */
function fake(starts: number[], shownLeft: number[] = []): ComparedPair {
  return {
    starts,
    shownLeft: Int32Array.from(shownLeft),
    shownRight: Int32Array.from(shownLeft),
  } as unknown as ComparedPair;
}

describe('difference navigation', () => {
  it('jumps between the starts of runs of divergent positions', () => {
    const c = fake([3, 9, 12]);
    expect(nextDivergence(c, 0, 1)).toBe(3);
    expect(nextDivergence(c, 3, 1)).toBe(9); // inside a run, next is the next run
    expect(nextDivergence(c, 4, 1)).toBe(9);
    expect(nextDivergence(c, 12, 1)).toBeNull();
    expect(nextDivergence(c, 13, -1)).toBe(12);
    expect(nextDivergence(c, 12, -1)).toBe(9);
    expect(nextDivergence(c, 3, -1)).toBeNull();
  });
  it('finds the first aligned position that shows a given step', () => {
    // left holds step 2 over positions 1-3 (no counterpart at 2 and 3)
    const c = fake([], [1, 2, 2, 2, 3, 4]);
    expect(positionOfStep(c, 'left', 1)).toBe(0);
    expect(positionOfStep(c, 'left', 2)).toBe(1);
    expect(positionOfStep(c, 'left', 3)).toBe(4);
  });
});

describe('real pairs', () => {
  it('with vs without TLBIALLH: the skipped invalidation, then the stale entry, are separate stops', () => {
    const pair = COMPARE_PAIRS.find((p) => p.id === 'tlbi')!;
    const c = comparePair(simulate(sideOf(pair.left).config), simulate(sideOf(pair.right).config));
    const kinds = c.starts.map((p) => {
      const a = c.alignment.pairs[p]!;
      if (a.right === null) return 'left only';
      if (a.left === null) return 'right only';
      return differencesAtPosition(c, p)
        .map((d) => d.kind)
        .join();
    });
    // CPU1 (first up) skips TLBIALLH and is then left with a stale entry; CPU0 the same
    expect(kinds.slice(0, 2)).toEqual(['left only', 'stale-tlb']);
    expect(kinds.filter((k) => k === 'stale-tlb').length).toBeGreaterThanOrEqual(2);
  });
  it.each(COMPARE_PAIRS.map((p) => [p.id, p] as const))(
    '%s: every step of each side shows at exactly one present position, in order',
    (_id, pair) => {
      const left = simulate(sideOf(pair.left).config);
      const right = simulate(sideOf(pair.right).config);
      const c = comparePair(left, right);
      const present = (side: 'left' | 'right') =>
        c.alignment.pairs.map((p) => p[side]).filter((n): n is number => n !== null);
      expect(present('left')).toEqual(left.steps.map((s) => s.index));
      expect(present('right')).toEqual(right.steps.map((s) => s.index));
      // a held side shows its last step, never one from the future
      c.alignment.pairs.forEach((p, i) => {
        if (p.left !== null) expect(c.shownLeft[i]).toBe(p.left);
        else
          expect(c.shownLeft[i]).toBeLessThanOrEqual(
            c.shownLeft[Math.min(i + 1, c.shownLeft.length - 1)]!,
          );
      });
      expect(c.starts.length).toBeGreaterThan(0); // each pair changes something
      expect(comparePair(left, right)).toBe(c); // computed once per pair
      // every stop is held on a side or differs, in order
      for (const p of c.starts) {
        const a = c.alignment.pairs[p]!;
        if (a.left !== null && a.right !== null)
          expect(differencesAtPosition(c, p).length).toBeGreaterThan(0);
      }
      expect([...c.starts].sort((a, b) => a - b)).toEqual(c.starts);
    },
  );
  it('v3.9 vs v3.10: the boot PGD has no counterpart, the shared init steps line up', () => {
    const v39 = simulate(presetConfig(findPreset('single-step')!));
    const v310 = simulate(presetConfig(findPreset('dual-step')!));
    const c = comparePair(v39, v310);
    const at = (title: RegExp) =>
      c.alignment.pairs.find(
        (p) => p.right !== null && title.test(v310.steps[p.right - 1]!.title),
      )!;
    // v3.9 has one HYP PGD: allocating a second one is v3.10's alone
    expect(at(/^Allocate the boot PGD/).left).toBeNull();
    // both run the same stub HVC on CPU0: matched, one the counterpart of the other
    const matched = c.alignment.pairs.filter((p) => p.left !== null && p.right !== null);
    expect(matched.length).toBe(c.alignment.matched);
    for (const p of matched) {
      const l = v39.steps[p.left! - 1]!;
      const r = v310.steps[p.right! - 1]!;
      expect(l.cpu).toBe(r.cpu);
      expect(l.source.func).toBe(r.source.func);
    }
  });
});
