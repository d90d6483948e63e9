/**
 * An append-only map whose every value is kept per version (a "fat node" persistent map):
 * a step that changes one key records one value, and any earlier step still reads exactly
 * what it saw. This is how memory shares structure across the trace without copying frames.
 * Versions must be written in non-decreasing order; writing the current version again
 * replaces that version's value.
 */
/** One key's history: the versions it was written at, ascending, and the value each wrote. */
export interface Timeline<V> {
  versions: number[];
  values: V[];
}

/** Stores values as numbers (for instance, offsets into a pool of typed data). */
export interface ValueCodec<V> {
  encode(value: V): number;
  decode(stored: number): V;
  /** A stored number that was replaced (same key, same version) and is referred to no more. */
  release?(stored: number): void;
}

/** A key written once: most keys (a page's owner, a line of a fresh table) are never rewritten. */
export interface SingleValue<V> {
  v: number;
  x: V;
}
/** A key's history as stored: one value, or the versions and values in order. */
export type TimelineEntry<V> = Timeline<V> | SingleValue<V>;

const isSingle = <V>(e: TimelineEntry<V>): e is SingleValue<V> => !('versions' in e);

/**
 * Consecutive number keys first written at one version with one stored value (the kernel
 * text's pages at boot, a zeroed page's lines): one record rather than an entry per key.
 * `before` is how many keys outside runs were first written before it: keys() keeps the
 * first-write order. A key of a run written again gets an entry of its own that starts with
 * the run's value, and that entry wins.
 */
interface Run<V> {
  readonly first: number;
  last: number;
  readonly v: number;
  readonly x: V;
  readonly before: number;
}

export class VersionedMap<K, V> {
  /** Values as given, or as codec numbers when the map has a codec. */
  private readonly timelines = new Map<K, TimelineEntry<V>>();
  private latest = 0;
  private readonly codec: ValueCodec<V> | null;
  /** Runs by first key (for lookups) and in the order they began (for keys()); null: no runs. */
  private readonly runs: Run<V>[] | null;
  private readonly runOrder: Run<V>[] = [];
  /** The run that the next key may extend, and the last key first written outside a run. */
  private growing: Run<V> | null = null;
  private lastNew: { key: number; v: number; x: V } | null = null;
  /** Keys first written outside runs; values counted both in a run and in an own entry. */
  private plainKeys = 0;
  private overlap = 0;

  /** `runs`: store consecutive keys written alike as ranges (keys must then be numbers). */
  constructor(codec: ValueCodec<V> | null = null, options: { runs?: boolean } = {}) {
    this.codec = codec;
    this.runs = options.runs ? [] : null;
  }

  private encode(v: V): V {
    return this.codec ? (this.codec.encode(v) as V) : v;
  }

  /** The run holding `key`, if any. */
  private runOf(key: K): Run<V> | undefined {
    const runs = this.runs;
    if (!runs || !runs.length || typeof key !== 'number') return undefined;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = runs[mid]!;
      if (key < r.first) hi = mid - 1;
      else if (key > r.last) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /**
   * Places a key's first value (stored form) where it costs least: on the growing run, in a
   * new run with the key before it, or in an entry of its own.
   */
  private placeNew(key: K, x: V, version: number): void {
    const prev = this.lastNew;
    this.lastNew = null;
    if (this.runs && typeof key === 'number') {
      const g = this.growing;
      if (g && key === g.last + 1 && version === g.v && x === g.x && !this.runOf(key)) {
        g.last = key;
        return;
      }
      if (prev && key === prev.key + 1 && version === prev.v && x === prev.x) {
        // the key before was the last one entered in the map: taking it out keeps the order
        this.timelines.delete(prev.key as K);
        this.plainKeys--;
        const run: Run<V> = { first: prev.key, last: key, v: version, x, before: this.plainKeys };
        let at = this.runs.length;
        while (at > 0 && this.runs[at - 1]!.first > key) at--;
        this.runs.splice(at, 0, run);
        this.runOrder.push(run);
        this.growing = run;
        return;
      }
      this.lastNew = { key, v: version, x };
    }
    this.growing = null;
    this.timelines.set(key, { v: version, x });
    this.plainKeys++;
  }

  set(key: K, given: V, version: number): void {
    if (version < this.latest) throw new Error(`version ${version} written after ${this.latest}`);
    this.latest = version;
    const e = this.timelines.get(key);
    // a replaced value is released before the new one is stored, so its room can be reused
    if (!e) {
      const run = this.runOf(key);
      const x = this.encode(given);
      if (!run) return this.placeNew(key, x, version);
      // a key of a run written again: an entry of its own (the run's value is shared: kept)
      this.lastNew = null;
      this.growing = null;
      this.overlap++;
      this.timelines.set(
        key,
        run.v === version ? { v: version, x } : { versions: [run.v, version], values: [run.x, x] },
      );
      return;
    }
    this.lastNew = null;
    this.growing = null;
    if (isSingle(e)) {
      if (e.v === version) {
        this.codec?.release?.(e.x as number);
        e.x = this.encode(given);
      } else
        this.timelines.set(key, { versions: [e.v, version], values: [e.x, this.encode(given)] });
    } else {
      const last = e.versions.length - 1;
      if (e.versions[last] === version) {
        this.codec?.release?.(e.values[last] as number);
        e.values[last] = this.encode(given);
      } else {
        e.versions.push(version);
        e.values.push(this.encode(given));
      }
    }
  }

  /** The value at `version`, or undefined if the key had none yet. */
  get(key: K, version: number): V | undefined {
    const e = this.timelines.get(key);
    if (!e) {
      const run = this.runOf(key);
      if (!run || run.v > version) return undefined;
      return this.codec ? this.codec.decode(run.x as number) : run.x;
    }
    let v: V;
    if (isSingle(e)) {
      if (e.v > version) return undefined;
      v = e.x;
    } else {
      const vs = e.versions;
      let lo = 0;
      let hi = vs.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((vs[mid] as number) <= version) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return undefined;
      v = e.values[found] as V;
    }
    return this.codec ? this.codec.decode(v as number) : v;
  }

  /** True when `key` got a value exactly at `version`. */
  changedAt(key: K, version: number): boolean {
    const e = this.timelines.get(key);
    if (!e) return this.runOf(key)?.v === version;
    return isSingle(e) ? e.v === version : e.versions.includes(version);
  }

  /** Every key ever written, in first-write order. */
  keys(): IterableIterator<K> {
    return this.runOrder.length ? this.keysWithRuns() : this.timelines.keys();
  }

  private *keysWithRuns(): IterableIterator<K> {
    const order = this.runOrder;
    let plain = 0;
    let r = 0;
    for (const k of this.timelines.keys()) {
      if (this.runOf(k)) continue; // a run's key written again: it comes with its run
      while (r < order.length && order[r]!.before <= plain) yield* runKeys(order[r++]!);
      yield k;
      plain++;
    }
    while (r < order.length) yield* runKeys(order[r++]!);
  }

  /** How many (key, version) values are stored: a measure of what the trace keeps. */
  get size(): number {
    let n = -this.overlap;
    for (const e of this.timelines.values()) n += isSingle(e) ? 1 : e.versions.length;
    for (const r of this.runOrder) n += r.last - r.first + 1;
    return n;
  }

  /**
   * Every key with its history, for moving the map to another thread (see restoreTimelines).
   * Values are as stored: codec numbers when the map has a codec.
   */
  timelineEntries(): IterableIterator<[K, TimelineEntry<V>]> {
    return this.runOrder.length ? this.entriesWithRuns() : this.timelines.entries();
  }

  private *entriesWithRuns(): IterableIterator<[K, TimelineEntry<V>]> {
    for (const k of this.keysWithRuns()) {
      const e = this.timelines.get(k);
      if (e) yield [k, e];
      else {
        const run = this.runOf(k)!;
        yield [k, { v: run.v, x: run.x }];
      }
    }
  }

  /** Adds histories taken from timelineEntries() of another map (keys not yet present). */
  restoreTimelines(entries: Iterable<readonly [K, TimelineEntry<V>]>): void {
    for (const [k, e] of entries) {
      if (isSingle(e)) this.placeNew(k, e.x, e.v);
      else {
        this.lastNew = null;
        this.growing = null;
        this.timelines.set(k, e);
        this.plainKeys++;
      }
      const last = isSingle(e) ? e.v : e.versions[e.versions.length - 1];
      if (last !== undefined && last > this.latest) this.latest = last;
    }
  }
}

function* runKeys<K>(r: Run<unknown>): Generator<K> {
  for (let k = r.first; k <= r.last; k++) yield k as K;
}

/**
 * 64-byte memory lines kept in one growing Uint32Array rather than one typed array each (an
 * object per line version costs ~300 bytes; here 64). A line is stored once per distinct
 * object; reading gives a view into the pool. null is stored as -1 (a line cleaned away).
 */
export class LinePool implements ValueCodec<Readonly<Uint32Array> | null> {
  static readonly WORDS = 16;
  private words: Uint32Array<ArrayBuffer> = new Uint32Array(LinePool.WORDS * 256);
  private count = 0;
  private readonly known = new WeakMap<object, number>();
  // the view read last: writing it back (a clean moves a dirty line to the PoC) stores nothing
  private lastView: Readonly<Uint32Array> | null = null;
  private lastIndex = -1;

  encode(line: Readonly<Uint32Array> | null): number {
    if (line === null) return -1;
    const k = line === this.lastView ? this.lastIndex : this.known.get(line);
    if (k !== undefined && k >= 0) {
      // stored twice now (a clean moves a dirty line to the PoC): its room is never given back
      if (k === this.fresh) this.fresh = -1;
      return k;
    }
    const W = LinePool.WORDS;
    if ((this.count + 1) * W > this.words.length) {
      const next = new Uint32Array(Math.ceil(this.words.length * 1.5 + W));
      next.set(this.words.subarray(0, this.count * W));
      this.words = next;
      this.forgetViews();
    }
    this.words.set(line, this.count * W);
    this.known.set(line, this.count);
    this.lastEncoded = line;
    this.fresh = this.count;
    return this.count++;
  }

  /*
   * A 64-bit write is two 32-bit writes at one version: the first line is replaced at once.
   * The newest line, replaced, gives its slot back, so a pool holds one line per version.
   */
  private lastEncoded: Readonly<Uint32Array> | null = null;
  /** The newest slot while exactly one value refers to it, else -1. */
  private fresh = -1;
  release(stored: number): void {
    if (stored < 0 || stored !== this.fresh || stored !== this.count - 1 || !this.lastEncoded)
      return;
    this.fresh = -1;
    this.known.delete(this.lastEncoded);
    this.lastEncoded = null;
    if (this.lastIndex === stored) {
      this.lastView = null;
      this.lastIndex = -1;
    }
    const slot = stored & (LinePool.VIEWS - 1);
    if (this.viewIndex[slot] === stored) {
      this.viewIndex[slot] = -1;
      this.viewOf[slot] = undefined;
    }
    this.count--;
  }

  decode(stored: number): Readonly<Uint32Array> | null {
    if (stored < 0) return null;
    const slot = stored & (LinePool.VIEWS - 1);
    const W = LinePool.WORDS;
    const view =
      this.viewIndex[slot] === stored
        ? this.viewOf[slot]!
        : (this.viewOf[slot] = this.words.subarray(stored * W, stored * W + W));
    this.viewIndex[slot] = stored;
    this.lastView = view;
    this.lastIndex = stored;
    return view;
  }

  /*
   * Views handed out lately, by stored index modulo VIEWS: a page that walks the same tables
   * step after step reads the same lines, and a new view per read was most of what it allocated.
   * A view is dropped when its slot is given back (release) or the pool moves (growth, adopt).
   */
  private static readonly VIEWS = 512;
  private readonly viewOf: (Readonly<Uint32Array> | undefined)[] = new Array(LinePool.VIEWS);
  private readonly viewIndex = new Int32Array(LinePool.VIEWS).fill(-1);
  private forgetViews(): void {
    this.viewIndex.fill(-1);
    this.viewOf.fill(undefined);
  }

  /** The pool's lines (a trimmed copy), to move it to another thread. */
  exportWords(): Uint32Array<ArrayBuffer> {
    return this.words.slice(0, this.count * LinePool.WORDS);
  }

  /** Takes over lines exported by another pool (this one must be empty). */
  adopt(words: Uint32Array<ArrayBuffer>): void {
    if (this.count) throw new Error('LinePool.adopt on a pool in use');
    this.words = words;
    this.count = words.length / LinePool.WORDS;
    this.forgetViews();
  }
}
