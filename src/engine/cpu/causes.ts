import { hex } from '../arch/hex';
import type { HypVa } from '../arch/types';
import type { CpuState } from '../machine/cpuState';
import type { Recorder } from '../trace/recorder';
import type { Access, KernelVars } from '../trace/types';
import type { World } from '../trace/world';
import { pgdName } from '../trace/tableNames';
import { isStale, tlbEntryPa } from './tlb';
import { walk } from './walk';

/*
 * Explanations that name a consequence's cause from the model's state: which TLB entry an
 * access used and when it was filled, which descriptor a walk read and which step wrote it.
 */

export interface StaleUse {
  readonly why: string;
  /** PA a fresh walk of the current tables gives, or null when it faults. */
  readonly freshPa: number | null;
  readonly freshFaultLevel: number | null;
  readonly samePage: boolean;
}

/**
 * If `a` hit a TLB entry that disagrees with a fresh walk of the tables HTTBR points at now,
 * says which entry, where it came from and what the tables say instead.
 */
export function staleUse(
  world: World,
  version: number,
  cpu: CpuState,
  k: KernelVars,
  a: Omit<Access, 'value'>,
  singleStep: boolean,
): StaleUse | null {
  if (a.tlb !== 'hit' || a.tlbEntry === null || a.tlbIndex === null) return null;
  const e = a.tlbEntry;
  if (!isStale(world, version, cpu.httbr, e)) return null;
  const fresh = walk(world, version, cpu.httbr, a.va as HypVa, 'coherent', null);
  const what = a.type === 'fetch' ? 'fetch' : a.type;
  const filledUnder =
    e.httbr === cpu.httbr
      ? `under this same ${pgdName(k, e.httbr, singleStep)}, which no longer maps it that way`
      : `under the ${pgdName(k, e.httbr, singleStep)} (HTTBR ${hex(e.httbr)})`;
  const now = fresh.fault
    ? `a fresh walk of the ${pgdName(k, cpu.httbr, singleStep)} faults at level ${fresh.fault.level}`
    : `a fresh walk of the ${pgdName(k, cpu.httbr, singleStep)} gives PA ${hex(fresh.pa ?? 0)}`;
  // the 4 KiB page this access reaches through the entry (inside a block: the block's offset)
  const used = tlbEntryPa(e, a.va);
  const samePage = fresh.pa !== null && Math.floor(fresh.pa / 4096) === Math.floor(used / 4096);
  return {
    why: `This ${what} of ${hex(a.va)} hits TLB entry ${a.tlbIndex}, filled ${filledUnder} at step ${e.filledAt} and not invalidated since; ${now}. The architecture allows the CPU to use such an entry until a TLB invalidation removes it, so this ${what} ${samePage ? 'may still reach the same page, with the old attributes' : fresh.fault ? `may reach PA ${hex(a.pa ?? used)} where the current tables would fault` : `may reach PA ${hex(a.pa ?? used)} instead of ${hex(fresh.pa ?? 0)}`}.`,
    freshPa: fresh.pa,
    freshFaultLevel: fresh.fault?.level ?? null,
    samePage,
  };
}

/** The last step that wrote the descriptor at `descAddr`, with what it wrote (0 when none). */
export function lastDescriptorWrite(
  rec: Recorder,
  descAddr: number,
): { step: number; after: bigint } | null {
  for (let i = rec.steps.length - 1; i >= 0; i--) {
    const s = rec.steps[i]!;
    for (const c of s.changes)
      if (c.kind === 'descriptor' && c.pa === descAddr) return { step: s.index, after: c.after };
  }
  return null;
}
