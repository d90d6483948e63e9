import { hex } from '../arch/hex';
import { pgdIndex, PGDIR_SIZE, PMD_SIZE, pmdIndex, pteIndex, tableDescriptor } from '../arch/lpae';
import { pa as toPa, type Pa } from '../arch/types';
import { CREATE_HYP_MAPPINGS, UNMAP_RANGE } from '../source/cListings';
import type { PgdName } from '../trace/types';
import type { KernelContext } from './kernelContext';

export const ENOMEM = -12;
export const EINVAL = -22;

const TABLE_BIT = 2n; // bit 1: table at L1/L2

export interface MapRequest {
  pgd: number;
  pgdName: PgdName;
  start: number;
  end: number;
  pfn: number;
  prot: bigint;
  /** What is being mapped, for step titles ("the idmap", "HYP text"). */
  label: string;
}

function outputOf(desc: bigint): number {
  return Number(desc & 0xff_ffff_f000n);
}

/**
 * The patch's three cleans (facts §2.3): one step each, or a visible "skipped" step under the
 * no-flush what-if; the pre-patch (single-step) code simply has none.
 */
function cleanEntry(ctx: KernelContext, tag: string, entryPa: number, what: string): void {
  if (ctx.config.design === 'single-step') return;
  if (ctx.config.skipFlush) {
    ctx.step(
      CREATE_HYP_MAPPINGS,
      tag,
      `Skipped: clean ${what} to the PoC (no-flush what-if)`,
      `The dual-step patch cleans each new entry to the point of coherency. Without it the entry may sit dirty in the data cache, where a table walker that reads memory directly (HYP with caches off, or a non-snooping walker) cannot see it.`,
    );
    return;
  }
  ctx.step(
    CREATE_HYP_MAPPINGS,
    tag,
    `Clean ${what} to the PoC`,
    `The store went into the data cache. HYP turns its MMU on with its caches in whatever state the init code sets, and a walk that does not look in the cache would read stale memory instead of this entry. Cleaning the line to the point of coherency makes the entry visible to every observer. The dual-step patch added this clean at all three levels.`,
    () => ctx.cleanToPoc(entryPa, 8),
  );
}

/** __create_hyp_mappings: returns 0 or -ENOMEM, recording one step per kernel action. */
export function createHypMappings(ctx: KernelContext, req: MapRequest): number {
  let addr = req.start - (req.start % 4096);
  const end = Math.ceil(req.end / 4096) * 4096;
  let pfn = req.pfn;
  const pgdLabel = req.pgdName === 'boot' ? 'boot PGD' : 'runtime PGD';
  do {
    const l1 = pgdIndex(addr);
    const pudPa = req.pgd + l1 * 8;
    const pud = ctx.readDesc(pudPa);
    if (pud === 0n || (pud & TABLE_BIT) === 0n) {
      const wasBad = pud !== 0n;
      let l2: number | null = null;
      ctx.step(
        CREATE_HYP_MAPPINGS,
        'pmd-alloc',
        `Allocate a level-2 table for ${pgdLabel} L1[${l1}]`,
        `${req.label} at ${hex(addr)} lies in the 1 GiB slot ${l1}, which has no level-2 table in the ${pgdLabel} yet${wasBad ? ' (the entry held a bad value and was cleared)' : ''}. pmd_alloc_one returns a zeroed page: 512 empty entries, one per 2 MiB.`,
        () => {
          if (wasBad) ctx.writeDesc(pudPa, 0n, 1, l1, req.pgdName);
          l2 = ctx.allocPage(
            `L2 table (${pgdLabel} L1[${l1}])`,
            { kind: 'l2-table', label: `${pgdLabel} L2 for L1[${l1}]` },
            true,
          );
          if (l2 === null) {
            ctx.message('err', 'Cannot allocate Hyp pmd');
            ctx.rec.retitle(`Allocation of a level-2 table fails: -ENOMEM`);
          }
        },
      );
      if (l2 === null) return ENOMEM;
      const l2pa: Pa = toPa(l2);
      const desc = tableDescriptor(l2pa);
      ctx.step(
        CREATE_HYP_MAPPINGS,
        'pud-populate',
        `${pgdLabel} L1[${l1}] = ${hex(desc, 16)} (table)`,
        `pud_populate writes the table's PA with the low bits 0b11 (valid, table). get_page on the page holding the L1 entry counts one more entry in use there. That page is a kmalloc slab page (the PGD is a 32-byte kmalloc object), so the count does not decide when the L1 goes: the PGD is freed with kfree.`,
        () => {
          ctx.writeDesc(pudPa, desc, 1, l1, req.pgdName);
          ctx.getPage(pudPa);
        },
      );
      cleanEntry(ctx, 'pud-clean', pudPa, `${pgdLabel} L1[${l1}]`);
    }
    const slotEnd = Math.min((l1 + 1) * PGDIR_SIZE, end);
    const err = createPmdMappings(ctx, req, outputOf(ctx.readDesc(pudPa)), addr, slotEnd, pfn);
    if (err) return err;
    pfn += (slotEnd - addr) / 4096;
    addr = slotEnd;
  } while (addr !== end);
  return 0;
}

function createPmdMappings(
  ctx: KernelContext,
  req: MapRequest,
  l2: number,
  start: number,
  end: number,
  pfn0: number,
): number {
  let addr = start;
  let pfn = pfn0;
  const pgdLabel = req.pgdName === 'boot' ? 'boot PGD' : 'runtime PGD';
  do {
    const i2 = pmdIndex(addr);
    const pmdPa = l2 + i2 * 8;
    const pmd = ctx.readDesc(pmdPa);
    if (pmd !== 0n && (pmd & TABLE_BIT) === 0n)
      throw new Error(`BUG: section entry at ${hex(pmdPa)}`);
    if (pmd === 0n) {
      let l3: number | null = null;
      ctx.step(
        CREATE_HYP_MAPPINGS,
        'pte-alloc',
        `Allocate a level-3 table for ${pgdLabel} L2[${i2}]`,
        `The 2 MiB block at ${hex(addr - (addr % PMD_SIZE))} has no level-3 table yet. pte_alloc_one_kernel returns a zeroed page: 512 empty page entries.`,
        () => {
          l3 = ctx.allocPage(
            `L3 table (${pgdLabel} L2[${i2}])`,
            { kind: 'l3-table', label: `${pgdLabel} L3 for L2[${i2}]` },
            true,
          );
          if (l3 === null) {
            ctx.message('err', 'Cannot allocate Hyp pte');
            ctx.rec.retitle('Allocation of a level-3 table fails: -ENOMEM');
          }
        },
      );
      if (l3 === null) return ENOMEM;
      const desc = tableDescriptor(toPa(l3));
      ctx.step(
        CREATE_HYP_MAPPINGS,
        'pmd-populate',
        `${pgdLabel} L2[${i2}] = ${hex(desc, 16)} (table)`,
        `pmd_populate_kernel links the new level-3 table (PA | 0b11), and get_page on the level-2 table's page counts the new entry.`,
        () => {
          ctx.writeDesc(pmdPa, desc, 2, i2, req.pgdName);
          ctx.getPage(pmdPa);
        },
      );
      cleanEntry(ctx, 'pmd-clean', pmdPa, `${pgdLabel} L2[${i2}]`);
    }
    const next = Math.min(addr - (addr % PMD_SIZE) + PMD_SIZE, end);
    createPteMappings(ctx, req, outputOf(ctx.readDesc(pmdPa)), addr, next, pfn);
    pfn += (next - addr) / 4096;
    addr = next;
  } while (addr !== end);
  return 0;
}

const WHY_SET_PTE_HYP =
  "The level-3 entry becomes (pfn << 12) | PAGE_HYP: valid page, AttrIndx 7 (write-back write-allocate), AP[1] set (L_PTE_HYP), read/write, inner shareable, access flag set, executable. get_page on the level-3 table's page counts the entry, so the table is freed only when its last entry goes.";
const WHY_SET_PTE_DEVICE =
  "The level-3 entry becomes (pfn << 12) | PAGE_HYP_DEVICE: AttrIndx 4 (device memory), inner shareable, access flag set, execute-never. get_page on the level-3 table's page counts the entry.";

function createPteMappings(
  ctx: KernelContext,
  req: MapRequest,
  l3: number,
  start: number,
  end: number,
  pfn0: number,
): void {
  let pfn = pfn0;
  const pgdLabel = req.pgdName === 'boot' ? 'boot PGD' : 'runtime PGD';
  const why = req.prot === 0x00c0_0000_0000_0753n ? WHY_SET_PTE_DEVICE : WHY_SET_PTE_HYP;
  for (let addr = start; addr !== end; addr += 4096) {
    const i3 = pteIndex(addr);
    const ptePa = l3 + i3 * 8;
    const desc = (BigInt(pfn) << 12n) | req.prot;
    const before = ctx.readDesc(ptePa);
    ctx.step(
      CREATE_HYP_MAPPINGS,
      'set-pte',
      `Map ${req.label}: ${pgdLabel} VA ${hex(addr)} -> PA ${hex(pfn * 4096)}`,
      before !== 0n
        ? `${why} The entry was already valid (${hex(before, 16)}): it is overwritten without a check and counted a second time.`
        : why,
      () => {
        ctx.writeDesc(ptePa, desc, 3, i3, req.pgdName);
        ctx.getPage(ptePa);
      },
    );
    cleanEntry(ctx, 'pte-clean', ptePa, `${pgdLabel} L3[${i3}]`);
    pfn++;
  }
}

/**
 * unmap_range (v3.10, facts §2.4): 64-bit addresses, no TLB maintenance for HYP (kvm = NULL).
 * A bounded loop: a corrupt table could otherwise send the model round forever.
 */
export function unmapRange(
  ctx: KernelContext,
  pgd: number,
  pgdName: PgdName,
  start: number,
  size: number,
  label: string,
): void {
  let addr = start;
  const end = start + size;
  const pgdLabel = pgdName === 'boot' ? 'boot PGD' : 'runtime PGD';
  let guard = 0;
  while (addr < end && guard++ < 1 << 20) {
    const l1 = pgdIndex(addr);
    const pudPa = pgd + l1 * 8;
    const pud = ctx.readDesc(pudPa);
    if (pud === 0n) {
      addr += PGDIR_SIZE;
      continue;
    }
    const l2 = outputOf(pud);
    const i2 = pmdIndex(addr);
    const pmdPa = l2 + i2 * 8;
    const pmd = ctx.readDesc(pmdPa);
    if (pmd === 0n) {
      addr += PMD_SIZE;
      continue;
    }
    const l3 = outputOf(pmd);
    const i3 = pteIndex(addr);
    const ptePa = l3 + i3 * 8;
    let range = 4096;
    const pte = ctx.readDesc(ptePa);
    if (pte & 1n) {
      ctx.step(
        UNMAP_RANGE,
        'clear-pte',
        `Unmap ${label}: ${pgdLabel} VA ${hex(addr)}`,
        `clear_pte_entry zeroes ${pgdLabel} L3[${i3}] and drops the reference it held on the level-3 table. No HYP TLB invalidation happens here: unmap_range runs at PL1 with kvm = NULL.`,
        () => {
          ctx.writeDesc(ptePa, 0n, 3, i3, pgdName);
          ctx.putPage(ptePa, 'L3 table');
        },
      );
    }
    if (ctx.pageCount(l3) === 1) {
      ctx.step(
        UNMAP_RANGE,
        'clear-pmd',
        `Free the emptied level-3 table of ${pgdLabel} L2[${i2}]`,
        `The level-3 table's count is back to 1 (only its own reference), so it holds no entry: clear_pmd_entry zeroes L2[${i2}], frees the table and drops the level-2 table's reference.`,
        () => {
          ctx.writeDesc(pmdPa, 0n, 2, i2, pgdName);
          ctx.putPage(l3, 'L3 table');
          ctx.putPage(pmdPa, 'L2 table');
        },
      );
      range = PMD_SIZE;
      if (ctx.pageCount(l2) === 1) {
        ctx.step(
          UNMAP_RANGE,
          'clear-pud',
          `Free the emptied level-2 table of ${pgdLabel} L1[${l1}]`,
          `The level-2 table is empty too: clear_pud_entry clears L1[${l1}], frees the table and drops the reference on the page holding the L1 entry.`,
          () => {
            ctx.writeDesc(pudPa, 0n, 1, l1, pgdName);
            ctx.putPage(l2, 'L2 table');
            ctx.putPage(pudPa, 'slab page');
          },
        );
        range = PGDIR_SIZE;
      }
    }
    addr += range;
  }
}
