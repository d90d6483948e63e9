import { hex } from '../arch/hex';
import { HSCTLR_A, HSCTLR_M } from '../machine/cpuState';
import type { ExecContext, HypException } from './execTypes';
import { translate } from './mmu';
import { FSC } from './walk';

/**
 * One word load or store of the executing HYP instruction: the alignment check, the MMU (TLB,
 * walk, fill), then memory as the access's observer sees it. Records the access, the TLB
 * change and any memory change in the step being built; a fault comes back as a data abort.
 */
export function hypDataAccess(
  ctx: ExecContext,
  va: number,
  write: boolean,
  value = 0,
): { value: number } | { abort: HypException } {
  const { rec, cpuId } = ctx;
  const cpu = () => rec.state.cpus[cpuId]!;
  // HSCTLR.A: an unaligned word access takes an alignment fault, checked before translation
  // (ARMv7 gives alignment faults priority over MMU faults [A]; facts §7 #25)
  if ((cpu().hsctlr & HSCTLR_A) !== 0 && va % 4 !== 0) {
    const c = cpu();
    const fault = { type: 'alignment' as const, level: 0 as const, fsc: FSC.alignment };
    const access = {
      type: write ? ('write' as const) : ('read' as const),
      va,
      mmu: (c.hsctlr & HSCTLR_M) !== 0,
      tlb: (c.hsctlr & HSCTLR_M) !== 0 ? ('miss' as const) : ('off' as const),
      tlbIndex: null,
      tlbEntry: null,
      walk: null,
      pa: null,
      fault,
      observer: 'poc' as const,
    };
    ctx.onAccess?.(access);
    rec.access({ ...access, value: null });
    return { abort: { kind: 'data-abort', va, fsc: FSC.alignment, write } };
  }
  const t = translate(
    ctx.world,
    rec.version,
    cpu(),
    va,
    write ? 'write' : 'read',
    ctx.config.walkerCoherent,
    rec.steps.length + 1,
  );
  if (t.fill)
    rec.change({
      kind: 'tlb-fill',
      cpu: cpuId,
      index: t.fill.index,
      entry: t.tlb.entries[t.fill.index]!,
      evicted: t.fill.evicted,
    });
  else if (t.access.tlb === 'hit')
    rec.change({ kind: 'tlb-hit', cpu: cpuId, index: t.access.tlbIndex! });
  rec.updateCpu(cpuId, (c) => ({ ...c, tlb: t.tlb }));
  ctx.onAccess?.(t.access);
  if (t.access.fault || t.access.pa === null) {
    rec.access({ ...t.access, value: null });
    return { abort: { kind: 'data-abort', va, fsc: t.access.fault?.fsc ?? 0x10, write } };
  }
  const mem = ctx.world.memory;
  if (write) {
    if (t.access.observer === 'coherent') mem.cachedWrite32(t.access.pa, value, rec.version);
    else mem.uncachedWrite32(t.access.pa, value, rec.version);
    rec.change({
      kind: 'memory',
      pa: t.access.pa,
      length: 4,
      what: `HYP store ${hex(value >>> 0, 8)}`,
    });
    rec.access({ ...t.access, value: value >>> 0 });
    return { value };
  }
  const got = mem.read32(t.access.pa, rec.version, t.access.observer);
  rec.access({ ...t.access, value: got });
  return { value: got };
}
