import type { HypVa } from '../arch/types';
import type { World } from '../trace/world';
import type { TlbEntry, TlbState } from '../machine/cpuState';
import { walk } from './walk';

/** Fully associative HYP TLB (one per CPU), 4 KiB entries, not tagged by base register. */
export function tlbLookup(tlb: TlbState, va: number): number {
  const page = Math.floor(va / 4096) * 4096;
  return tlb.entries.findIndex((e) => e !== null && e.vaPage === page);
}

/** Fills an entry: the first empty slot, else the round-robin victim (a deterministic order). */
export function tlbFill(
  tlb: TlbState,
  entry: TlbEntry,
): { tlb: TlbState; index: number; evicted: TlbEntry | null } {
  const empty = tlb.entries.findIndex((e) => e === null);
  const index = empty >= 0 ? empty : tlb.next;
  const entries = tlb.entries.slice();
  const evicted = entries[index] ?? null;
  entries[index] = entry;
  const next = empty >= 0 ? tlb.next : (tlb.next + 1) % entries.length;
  return { tlb: { entries, next }, index, evicted };
}

/** TLBIALLH: every HYP entry of this CPU goes. */
export function tlbInvalidateAll(tlb: TlbState): { tlb: TlbState; dropped: TlbEntry[] } {
  const dropped = tlb.entries.filter((e): e is TlbEntry => e !== null);
  return { tlb: { entries: tlb.entries.map(() => null), next: 0 }, dropped };
}

/**
 * Is an entry stale: does it disagree with a fresh walk of the tables HTTBR points at now, as
 * the kernel last wrote them? Disagreeing means: that walk faults, or gives another page or
 * other attributes.
 */
export function isStale(world: World, version: number, httbr: number, e: TlbEntry): boolean {
  const w = walk(world, version, httbr, e.vaPage as HypVa, 'coherent', null);
  if (w.pa === null) return true;
  return Math.floor(w.pa / 4096) * 4096 !== e.paPage || w.attrs !== e.desc;
}
