import { hex } from '../arch/hex';
import { decodeDescriptor } from '../arch/lpae';
import { descriptor } from '../arch/types';
import type { KernelContext } from '../kernel/kernelContext';
import { count } from '../util/words';

/*
 * What a teardown left behind, read from the model: which table pages are still allocated,
 * what each still holds (its valid entries) and how many references it has, and why those
 * entries survived. Used by the leak and the init-error outcomes instead of canned sentences.
 */

const ENTRIES = 512;

export interface LeftTable {
  readonly pa: number;
  readonly level: 2 | 3;
  readonly label: string;
  /** page_count: 1 for the table itself plus one per entry the kernel took a reference for. */
  readonly count: number;
  readonly valid: readonly { index: number; out: number }[];
}

/** L2/L3 table pages still allocated (page count above zero) at the current version. */
export function leftTables(ctx: KernelContext, pgd?: 'boot' | 'runtime'): LeftTable[] {
  const v = ctx.rec.version;
  const out: LeftTable[] = [];
  for (const pfn of ctx.world.owners.keys()) {
    const o = ctx.world.owners.get(pfn, v);
    if (!o || (o.kind !== 'l2-table' && o.kind !== 'l3-table')) continue;
    if (pgd && !o.label.toLowerCase().startsWith(pgd)) continue;
    const count = ctx.world.pageCount.get(pfn, v) ?? 0;
    if (count <= 0) continue;
    const level = o.kind === 'l2-table' ? 2 : 3;
    const pa = pfn * 4096;
    const valid: { index: number; out: number }[] = [];
    for (let i = 0; i < ENTRIES; i++) {
      const d = decodeDescriptor(
        descriptor(ctx.world.memory.read64(pa + i * 8, v, 'coherent')),
        level,
      );
      if (d.kind === 'page' || d.kind === 'block') valid.push({ index: i, out: d.output });
      else if (d.kind === 'table') valid.push({ index: i, out: d.next });
    }
    out.push({ pa, level, label: o.label, count, valid });
  }
  return out.sort((a, b) => a.pa - b.pa);
}

/** The VA an L3 entry maps, from the left tables' own links (L1 index from the L2's owner). */
function vaOf(tables: readonly LeftTable[], t: LeftTable, index: number): number | null {
  const parent = tables.find((p) => p.level === 2 && p.valid.some((e) => e.out === t.pa));
  const l1 = parent ? /L1\[(\d+)\]/.exec(parent.label)?.[1] : undefined;
  if (!parent || l1 === undefined) return null;
  const l2 = parent.valid.find((e) => e.out === t.pa)!.index;
  return Number(l1) * 2 ** 30 + l2 * 2 ** 21 + index * 4096;
}

/** One table in words: where it hangs, its count, what it still holds and why it stays. */
function describeOne(tables: readonly LeftTable[], t: LeftTable, idmap: Range | null): string {
  const held = t.valid.length;
  const entries = t.valid.slice(0, 3).map(({ index, out }) => {
    if (t.level === 2) return `L2[${index}] -> L3 table ${hex(out)}`;
    const va = vaOf(tables, t, index);
    return `L3[${index}]${va === null ? '' : ` (VA ${hex(va)})`} -> page ${hex(out)}`;
  });
  const what =
    held === 0
      ? 'holding no valid entry'
      : `still holding ${entries.join(', ')}${held > 3 ? `, and ${held - 3} more` : ''}`;
  const extra = t.count - 1 - held;
  const why =
    extra > 0
      ? `: it holds ${count(t.count - 1, 'reference', 'references')} for ${count(held, 'entry', 'entries')}, so an entry was counted twice (two mappings wrote the same entry) and unmapping it once cannot bring the count back to 1`
      : held > 0
        ? t.level === 3
          ? t.valid.some((e) => idmap && e.out >= idmap.start && e.out < idmap.end)
            ? `: the init code spans more than one page and free_boot_hyp_pgd unmaps only one page at hyp_idmap_start (${hex(idmap!.start - (idmap!.start % 4096))})`
            : `: nothing in this teardown unmaps ${held === 1 ? 'that page' : 'those pages'}`
          : `: the level-3 table below it is still allocated`
        : t.level === 2
          ? ': an empty level-2 table (unmap_range frees a level-2 table only when it empties a level-3 table below it, and this one never got one)'
          : '';
  return `L${t.level} table ${hex(t.pa)} (${t.label}, count ${t.count}) ${what}${why}`;
}

/** [start, end) of the idmap section (or its bounce copy), as the kernel variables hold it. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export function describeLeftTables(
  tables: readonly LeftTable[],
  idmap: Range | null = null,
): string {
  return tables.map((t) => describeOne(tables, t, idmap)).join('; ');
}
