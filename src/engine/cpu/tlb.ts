import { XNTABLE_BIT } from '../arch/lpae';
import type { HypVa } from '../arch/types';
import type { Walk } from '../trace/types';
import type { World } from '../trace/world';
import type { TlbEntry, TlbState } from '../machine/cpuState';
import { walk } from './walk';

/** Bytes one descriptor maps at each level (facts §1.1): 1 GiB, 2 MiB, 4 KiB. */
export const LEVEL_SIZE = { 1: 2 ** 30, 2: 2 ** 21, 3: 4096 } as const;

/** XNTable (bit 60) of any table descriptor on the walk's path (facts §1.2). */
export function walkXnTable(w: Walk): boolean {
  return w.levels.some((l) => l.kind === 'table' && (l.desc & XNTABLE_BIT) !== 0n);
}

/**
 * The entry a successful walk fills: the whole page or block its last descriptor maps, so a
 * later access anywhere in a 2 MiB or 1 GiB block hits it and keeps the block's offset bits.
 */
export function tlbEntryFromWalk(w: Walk, step: number): TlbEntry {
  const last = w.levels[w.levels.length - 1];
  if (w.pa === null || w.attrs === null || !last)
    throw new Error('tlbEntryFromWalk: the walk did not translate');
  const level = last.level;
  const size = LEVEL_SIZE[level];
  return {
    vaPage: Math.floor(w.va / size) * size,
    paPage: Math.floor(w.pa / size) * size,
    level,
    size,
    desc: w.attrs,
    xnTable: walkXnTable(w),
    httbr: w.ttbr,
    filledAt: step,
  };
}

/** The PA an entry gives VA `va` (which it covers): the region's base plus the offset in it. */
export function tlbEntryPa(e: TlbEntry, va: number): number {
  return e.paPage + (va - e.vaPage);
}

/**
 * Fully associative HYP TLB (one per CPU), not tagged by base register. An entry covers its
 * page or block; if two entries cover a VA (the architecture makes that a TLB conflict,
 * UNPREDICTABLE), the lowest slot answers.
 */
export function tlbLookup(tlb: TlbState, va: number): number {
  return tlb.entries.findIndex((e) => e !== null && va >= e.vaPage && va < e.vaPage + e.size);
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
 * the kernel last wrote them? Disagreeing means: that walk faults, or ends at another level
 * (a page where the entry holds a block, or the reverse), or gives another page or block, or
 * other attributes (the descriptor's or XNTable on the way).
 */
export function isStale(world: World, version: number, httbr: number, e: TlbEntry): boolean {
  const w = walk(world, version, httbr, e.vaPage as HypVa, 'coherent', null);
  if (w.pa === null) return true;
  const fresh = tlbEntryFromWalk(w, e.filledAt);
  return (
    fresh.level !== e.level ||
    fresh.paPage !== e.paPage ||
    fresh.desc !== e.desc ||
    fresh.xnTable !== e.xnTable
  );
}
