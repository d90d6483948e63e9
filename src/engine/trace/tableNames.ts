import type { KernelVars } from './types';

/** What an HTTBR value points at, in the words the panels use ("boot PGD", "runtime PGD"). */
export function pgdName(k: KernelVars, httbr: number, singleStep: boolean): string {
  if (k.hypPgd !== null && httbr === k.hypPgd) return singleStep ? 'HYP PGD' : 'runtime PGD';
  if (k.bootPgd !== null && httbr === k.bootPgd) return 'boot PGD';
  return `the table at 0x${(httbr >>> 0).toString(16)}`;
}
