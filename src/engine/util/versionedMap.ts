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

export class VersionedMap<K, V> {
  /** Values as given, or as codec numbers when the map has a codec. */
  private readonly timelines = new Map<K, TimelineEntry<V>>();
  private latest = 0;
  private readonly codec: ValueCodec<V> | null;

  constructor(codec: ValueCodec<V> | null = null) {
    this.codec = codec;
  }

  private encode(v: V): V {
    return this.codec ? (this.codec.encode(v) as V) : v;
  }

  set(key: K, given: V, version: number): void {
    if (version < this.latest) throw new Error(`version ${version} written after ${this.latest}`);
    this.latest = version;
    const e = this.timelines.get(key);
    // a replaced value is released before the new one is stored, so its room can be reused
    if (!e) this.timelines.set(key, { v: version, x: this.encode(given) });
    else if (isSingle(e)) {
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
    if (!e) return undefined;
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
    if (!e) return false;
    return isSingle(e) ? e.v === version : e.versions.includes(version);
  }

  /** Every key ever written, in first-write order. */
  keys(): IterableIterator<K> {
    return this.timelines.keys();
  }

  /** How many (key, version) values are stored: a measure of what the trace keeps. */
  get size(): number {
    let n = 0;
    for (const e of this.timelines.values()) n += isSingle(e) ? 1 : e.versions.length;
    return n;
  }

  /**
   * Every key with its history, for moving the map to another thread (see restoreTimelines).
   * Values are as stored: codec numbers when the map has a codec.
   */
  timelineEntries(): IterableIterator<[K, TimelineEntry<V>]> {
    return this.timelines.entries();
  }

  /** Adds histories taken from timelineEntries() of another map (keys not yet present). */
  restoreTimelines(entries: Iterable<readonly [K, TimelineEntry<V>]>): void {
    for (const [k, e] of entries) {
      this.timelines.set(k, e);
      const last = isSingle(e) ? e.v : e.versions[e.versions.length - 1];
      if (last !== undefined && last > this.latest) this.latest = last;
    }
  }
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
    this.count--;
  }

  decode(stored: number): Readonly<Uint32Array> | null {
    if (stored < 0) return null;
    const W = LinePool.WORDS;
    const view = this.words.subarray(stored * W, stored * W + W);
    this.lastView = view;
    this.lastIndex = stored;
    return view;
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
  }
}
