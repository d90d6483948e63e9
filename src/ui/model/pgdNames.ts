import type { Design } from '../../engine/scenario/config';
import type { KernelVars } from '../../engine/trace/types';

/*
 * One name per table, the same in the trees, the CPU, MMU, TLB, inspector and change list:
 * v3.10 has a boot PGD and a runtime PGD; v3.9 (single-step) has one table, the HYP PGD.
 */
export function pgdTitle(side: 'boot' | 'runtime', design: Design): string {
  if (side === 'boot') return 'Boot PGD';
  return design === 'single-step' ? 'HYP PGD' : 'Runtime PGD';
}

/** The name of the table a HTTBR value points at, in running text ("boot PGD"). */
export function pgdName(httbr: number, k: KernelVars, design: Design): string {
  if (httbr === 0) return 'not set';
  if (k.bootPgd !== null && httbr === k.bootPgd) return 'boot PGD';
  if (k.hypPgd !== null && httbr === k.hypPgd)
    return design === 'single-step' ? 'HYP PGD' : 'runtime PGD';
  return 'a freed table';
}

/** The engine's change records name a PGD "boot" or "runtime": in the reader's words. */
export function changePgdName(pgd: 'boot' | 'runtime', design: Design): string {
  return pgd === 'boot' ? 'boot PGD' : design === 'single-step' ? 'HYP PGD' : 'runtime PGD';
}
