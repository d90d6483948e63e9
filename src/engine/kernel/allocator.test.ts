import { describe, expect, test } from 'vitest';
import {
  allocPage,
  allocPageObject,
  allocSlabObject,
  armFailure,
  freePage,
  freePageObject,
  freeSlabObject,
  freeSet,
  initialAllocator,
} from './allocator';

const fresh = () => initialAllocator(0x80400000, 0x80500000, 0x803f0000, 0x803f1000);

describe('page allocator', () => {
  test('hands out pages lowest first and takes them back to its starting state', () => {
    const s0 = fresh();
    const a = allocPage(s0);
    expect(a).toMatchObject({ ok: true, pa: 0x80400000 });
    if (!a.ok) return;
    const b = allocPage(a.state);
    expect(b).toMatchObject({ ok: true, pa: 0x80401000 });
    if (!b.ok) return;
    // free in allocation order (not LIFO): the state still returns to the start
    const back = freePage(freePage(b.state, 0x80400000), 0x80401000);
    expect(freeSet(back)).toEqual(freeSet(s0));
  });
  test('a freed page is reused before a fresh one', () => {
    let s = fresh();
    const pas: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = allocPage(s);
      if (!r.ok) throw new Error('alloc');
      pas.push(r.pa);
      s = r.state;
    }
    s = freePage(s, 0x80401000);
    expect(allocPage(s)).toMatchObject({ ok: true, pa: 0x80401000 });
  });
  test('the Nth counted allocation fails, only that one', () => {
    let s = armFailure(fresh(), 2);
    const first = allocPage(s);
    expect(first.ok).toBe(true);
    s = first.state;
    const second = allocSlabObject(s);
    expect(second).toMatchObject({ ok: false, reason: 'allocation 2 made to fail (failAlloc)' });
    expect(allocPage(second.state).ok).toBe(true);
  });
  test('kmalloc-64 objects are 64 bytes apart in the slab page; kfree returns them', () => {
    const s0 = fresh();
    const a = allocSlabObject(s0);
    if (!a.ok) throw new Error('alloc');
    const b = allocSlabObject(a.state);
    if (!b.ok) throw new Error('alloc');
    expect(a.pa).toBe(0x803f0000 + 23 * 64);
    expect(b.pa - a.pa).toBe(64);
    expect(freeSet(freeSlabObject(freeSlabObject(b.state, b.pa), a.pa))).toEqual(freeSet(s0));
  });
  test('kmalloc(PAGE_SIZE) objects are page aligned, from the kmalloc-4096 slab', () => {
    const s0 = fresh();
    const a = allocPageObject(s0);
    expect(a).toMatchObject({ ok: true, pa: 0x803f1000 + 3 * 4096 });
    if (a.ok) expect(freeSet(freePageObject(a.state, a.pa))).toEqual(freeSet(s0));
  });
});
