import { hex } from '../arch/hex';
import { decodeDescriptor, type Level } from '../arch/lpae';
import { descriptor } from '../arch/types';
import type { Observer } from '../machine/physicalMemory';
import type { World } from '../trace/world';

/** One mapped 4 KiB page of a PGD, found by visiting every valid entry. */
export interface MappedPage {
  readonly va: number;
  readonly pa: number;
  readonly desc: bigint;
  /** 4096 for a page, 2 MiB for an L2 block. */
  readonly size: number;
  /** PAs of the L1 entry, L2 entry and L3 entry on the path. */
  readonly path: readonly { level: Level; index: number; descAddr: number; desc: bigint }[];
}

/** Every page a PGD maps, in VA order (blocks are expanded lazily as one range). */
export function mappedPages(
  world: World,
  version: number,
  pgd: number,
  observer: Observer = 'coherent',
  limit = Infinity,
): MappedPage[] {
  const out: MappedPage[] = [];
  const mem = world.memory;
  for (let i1 = 0; i1 < 4; i1++) {
    const a1 = pgd + i1 * 8;
    const d1 = mem.read64(a1, version, observer);
    const k1 = decodeDescriptor(descriptor(d1), 1);
    if (k1.kind !== 'table') continue;
    for (let i2 = 0; i2 < 512; i2++) {
      const a2 = k1.next + i2 * 8;
      const d2 = mem.read64(a2, version, observer);
      const k2 = decodeDescriptor(descriptor(d2), 2);
      if (k2.kind === 'block') {
        // a 2 MiB block (v3.9's idmap): reported as its first page, with a size the ranges expand
        out.push({
          va: i1 * 2 ** 30 + i2 * 2 ** 21,
          pa: k2.output,
          desc: d2,
          size: 2 ** 21,
          path: [
            { level: 1, index: i1, descAddr: a1, desc: d1 },
            { level: 2, index: i2, descAddr: a2, desc: d2 },
          ],
        });
        continue;
      }
      if (k2.kind !== 'table') continue;
      for (let i3 = 0; i3 < 512; i3++) {
        const a3 = k2.next + i3 * 8;
        const d3 = mem.read64(a3, version, observer);
        const k3 = decodeDescriptor(descriptor(d3), 3);
        if (k3.kind !== 'page') continue;
        out.push({
          va: i1 * 2 ** 30 + i2 * 2 ** 21 + i3 * 4096,
          pa: k3.output,
          desc: d3,
          size: 4096,
          path: [
            { level: 1, index: i1, descAddr: a1, desc: d1 },
            { level: 2, index: i2, descAddr: a2, desc: d2 },
            { level: 3, index: i3, descAddr: a3, desc: d3 },
          ],
        });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

const ATTR_NAMES = ['SO', 'NC', 'WT', 'WB', 'DEV', '?5', '?6', 'WBWA'];

/** Decoded attributes in the spirit of the kernel's ptdump: "RW x SHD WBWA AF". */
export function describeAttrs(desc: bigint, level: 2 | 3 = 3): string {
  const d = decodeDescriptor(descriptor(desc), level);
  if (d.kind !== 'page' && d.kind !== 'block') return d.kind;
  const a = d.attrs;
  const prot =
    (desc & ~0xff_ffff_f000n) === 0x0080_0000_0000_075fn
      ? ' PAGE_HYP'
      : (desc & ~0xff_ffff_f000n) === 0x00c0_0000_0000_0753n
        ? ' PAGE_HYP_DEVICE'
        : '';
  return (
    [
      a.ap2ReadOnly ? 'ro' : 'RW',
      a.xn ? 'NX' : 'x ',
      a.sh === 3 ? 'SHD' : a.sh === 2 ? 'OSH' : 'NSH',
      ATTR_NAMES[a.attrIndx] ?? '?',
      a.af ? 'AF' : 'noAF',
    ].join(' ') + prot
  );
}

export interface MappedRange {
  readonly vaStart: number;
  readonly vaEnd: number;
  readonly paStart: number;
  readonly attrs: string;
}

/** Coalesces pages with contiguous VA and PA and equal attributes into ranges. */
export function mappedRanges(pages: readonly MappedPage[]): MappedRange[] {
  const out: MappedRange[] = [];
  for (const p of pages) {
    const attrs =
      describeAttrs(p.desc, p.size === 4096 ? 3 : 2) + (p.size === 4096 ? '' : ' BLOCK');
    const last = out[out.length - 1];
    if (
      last &&
      last.vaEnd === p.va &&
      last.paStart + (last.vaEnd - last.vaStart) === p.pa &&
      last.attrs === attrs
    ) {
      out[out.length - 1] = { ...last, vaEnd: p.va + p.size };
    } else out.push({ vaStart: p.va, vaEnd: p.va + p.size, paStart: p.pa, attrs });
  }
  return out;
}

function size(bytes: number): string {
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}G`;
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20}M`;
  return `${bytes / 1024}K`;
}

/** ptdump-like text of one PGD. */
export function dumpPgd(
  world: World,
  version: number,
  name: string,
  pgd: number | null,
  active: boolean,
): string {
  const head = `---[ ${name} PGD${pgd === null ? ': not allocated' : ` @ ${hex(pgd)}`}${active ? ' (HTTBR)' : ''} ]---`;
  if (pgd === null) return head;
  const ranges = mappedRanges(mappedPages(world, version, pgd));
  const lines = ranges.map(
    (r) =>
      `${hex(r.vaStart, 8)}-${hex(r.vaEnd, 8)} ${size(r.vaEnd - r.vaStart).padStart(7)}  -> ${hex(r.paStart, 8)}  ${r.attrs}`,
  );
  return [head, ...(lines.length ? lines : ['(nothing mapped)'])].join('\n');
}
