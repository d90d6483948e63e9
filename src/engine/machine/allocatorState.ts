/*
 * The page allocator's state as a step sees it: a machine-level record (like CpuState), so the
 * trace's types need nothing from the kernel model above them.
 */
export interface AllocatorState {
  /** Lowest never-handed-out page of the pool (a physical page number). */
  readonly nextFresh: number;
  readonly poolEnd: number;
  /** Freed pages below nextFresh, ascending. */
  readonly freed: readonly number[];
  readonly slabPage: number;
  /** Free object indices of the slab page, ascending. */
  readonly slabFree: readonly number[];
  /** The kmalloc-4096 slab (order 3: 8 page-sized objects) that serves kmalloc(PAGE_SIZE). */
  readonly slab4kBase: number;
  readonly slab4kFree: readonly number[];
  /** Allocations counted for failAlloc (only inside kvm_mmu_init). */
  readonly counted: number;
  /** Fail the counted allocation with this number (1-based); 0 for never. */
  readonly failAt: number;
}
