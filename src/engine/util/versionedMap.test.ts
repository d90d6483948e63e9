import fc from 'fast-check';
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

describe('VersionedMap with runs', () => {
  const text = { kind: 'kernel-text' };
  it('keeps consecutive keys written alike as one range, in first-write order', () => {
    const m = new VersionedMap<number, object>(null, { runs: true });
    m.set(50, { kind: 'slab' }, 0);
    for (let k = 10; k < 20; k++) m.set(k, text, 0);
    m.set(5, { kind: 'bounce' }, 0);
    m.set(14, { kind: 'l2' }, 3); // a key of the range written again
    m.set(20, text, 4); // the next key, at another version: not the range
    expect([...m.keys()]).toEqual([50, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 5, 20]);
    expect(m.get(14, 2)).toBe(text);
    expect(m.get(14, 3)).toEqual({ kind: 'l2' });
    expect(m.get(15, 0)).toBe(text);
    expect(m.get(20, 3)).toBeUndefined();
    expect(m.changedAt(12, 0)).toBe(true);
    expect(m.changedAt(14, 3)).toBe(true);
    expect(m.size).toBe(14);
  });

  // the map without runs is the reference: the same writes read back the same everywhere
  type Op = { key: number; value: number; step: number };
  const opsArb = fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: 24 }),
      value: fc.integer({ min: 0, max: 3 }),
      step: fc.constantFrom(0, 0, 0, 1),
    }),
    { maxLength: 80 },
  );
  /** Writes runs of keys too: most ops extend the key before. */
  const withRuns = (ops: Op[]) =>
    ops.map((o, i) => (i > 0 && o.value < 3 ? { ...o, key: (ops[i - 1]!.key + 1) % 25 } : o));

  function replay<V>(m: VersionedMap<number, V>, ops: Op[], values: readonly V[]): number {
    let version = 0;
    for (const o of ops) {
      version += o.step;
      m.set(o.key, values[o.value]!, version);
    }
    return version;
  }
  function view<V>(m: VersionedMap<number, V>, last: number, show: (v: V | undefined) => unknown) {
    const keys = [...m.keys()];
    const at = keys.map((k) =>
      Array.from({ length: last + 2 }, (_, v) => [show(m.get(k, v)), m.changedAt(k, v)]),
    );
    return { keys, at, size: m.size, absent: m.get(99, last) };
  }

  it('property: reads, keys, sizes and a move between maps agree with the map without runs', () => {
    const values = [{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }];
    fc.assert(
      fc.property(opsArb, (raw) => {
        const ops = withRuns(raw);
        const plain = new VersionedMap<number, object>();
        const runs = new VersionedMap<number, object>(null, { runs: true });
        const last = replay(plain, ops, values);
        replay(runs, ops, values);
        const want = view(plain, last, (v) => v);
        expect(view(runs, last, (v) => v)).toEqual(want);
        const moved = new VersionedMap<number, object>(null, { runs: true });
        const entries = [...runs.timelineEntries()];
        // in parts, as the worker sends them
        moved.restoreTimelines(entries.slice(0, 7));
        moved.restoreTimelines(entries.slice(7));
        expect(view(moved, last, (v) => v)).toEqual(want);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('property: with lines in a pool (the dirty layer), the same lines read back', () => {
    const lines = [line(0), line(1), null, line(2)];
    const show = (v: Uint32Array | null | undefined) => (v ? Array.from(v) : v);
    fc.assert(
      fc.property(opsArb, (raw) => {
        const ops = withRuns(raw);
        const plain = new VersionedMap<number, Uint32Array | null>(new LinePool());
        const runs = new VersionedMap<number, Uint32Array | null>(new LinePool(), { runs: true });
        const last = replay(plain, ops, lines);
        replay(runs, ops, lines);
        expect(view(runs, last, show)).toEqual(view(plain, last, show));
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
});
