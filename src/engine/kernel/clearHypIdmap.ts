import { hex } from '../arch/hex';
import { pgdIndex, PGDIR_SIZE } from '../arch/lpae';
import { CLEAR_HYP_IDMAP } from '../source/cListings';
import type { KernelContext } from './kernelContext';

/**
 * kvm_clear_hyp_idmap (v3.9, removed by the patch; the seed diff shows its body): for each
 * 1 GiB slot the idmap covers, clear the L1 entry, clean_pmd_entry the L2 entry and
 * pmd_free the L2 table. No HYP TLB maintenance is possible from PL1.
 */
export function kvmClearHypIdmap(ctx: KernelContext): void {
  const pgd = ctx.vars.hypPgd!;
  const { idmapStart, idmapEnd } = ctx.vars;
  for (let addr = idmapStart; addr < idmapEnd; addr = (pgdIndex(addr) + 1) * PGDIR_SIZE) {
    const l1 = pgdIndex(addr);
    const pudPa = pgd + l1 * 8;
    const pud = ctx.readDesc(pudPa);
    if (pud === 0n) continue;
    const l2 = Number(pud & 0xff_ffff_f000n);
    const pmdPa = l2 + (Math.floor(addr / 2 ** 21) % 512) * 8;
    ctx.step(
      CLEAR_HYP_IDMAP,
      'clear-pud',
      `kvm_clear_hyp_idmap: clear HYP PGD L1[${l1}]`,
      `The idmap must not stay in the one HYP table: its VA (= PA ${hex(idmapStart)}) could be a runtime HYP VA. PL1 clears the whole 1 GiB slot ${l1}. It cannot invalidate the HYP TLB: TLBIALLH is UNDEFINED at PL1, so every CPU keeps its idmap translations.`,
      () => {
        ctx.writeDesc(pudPa, 0n, 1, l1, 'runtime');
        void pmdPa; // clean_pmd_entry: on an SMP v7 kernel a barrier only, no clean to the PoC [I]
      },
    );
    ctx.step(
      CLEAR_HYP_IDMAP,
      'free-pmd',
      `pmd_free the level-2 table ${hex(l2)}`,
      `pmd_free gives the level-2 table back: idmap.c took no references for its block entries, so the count goes from 1 to 0. The idmap is gone from the tables, not from any TLB.`,
      () => ctx.putPage(l2, 'L2 table'),
    );
  }
}
