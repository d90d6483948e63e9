import type { Config } from '../../engine/scenario/config';

/** One side of a ready comparison: a preset and the keys that differ from it. */
export interface PairSide {
  readonly preset: string;
  readonly overrides: Readonly<Partial<Config>>;
}

/** A ready pair for the compare picker, with the one thing it teaches. */
export interface ComparePair {
  readonly id: string;
  readonly title: string;
  readonly teaches: string;
  readonly left: PairSide;
  readonly right: PairSide;
}

/*
 * Each pair changes one thing, so every difference the view marks comes from that one thing.
 * Sides name their what-if switches explicitly rather than relying on a preset's current
 * overrides, so a pair keeps meaning what its sentence says.
 */
export const COMPARE_PAIRS: readonly ComparePair[] = [
  {
    id: 'v39-v310',
    title: 'v3.9 single-step vs v3.10 dual-step',
    teaches:
      'v3.9 switches one HYP PGD in place and cannot flush the HYP TLB afterwards; v3.10 jumps to the trampoline, switches to the runtime PGD and runs TLBIALLH itself.',
    left: { preset: 'single-step', overrides: {} },
    right: { preset: 'dual-step', overrides: {} },
  },
  {
    id: 'tlbi',
    title: 'With vs without TLBIALLH',
    teaches:
      'Without the invalidation, the boot-PGD entry for the idmap VA stays in the TLB and the CPU is allowed to use it after the switch.',
    left: { preset: 'stale-tlb', overrides: { skipTlbi: false } },
    right: { preset: 'stale-tlb', overrides: { skipTlbi: true } },
  },
  {
    id: 'bounce',
    title: 'With vs without the bounce page',
    teaches:
      'Init code that crosses a page is copied to one page; without the copy the trampoline maps only the first page and the jump lands on other bytes.',
    left: { preset: 'bounce-page', overrides: { noBounce: false } },
    right: { preset: 'bounce-page', overrides: { noBounce: true } },
  },
  {
    id: 'walker',
    title: 'Coherent vs non-coherent table walker (no cleans)',
    teaches:
      'With the cleans to the PoC left out, only a walker that reads the PoC misses the new descriptors; a walker coherent with the data cache still finds them.',
    left: { preset: 'no-flush', overrides: { skipFlush: true, walkerCoherent: true } },
    right: { preset: 'no-flush', overrides: { skipFlush: true, walkerCoherent: false } },
  },
  {
    id: 'hotplug-config',
    title: 'CONFIG_HOTPLUG_CPU on vs off',
    teaches:
      'With hotplug the boot PGD is kept for CPUs that come back; without it init_hyp_mode frees the boot tables once every CPU is up.',
    left: { preset: 'dual-step', overrides: { hotplugSupport: true } },
    right: { preset: 'dual-step', overrides: { hotplugSupport: false } },
  },
  {
    id: 'enomem',
    title: 'ENOMEM in kvm_mmu_init vs success',
    teaches:
      'When an allocation fails the error path frees what kvm_mmu_init took and HYP mode is never initialised (change failAlloc in the editor to fail another allocation).',
    left: { preset: 'dual-step', overrides: {} },
    right: { preset: 'enomem', overrides: {} },
  },
];

export function findPair(id: string): ComparePair | undefined {
  return COMPARE_PAIRS.find((p) => p.id === id);
}
