import { alignTraces, type AlignedPair, type Alignment } from '../../engine/compare/align';
import { differencesAt, divergences, type Difference } from '../../engine/compare/diff';
import type { Config } from '../../engine/scenario/config';
import { estimateCost } from '../../engine/scenario/cost';
import type { Trace } from '../../engine/trace/types';

/*
 * What the compare view derives from a pair of traces, once per pair: the alignment, which
 * step each side shows at every aligned position (a side with no counterpart holds its last
 * step), and the aligned positions where the two sides differ.
 */

/** Above this many estimated steps a side is compared with the CLI's `diff`, not in the page. */
export const COMPARE_STEP_LIMIT = 60_000;

export function compareTooCostly(config: Config): number | null {
  try {
    const { steps } = estimateCost(config);
    return steps > COMPARE_STEP_LIMIT ? steps : null;
  } catch {
    return null;
  }
}

export interface ComparedPair {
  readonly left: Trace;
  readonly right: Trace;
  readonly alignment: Alignment;
  /** Per aligned position (0-based), the 1-based step each side shows (held when it has none). */
  readonly shownLeft: Int32Array;
  readonly shownRight: Int32Array;
  /**
   * Where "next difference" stops (0-based, in order): each step where what differs changes
   * (the engine's divergences, shared with the CLI's diff) and where a side starts to hold.
   */
  readonly starts: readonly number[];
  /** The first divergent position with a real difference (both sides present), or null. */
  readonly firstDifference: number | null;
}

function held(pairs: readonly AlignedPair[], side: 'left' | 'right'): Int32Array {
  const out = new Int32Array(pairs.length);
  let last = 1;
  pairs.forEach((p, i) => {
    const n = p[side];
    if (n !== null) last = n;
    out[i] = last;
  });
  return out;
}

const memo = new WeakMap<Trace, WeakMap<Trace, ComparedPair>>();

export function comparePair(left: Trace, right: Trace): ComparedPair {
  let inner = memo.get(left);
  if (!inner) memo.set(left, (inner = new WeakMap()));
  const hit = inner.get(right);
  if (hit) return hit;
  const alignment = alignTraces(left, right);
  const changes = divergences(left, right, alignment.pairs);
  const holds = alignment.pairs.flatMap((p, i) => {
    const heldHere = p.left === null || p.right === null;
    const prev = alignment.pairs[i - 1];
    const heldBefore = prev !== undefined && (prev.left === null || prev.right === null);
    return heldHere && !heldBefore ? [i] : [];
  });
  const starts = [...new Set([...changes.map((c) => c.position), ...holds])].sort((x, y) => x - y);
  const firstDifference = changes[0]?.position ?? null;
  const out: ComparedPair = {
    left,
    right,
    alignment,
    shownLeft: held(alignment.pairs, 'left'),
    shownRight: held(alignment.pairs, 'right'),
    starts,
    firstDifference,
  };
  inner.set(right, out);
  return out;
}

/** The differences at aligned position `pos` (0-based). */
export function differencesAtPosition(c: ComparedPair, pos: number): Difference[] {
  const p = c.alignment.pairs[pos];
  return p ? differencesAt(c.left, c.right, p) : [];
}

/** The start of the next (dir 1) or previous (dir -1) run of differences from `pos`, or null. */
export function nextDivergence(c: ComparedPair, pos: number, dir: 1 | -1): number | null {
  const starts = c.starts;
  if (dir > 0) return starts.find((p) => p > pos) ?? null;
  for (let i = starts.length - 1; i >= 0; i--) if (starts[i]! < pos) return starts[i]!;
  return null;
}

/** The aligned position (0-based) where a side's 1-based step shows, for moments and links. */
export { positionOfStep } from './comparedRegistry';
