import { decodeDescriptor } from '../engine/arch/lpae';
import { descriptor } from '../engine/arch/types';
import { mappedPages, mappedRanges } from '../engine/inspect/ptdump';
import { TRAMPOLINE_VA } from '../engine/arch/lpae';
import type { Exported } from './export';
import { randomInt, seeded } from './random';

export type PgdName = 'boot' | 'runtime';

export interface VaProbe {
  readonly pgd: PgdName;
  readonly va: number;
  /** Why this VA is on the list (for messages). */
  readonly why: string;
}

/** Above this many mapped pages in a PGD, translate a sample instead of every page. */
export const SAMPLE_ABOVE = 3000;
/** Random pages sampled from a big PGD, on top of the first and last page of each range. */
export const SAMPLE_SIZE = 1500;
export const RANDOM_VAS = 48;
const PAGE = 4096;
const U32 = 2 ** 32;

/** The L1 slot the harness's identity block takes (its code sits at 0x4000_0000). */
export const HARNESS_SLOT = 1;

function inHarnessSlot(va: number): boolean {
  return Math.floor(va / 2 ** 30) === HARNESS_SLOT;
}

/** A page-offset spread so that PAs are compared with their low bits too. */
function offsetFor(va: number): number {
  return ((va >>> 12) & 0xff) << 4;
}

/**
 * The VA list for one config (issue 13): every mapped page of each PGD (sampled above
 * SAMPLE_ABOVE), one page either side of each range, the idmap and trampoline pages,
 * unmapped VAs that fault at levels 1, 2 and 3, and random VAs. Seeded: same list each run.
 */
export function selectVas(
  ex: Exported,
  seed = 13,
  sample: { above: number; size: number } = { above: SAMPLE_ABOVE, size: SAMPLE_SIZE },
): VaProbe[] {
  const rand = seeded(seed);
  const out: VaProbe[] = [];
  const seen = new Set<string>();
  const add = (pgd: PgdName, va: number, why: string) => {
    if (va < 0 || va >= U32 || inHarnessSlot(va)) return;
    const key = `${pgd}:${va}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pgd, va, why });
  };
  const version = ex.state.version;
  const mem = ex.trace.world.memory;
  for (const [pgd, base] of [
    ['boot', ex.bootPgd],
    ['runtime', ex.runtimePgd],
  ] as const) {
    const pages = mappedPages(ex.trace.world, version, base, ex.observer);
    const ranges = mappedRanges(pages);
    if (pages.length <= sample.above) {
      for (const p of pages) add(pgd, p.va + offsetFor(p.va), 'mapped page');
    } else {
      for (const r of ranges) {
        add(pgd, r.vaStart, 'first page of a range');
        add(pgd, r.vaEnd - PAGE + 0xffc, 'last page of a range');
      }
      for (let i = 0; i < sample.size; i++) {
        const p = pages[randomInt(rand, 0, pages.length)]!;
        add(pgd, p.va + offsetFor(p.va), 'sampled mapped page');
      }
    }
    for (const r of ranges) {
      add(pgd, r.vaStart - PAGE, 'page below a range');
      add(pgd, r.vaEnd, 'page above a range');
    }
    const k = ex.state.kernel;
    add(pgd, k.idmapStart, 'idmap start');
    add(pgd, k.idmapEnd - 4, 'idmap end');
    add(pgd, TRAMPOLINE_VA, 'trampoline page');
    add(pgd, TRAMPOLINE_VA + 0xffc, 'trampoline page end');
    // faults at each level: an empty L1 slot, an empty L2 entry, an empty L3 entry
    for (let i1 = 0; i1 < 4; i1++) {
      const d1 = decodeDescriptor(descriptor(mem.read64(base + i1 * 8, version, ex.observer)), 1);
      if (d1.kind !== 'table') {
        add(pgd, i1 * 2 ** 30 + randomInt(rand, 0, 2 ** 30), 'empty L1 slot');
        continue;
      }
      let l2Faults = 0;
      for (let i2 = 0; i2 < 512; i2++) {
        const d2 = decodeDescriptor(
          descriptor(mem.read64(d1.next + i2 * 8, version, ex.observer)),
          2,
        );
        const va2 = i1 * 2 ** 30 + i2 * 2 ** 21;
        if (d2.kind === 'table') {
          for (let tries = 0; tries < 8; tries++) {
            const i3 = randomInt(rand, 0, 512);
            const d3 = decodeDescriptor(
              descriptor(mem.read64(d2.next + i3 * 8, version, ex.observer)),
              3,
            );
            if (d3.kind !== 'page') {
              add(pgd, va2 + i3 * PAGE + 0x40, 'empty L3 entry');
              break;
            }
          }
        } else if (d2.kind === 'invalid' && (l2Faults === 0 || (l2Faults < 3 && rand() < 0.05))) {
          add(pgd, va2 + randomInt(rand, 0, 2 ** 21), 'empty L2 entry');
          l2Faults++;
        }
      }
    }
    for (let i = 0; i < RANDOM_VAS; i++) add(pgd, randomInt(rand, 0, U32), 'random VA');
  }
  return out;
}
