import { describe, expect, it } from 'vitest';
import { LinePool, VersionedMap } from './versionedMap';

const line = (w: number): Uint32Array => new Uint32Array(16).fill(w);

describe('VersionedMap', () => {
  it('reads what each version saw, whether a key was written once or many times', () => {
    const m = new VersionedMap<number, string>();
    m.set(1, 'a', 2);
    m.set(2, 'x', 3);
    m.set(1, 'b', 5);
    m.set(1, 'c', 5); // the same version again replaces
    expect([0, 1, 2, 4, 5, 9].map((v) => m.get(1, v))).toEqual([
      undefined,
      undefined,
      'a',
      'a',
      'c',
      'c',
    ]);
    expect([2, 3, 9].map((v) => m.get(2, v))).toEqual([undefined, 'x', 'x']);
    expect(m.changedAt(1, 5)).toBe(true);
    expect(m.changedAt(1, 4)).toBe(false);
    expect(m.changedAt(2, 3)).toBe(true);
    expect(m.size).toBe(3);
    expect([...m.keys()]).toEqual([1, 2]);
    expect(() => m.set(3, 'late', 4)).toThrow(/written after/);
  });

  it('moves to another map through its timeline entries', () => {
    const m = new VersionedMap<number, string>();
    m.set(7, 'p', 1);
    m.set(8, 'q', 1);
    m.set(8, 'r', 4);
    const n = new VersionedMap<number, string>();
    n.restoreTimelines(structuredClone([...m.timelineEntries()]));
    expect([n.get(7, 1), n.get(8, 3), n.get(8, 4)]).toEqual(['p', 'q', 'r']);
    expect(() => n.set(9, 's', 3)).toThrow(/written after 4/);
  });
});

describe('LinePool as a codec', () => {
  it('stores line contents once and reads them back by version', () => {
    const pool = new LinePool();
    const m = new VersionedMap<number, Uint32Array | null>(pool);
    m.set(10, line(1), 1);
    m.set(10, line(2), 3);
    m.set(10, null, 4);
    expect(Array.from(m.get(10, 2)!)).toEqual(Array.from(line(1)));
    expect(Array.from(m.get(10, 3)!)).toEqual(Array.from(line(2)));
    expect(m.get(10, 4)).toBeNull();
    expect(pool.exportWords().length).toBe(32);
  });

  it('a line replaced at the same version gives its room back; a shared one does not', () => {
    const pool = new LinePool();
    const dirty = new VersionedMap<number, Uint32Array | null>(pool);
    const poc = new VersionedMap<number, Uint32Array | null>(pool);
    dirty.set(1, line(1), 1);
    dirty.set(1, line(2), 1); // the second half of a 64-bit store
    expect(pool.exportWords().length).toBe(16);
    // a clean moves the dirty line to the PoC at one version, then drops it from the cache
    poc.set(1, dirty.get(1, 2)!, 2);
    dirty.set(1, null, 2);
    dirty.set(2, line(3), 2);
    expect(Array.from(poc.get(1, 2)!)).toEqual(Array.from(line(2)));
    expect(Array.from(dirty.get(2, 2)!)).toEqual(Array.from(line(3)));
    const moved = new LinePool();
    moved.adopt(structuredClone(pool.exportWords()));
    const p2 = new VersionedMap<number, Uint32Array | null>(moved);
    p2.restoreTimelines(structuredClone([...poc.timelineEntries()]));
    expect(Array.from(p2.get(1, 2)!)).toEqual(Array.from(line(2)));
  });
});
