import type { Step, Trace } from '../trace/types';
import { lcsMatches } from './myers';

/*
 * Aligns two traces on what both do: the same kernel function or instruction (its code,
 * without comments) on the same CPU, in order. A step whose label the other side never
 * reaches at that point has no counterpart; so does every step of a CPU only one side has.
 * Shared by the CLI's `diff` and the compare view.
 */

/** One aligned step: a step number (1-based) on each side, or null where that side holds. */
export interface AlignedPair {
  readonly left: number | null;
  readonly right: number | null;
}

export interface Alignment {
  readonly pairs: readonly AlignedPair[];
  readonly matched: number;
  readonly onlyLeft: number;
  readonly onlyRight: number;
}

/** The part of a step the alignment compares. */
export interface EventLike {
  readonly cpu: number;
  readonly label: string;
}

const labelCache = new WeakMap<object, string>();

/** Code text without its comment and spacing: v3.9 and v3.10 share lines whose notes differ. */
function codeOf(text: string): string {
  return text
    .replace(/\/\*.*?(\*\/|$)/g, '')
    .replace(/\s@.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A step's event label: function and code line (cached per shared source ref). */
export function stepEvent(s: Step): EventLike {
  let label = labelCache.get(s.source);
  if (label === undefined) {
    label = `${s.source.func}|${codeOf(s.source.text)}`;
    labelCache.set(s.source, label);
  }
  return { cpu: s.cpu, label: `${s.actor}|${label}` };
}

/** Aligns two event streams (hand-built in tests, steps of traces in use). */
export function alignEvents(a: readonly EventLike[], b: readonly EventLike[]): Alignment {
  const ids = new Map<string, number>();
  const intern = (e: EventLike) => {
    const key = `${e.cpu}#${e.label}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const ia = Int32Array.from(a, intern);
  const ib = Int32Array.from(b, intern);
  return fromMatches(lcsMatches(ia, ib), a.length, b.length);
}

export function alignTraces(a: Trace, b: Trace): Alignment {
  return alignEvents(a.steps.map(stepEvent), b.steps.map(stepEvent));
}

/** Interleaves unmatched runs between matches: left-only steps first, then right-only. */
function fromMatches(
  matches: ReadonlyArray<readonly [number, number]>,
  n: number,
  m: number,
): Alignment {
  const pairs: AlignedPair[] = [];
  let i = 0;
  let j = 0;
  const flush = (ti: number, tj: number) => {
    while (i < ti) pairs.push({ left: ++i, right: null });
    while (j < tj) pairs.push({ left: null, right: ++j });
  };
  for (const [x, y] of matches) {
    flush(x, y);
    pairs.push({ left: ++i, right: ++j });
  }
  flush(n, m);
  return {
    pairs,
    matched: matches.length,
    onlyLeft: n - matches.length,
    onlyRight: m - matches.length,
  };
}
