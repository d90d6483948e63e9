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

export class VersionedMap<K, V> {
  private readonly timelines = new Map<K, Timeline<V>>();
  private latest = 0;

  set(key: K, value: V, version: number): void {
    if (version < this.latest) throw new Error(`version ${version} written after ${this.latest}`);
    this.latest = version;
    let t = this.timelines.get(key);
    if (!t) {
      t = { versions: [], values: [] };
      this.timelines.set(key, t);
    }
    const last = t.versions.length - 1;
    if (last >= 0 && t.versions[last] === version) t.values[last] = value;
    else {
      t.versions.push(version);
      t.values.push(value);
    }
  }

  /** The value at `version`, or undefined if the key had none yet. */
  get(key: K, version: number): V | undefined {
    const t = this.timelines.get(key);
    if (!t) return undefined;
    const vs = t.versions;
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
    return found < 0 ? undefined : t.values[found];
  }

  /** True when `key` got a value exactly at `version`. */
  changedAt(key: K, version: number): boolean {
    const t = this.timelines.get(key);
    return !!t && t.versions.includes(version);
  }

  /** Every key ever written, in first-write order. */
  keys(): IterableIterator<K> {
    return this.timelines.keys();
  }

  /** How many (key, version) values are stored: a measure of what the trace keeps. */
  get size(): number {
    let n = 0;
    for (const t of this.timelines.values()) n += t.versions.length;
    return n;
  }

  /** Every key with its history, for moving the map to another thread (see restoreTimelines). */
  timelineEntries(): IterableIterator<[K, Timeline<V>]> {
    return this.timelines.entries();
  }

  /** Adds histories taken from timelineEntries() of another map (keys not yet present). */
  restoreTimelines(entries: Iterable<readonly [K, Timeline<V>]>): void {
    for (const [k, t] of entries) {
      this.timelines.set(k, t);
      const last = t.versions[t.versions.length - 1];
      if (last !== undefined && last > this.latest) this.latest = last;
    }
  }
}
