import type { Step, Trace } from '../trace/types';
import { lcsMatches, type MatchList } from './myers';

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

const codeCache = new WeakMap<object, string>();

/** Code text without its comment and spacing: v3.9 and v3.10 share lines whose notes differ. */
function codeOf(text: string): string {
  return text
    .replace(/\/\*.*?(\*\/|$)/g, '')
    .replace(/\s@.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A step's code label: actor, function and code line (the code cached per source ref). */
function codeLabel(s: Step): string {
  let code = codeCache.get(s.source);
  if (code === undefined) {
    code = `${s.source.func}|${codeOf(s.source.text)}`;
    codeCache.set(s.source, code);
  }
  return `${s.actor}|${code}`;
}

/** A step's event: its CPU and code label. */
export function stepEvent(s: Step): EventLike {
  return { cpu: s.cpu, label: codeLabel(s) };
}

/** Labels interned to ints: equal ints mean the same event on the same CPU. */
class Interner {
  private readonly ids = new Map<string, number>();
  private readonly bySource = new Map<object, number[]>();
  private readonly cpus = new Map<number, number>();
  label(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) this.ids.set(label, (id = this.ids.size));
    return id;
  }
  cpu(cpu: number): number {
    let id = this.cpus.get(cpu);
    if (id === undefined) this.cpus.set(cpu, (id = this.cpus.size));
    return id;
  }
  event(cpu: number, labelId: number): number {
    // distinct (cpu, label) pairs stay distinct: at most 64 CPUs per pair of traces
    return labelId * 64 + this.cpu(cpu);
  }
  /** Steps share source refs, so a trace of 390,000 steps builds a few hundred strings. */
  step(s: Step): number {
    let ids = this.bySource.get(s.source);
    if (!ids) this.bySource.set(s.source, (ids = [-1, -1]));
    const k = s.actor === 'HYP' ? 1 : 0;
    if (ids[k]! < 0) ids[k] = this.label(codeLabel(s));
    return this.event(s.cpu, ids[k]!);
  }
}

/** Aligns two event streams (hand-built in tests, steps of traces in use). */
export function alignEvents(a: readonly EventLike[], b: readonly EventLike[]): Alignment {
  const names = new Interner();
  const id = (e: EventLike) => names.event(e.cpu, names.label(e.label));
  return fromMatches(
    lcsMatches(Int32Array.from(a, id), Int32Array.from(b, id)),
    a.length,
    b.length,
  );
}

export function alignTraces(a: Trace, b: Trace): Alignment {
  const names = new Interner();
  const ids = (t: Trace) => {
    const out = new Int32Array(t.steps.length);
    for (let i = 0; i < out.length; i++) out[i] = names.step(t.steps[i]!);
    return out;
  };
  return fromMatches(lcsMatches(ids(a), ids(b)), a.steps.length, b.steps.length);
}

/** Interleaves unmatched runs between matches: left-only steps first, then right-only. */
function fromMatches(matches: MatchList, n: number, m: number): Alignment {
  const pairs: AlignedPair[] = [];
  let i = 0;
  let j = 0;
  const flush = (ti: number, tj: number) => {
    while (i < ti) pairs.push({ left: ++i, right: null });
    while (j < tj) pairs.push({ left: null, right: ++j });
  };
  for (let k = 0; k < matches.length; k++) {
    flush(matches.left[k]!, matches.right[k]!);
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
