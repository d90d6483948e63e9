import type { Config } from '../../engine/scenario/config';
import type { ComparedPair } from './compareModel';

/*
 * The store needs a comparison's length and positions while comparing, but the alignment code
 * (engine/compare) is the compare view's, loaded with it. The compare chunk provides its lookup
 * here when it loads; until then a comparison is as unknown as one still simulating.
 */
type PeekCompared = (left: Config, right: Config) => ComparedPair | undefined;

let peek: PeekCompared | null = null;

export function provideCompared(lookup: PeekCompared): void {
  peek = lookup;
}

/** The compared pair if the compare code is loaded and both traces are in, else undefined. */
export function comparedIfLoaded(left: Config, right: Config): ComparedPair | undefined {
  return peek?.(left, right);
}

/** The aligned position (0-based) where `side` first shows `step`. */
export function positionOfStep(c: ComparedPair, side: 'left' | 'right', step: number): number {
  const shown = side === 'left' ? c.shownLeft : c.shownRight;
  // shown is non-decreasing: the first position that reaches the step
  let lo = 0;
  let hi = shown.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (shown[mid]! < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
