import type { Difference } from '../../engine/compare/diff';
import { desc64, entryLabel, ghex } from '../model/format';

const PGD_NAME = { boot: 'boot PGD', runtime: 'runtime PGD' } as const;

function value(v: number | string): string {
  return typeof v === 'number' ? ghex(v) : v;
}

/** One difference in words, the same on both columns and in the bar. */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case 'descriptor': {
      const where = `${d.pgd ? PGD_NAME[d.pgd] : 'HYP PGD'} ${entryLabel(d.level, d.index)}`;
      const side = (v: bigint | null) => (v === null ? 'not written' : desc64(v));
      return `${where}: ${side(d.left)} on the left, ${side(d.right)} on the right`;
    }
    case 'register':
      return `CPU${d.cpu} ${d.name}: ${value(d.left)} on the left, ${value(d.right)} on the right`;
    case 'stale-tlb':
      return `CPU${d.cpu} TLB entry for ${ghex(d.va)} stale on the ${d.side} only`;
  }
}

/** A short name for the bar: "HTTBR", "TLB 0xffff_0000 (stale left)", "boot PGD L2[0x1ff]". */
export function shortDifference(d: Difference): string {
  switch (d.kind) {
    case 'descriptor':
      return `${d.pgd ? PGD_NAME[d.pgd] : 'HYP PGD'} ${entryLabel(d.level, d.index)}`;
    case 'register':
      return d.name;
    case 'stale-tlb':
      return `TLB ${ghex(d.va)} (stale ${d.side})`;
  }
}
