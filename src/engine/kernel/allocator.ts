/*
 * The kernel's page allocator and the kmalloc-64 slab, as far as HYP init uses them
 * (hyp-init-facts.md §2.2-2.3). Deterministic: pages come lowest-first from the pool, so the
 * state is canonical: after everything allocated is freed, it equals the starting state.
 * Immutable: every operation returns a new state.
 */
import type { AllocatorState } from '../machine/allocatorState';

export type { AllocatorState };
export const SLAB_OBJECT_SIZE = 64; // kmalloc's minimum object on a 64-byte-line ARM
const SLAB_OBJECTS = 4096 / SLAB_OBJECT_SIZE;
/** Objects of the kmalloc-64 page already in use by the rest of the kernel at boot. */
const SLAB_OBJECTS_IN_USE = 23;

/** kmalloc-4096 objects already in use by the rest of the kernel at boot. */
const SLAB4K_IN_USE = 3;

export function initialAllocator(
  poolStartPa: number,
  poolEndPa: number,
  slabPagePa: number,
  slab4kPa: number,
): AllocatorState {
  const slabFree: number[] = [];
  for (let i = SLAB_OBJECTS_IN_USE; i < SLAB_OBJECTS; i++) slabFree.push(i);
  const slab4kFree: number[] = [];
  for (let i = SLAB4K_IN_USE; i < 8; i++) slab4kFree.push(i);
  return {
    slab4kBase: slab4kPa / 4096,
    slab4kFree,
    nextFresh: Math.ceil(poolStartPa / 4096),
    poolEnd: Math.floor(poolEndPa / 4096),
    freed: [],
    slabPage: slabPagePa / 4096,
    slabFree,
    counted: 0,
    failAt: 0,
  };
}

export type AllocResult =
  | { ok: true; state: AllocatorState; pa: number }
  | { ok: false; state: AllocatorState; reason: string };

/** Starts counting allocations for the failAlloc what-if (kvm_mmu_init entry). */
export function armFailure(s: AllocatorState, failAt: number): AllocatorState {
  return { ...s, counted: 0, failAt };
}
export function disarmFailure(s: AllocatorState): AllocatorState {
  return { ...s, failAt: 0, counted: 0 };
}

function injected(s: AllocatorState): { fail: boolean; state: AllocatorState } {
  const counted = s.counted + 1;
  const state = { ...s, counted };
  return { fail: s.failAt > 0 && counted === s.failAt, state };
}

/** One order-0 page (__get_free_page, pmd_alloc_one, pte_alloc_one_kernel, kmalloc(PAGE_SIZE)). */
export function allocPage(s0: AllocatorState): AllocResult {
  const { fail, state: s } = injected(s0);
  if (fail)
    return { ok: false, state: s, reason: `allocation ${s.counted} made to fail (failAlloc)` };
  if (s.freed.length > 0) {
    const [first, ...rest] = s.freed as [number, ...number[]];
    return { ok: true, state: { ...s, freed: rest }, pa: first * 4096 };
  }
  if (s.nextFresh >= s.poolEnd) return { ok: false, state: s, reason: 'out of memory' };
  return { ok: true, state: { ...s, nextFresh: s.nextFresh + 1 }, pa: s.nextFresh * 4096 };
}

export function freePage(s: AllocatorState, pa: number): AllocatorState {
  const p = pa / 4096;
  if (p === s.nextFresh - 1) {
    // give the page back to the fresh region, then any freed pages now at its edge
    let next = p;
    const freed = [...s.freed];
    while (freed.length > 0 && freed[freed.length - 1] === next - 1) {
      freed.pop();
      next--;
    }
    return { ...s, nextFresh: next, freed };
  }
  const freed = [...s.freed, p].sort((a, b) => a - b);
  return { ...s, freed };
}

/** kmalloc/kzalloc of a small object from the kmalloc-64 slab page. */
export function allocSlabObject(s0: AllocatorState): AllocResult {
  const { fail, state: s } = injected(s0);
  if (fail)
    return { ok: false, state: s, reason: `allocation ${s.counted} made to fail (failAlloc)` };
  const [first, ...rest] = s.slabFree;
  if (first === undefined) return { ok: false, state: s, reason: 'kmalloc-64 slab full' };
  return {
    ok: true,
    state: { ...s, slabFree: rest },
    pa: s.slabPage * 4096 + first * SLAB_OBJECT_SIZE,
  };
}

export function freeSlabObject(s: AllocatorState, pa: number): AllocatorState {
  const index = (pa - s.slabPage * 4096) / SLAB_OBJECT_SIZE;
  return { ...s, slabFree: [...s.slabFree, index].sort((a, b) => a - b) };
}

/** kmalloc(PAGE_SIZE): a page-aligned object of the kmalloc-4096 slab; its neighbours are other objects of that slab. */
export function allocPageObject(s0: AllocatorState): AllocResult {
  const { fail, state: s } = injected(s0);
  if (fail)
    return { ok: false, state: s, reason: `allocation ${s.counted} made to fail (failAlloc)` };
  const [first, ...rest] = s.slab4kFree;
  if (first === undefined) return { ok: false, state: s, reason: 'kmalloc-4096 slab full' };
  return { ok: true, state: { ...s, slab4kFree: rest }, pa: (s.slab4kBase + first) * 4096 };
}

export function freePageObject(s: AllocatorState, pa: number): AllocatorState {
  return { ...s, slab4kFree: [...s.slab4kFree, pa / 4096 - s.slab4kBase].sort((a, b) => a - b) };
}

/** What is free, in canonical form: equal for two states exactly when the same memory is free. */
export function freeSet(s: AllocatorState): {
  nextFresh: number;
  freed: readonly number[];
  slabFree: readonly number[];
  slab4kFree: readonly number[];
} {
  return { nextFresh: s.nextFresh, freed: s.freed, slabFree: s.slabFree, slab4kFree: s.slab4kFree };
}

/** What the allocator has handed out that is still live: pages and slab objects. */
export function liveAllocations(
  s: AllocatorState,
  start: AllocatorState,
): { pages: number; objects: number } {
  return {
    pages: s.nextFresh - start.nextFresh - s.freed.length,
    objects:
      start.slabFree.length - s.slabFree.length + start.slab4kFree.length - s.slab4kFree.length,
  };
}
