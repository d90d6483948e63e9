import type { Step, Trace } from './types';

/*
 * A step's identity that survives changes elsewhere in the trace (a fix that adds or removes
 * steps before it): which CPU, what kind of step, which source line (by its text, not its
 * number), and how many earlier steps of the same CPU had that same identity.
 *
 *   key = CPU _ kind _ listing id _ hash of the line's text _ occurrence
 *   e.g. "1_i_init.S_1x4kq2a_0": CPU1's first execution of that init.S line.
 *
 * kind: "i" an instruction HYP executed, "x" a HYP event without one (an exception entry),
 * "k" a kernel (PL1) step. The listing id may itself contain "_", so it is the middle field.
 * Nothing is stored per step: occurrences are counted in one lazy, resumable pass per trace
 * into a typed array (or made in the worker and moved with the trace), and a key is looked up
 * by a scan that hashes each source line once.
 */

type Kind = 'i' | 'x' | 'k';

function kindOf(s: Step): Kind {
  if (s.actor !== 'HYP') return 'k';
  return s.instruction ? 'i' : 'x';
}

/** FNV-1a, 32 bits, in base 36: short, deterministic, URL-safe. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Per trace: small integer ids for each (listing, line) and the hash of each line's text. */
interface LineIds {
  readonly ids: Map<string, Map<number, number>>;
  /** One id per distinct text hash: two lines with the same text share an id (and a count). */
  readonly byHash: Map<string, number>;
  readonly hashes: string[];
}

function lineId(t: LineIds, s: Step): number {
  let byLine = t.ids.get(s.source.listing);
  if (!byLine) t.ids.set(s.source.listing, (byLine = new Map()));
  let id = byLine.get(s.source.line);
  if (id === undefined) {
    const h = hashText(`${s.source.listing}|${s.source.func}|${s.source.text}`);
    id = t.byHash.get(h);
    if (id === undefined) {
      id = t.hashes.length;
      t.hashes.push(h);
      t.byHash.set(h, id);
    }
    byLine.set(s.source.line, id);
  }
  return id;
}

interface Index {
  readonly lines: LineIds;
  /** occurrence[i] for steps[i] (0-based array position), filled up to `upTo` (exclusive). */
  readonly occurrence: Uint32Array;
  upTo: number;
  /** Counts so far, keyed by (line id, kind, cpu) packed in a number: no string per step. */
  readonly counts: Map<number, number>;
}

const indexes = new WeakMap<Trace, Index>();
const KIND_NO = { i: 0, x: 1, k: 2 } as const;

/** The signature two steps share when they differ only by occurrence. */
function signature(lines: LineIds, s: Step): string {
  const id = lineId(lines, s);
  return `${s.cpu}_${kindOf(s)}_${s.source.listing}_${lines.hashes[id]!}`;
}

function indexOf(trace: Trace): Index {
  let ix = indexes.get(trace);
  if (!ix) {
    const lines: LineIds = { ids: new Map(), byHash: new Map(), hashes: [] };
    ix = { lines, occurrence: new Uint32Array(trace.steps.length), upTo: 0, counts: new Map() };
    indexes.set(trace, ix);
  }
  return ix;
}

/**
 * Counts occurrences up to step position `end` (exclusive). Lazy and resumable: a key of an
 * early step never pays for the whole of a long trace.
 */
function countUpTo(trace: Trace, ix: Index, end: number): void {
  for (let i = ix.upTo; i < end; i++) {
    const s = trace.steps[i]!;
    const sig = (lineId(ix.lines, s) * 4 + KIND_NO[kindOf(s)]) * 4096 + s.cpu;
    const n = ix.counts.get(sig) ?? 0;
    ix.occurrence[i] = n;
    ix.counts.set(sig, n + 1);
  }
  ix.upTo = Math.max(ix.upTo, end);
}

/**
 * Every step's occurrence count, computed where the trace was made (the simulation worker),
 * so the page that receives the trace need not scan it again.
 */
export function stepOccurrences(trace: Trace): Uint32Array {
  const ix = indexOf(trace);
  countUpTo(trace, ix, trace.steps.length);
  return ix.occurrence;
}

/** Takes occurrence counts made by stepOccurrences for the same steps (a transferred trace). */
export function adoptStepOccurrences(trace: Trace, occurrence: Uint32Array): void {
  if (occurrence.length !== trace.steps.length)
    throw new RangeError(`${occurrence.length} occurrence counts for ${trace.steps.length} steps`);
  const lines: LineIds = { ids: new Map(), byHash: new Map(), hashes: [] };
  // complete: no step is counted again, so the running counts are never needed
  indexes.set(trace, { lines, occurrence, upTo: occurrence.length, counts: new Map() });
}

/** The stable key of step `step` (1-based, as Step.index); throws when out of range. */
export function stepKey(trace: Trace, step: number): string {
  const s = trace.steps[step - 1];
  if (!Number.isInteger(step) || !s) throw new RangeError(`no step ${step}`);
  const ix = indexOf(trace);
  countUpTo(trace, ix, step);
  return `${signature(ix.lines, s)}_${ix.occurrence[step - 1]!}`;
}

/** The step (1-based) whose key is `key`, or null when this trace has no such event. */
export function findStepByKey(trace: Trace, key: string): number | null {
  const m = /^(\d+)_([ixk])_(.+)_([0-9a-z]+)_(\d+)$/.exec(key);
  if (!m) return null;
  const cpu = Number(m[1]);
  const kind = m[2] as Kind;
  const want = Number(m[5]);
  const ix = indexOf(trace);
  countUpTo(trace, ix, trace.steps.length);
  for (let i = 0; i < trace.steps.length; i++) {
    if (ix.occurrence[i] !== want) continue;
    const s = trace.steps[i]!;
    if (
      s.cpu === cpu &&
      s.source.listing === m[3] &&
      kindOf(s) === kind &&
      ix.lines.hashes[lineId(ix.lines, s)] === m[4]
    )
      return i + 1;
  }
  return null;
}
