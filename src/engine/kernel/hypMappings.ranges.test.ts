import { describe, expect, test } from 'vitest';
import { PAGE_HYP, PAGE_HYP_DEVICE } from '../arch/pageProt';
import type { Step } from '../trace/types';
import { armFailure } from './allocator';
import { createHypMappings, EINVAL, ENOMEM, unmapRange, type MapRequest } from './hypMappings';
import type { KernelContext } from './kernelContext';
import { PGD_BYTES } from './kvmMmuInit';
import { freshKernel } from './testHarness';
import type { Config } from '../scenario/config';

/*
 * __create_hyp_mappings and unmap_range (v3.10, facts §2.3, §2.4) over ranges the existing
 * tests do not reach: several pages, a 1 GiB boundary, 2 MiB boundaries, allocation failures,
 * entries that are already there. Expected descriptors are (pfn << 12) | prot and PA | 0b11.
 */

const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };

function setup(overrides: Partial<Config> = {}) {
  const k = freshKernel(overrides);
  let pgd = 0;
  k.step(LISTING, 'x', 'alloc pgd', 'test', () => {
    pgd = k.allocObject('pgd', PGD_BYTES)!;
  });
  const pool = k.layout.poolStart;
  return { k, pgd, pool };
}
const req = (
  pgd: number,
  start: number,
  end: number,
  pfn: number,
  prot = PAGE_HYP,
): MapRequest => ({
  pgd,
  pgdName: 'runtime',
  start,
  end,
  pfn,
  prot,
  label: 'test range',
});
const pte = (pfn: number, prot = PAGE_HYP) => (BigInt(pfn) << 12n) | prot;
const stepsSince = (k: KernelContext, n: number): Step[] => k.rec.steps.slice(n);
const tags = (steps: Step[]) => steps.map((s) => s.source.text);

describe('__create_hyp_mappings over a range', () => {
  test('start is rounded down and end up to pages: 0x...0f00-0x...1004 maps two pages with consecutive pfns', () => {
    const { k, pgd, pool } = setup();
    expect(createHypMappings(k, req(pgd, 0xc032_0f00, 0xc032_1004, 0x80320))).toBe(0);
    const l3 = pool + 0x1000;
    expect(k.readDesc(l3 + 0x120 * 8)).toBe(pte(0x80320));
    expect(k.readDesc(l3 + 0x121 * 8)).toBe(pte(0x80321));
    expect(k.readDesc(l3 + 0x11f * 8)).toBe(0n);
    expect(k.readDesc(l3 + 0x122 * 8)).toBe(0n);
    expect(k.pageCount(l3)).toBe(3); // allocation + two entries
  });
  test('an end exactly on a page boundary maps no page past it', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc032_0000, 0xc032_2000, 0x80320));
    const l3 = pool + 0x1000;
    expect(k.readDesc(l3 + 0x121 * 8)).toBe(pte(0x80321));
    expect(k.readDesc(l3 + 0x122 * 8)).toBe(0n);
  });
  test('a range across the 1 GiB boundary at 0xc0000000: two level-1 entries, two L2 and two L3 tables, pfns continue', () => {
    const { k, pgd, pool } = setup();
    expect(createHypMappings(k, req(pgd, 0xbfff_e000, 0xc000_2000, 0x7fffe))).toBe(0);
    // allocation order: L2 for slot 2, L3 for its L2[511], then L2 for slot 3, L3 for its L2[0]
    const [l2a, l3a, l2b, l3b] = [pool, pool + 0x1000, pool + 0x2000, pool + 0x3000];
    expect(k.readDesc(pgd + 2 * 8)).toBe(BigInt(l2a) | 3n);
    expect(k.readDesc(pgd + 3 * 8)).toBe(BigInt(l2b) | 3n);
    expect(k.readDesc(l2a + 511 * 8)).toBe(BigInt(l3a) | 3n);
    expect(k.readDesc(l2b + 0 * 8)).toBe(BigInt(l3b) | 3n);
    expect(k.readDesc(l3a + 510 * 8)).toBe(pte(0x7fffe));
    expect(k.readDesc(l3a + 511 * 8)).toBe(pte(0x7ffff));
    expect(k.readDesc(l3b + 0 * 8)).toBe(pte(0x80000));
    expect(k.readDesc(l3b + 1 * 8)).toBe(pte(0x80001));
    expect(k.readDesc(l3b + 2 * 8)).toBe(0n);
    expect(k.pageCount(k.layout.slabPagePa)).toBe(3); // 1 + two level-1 entries
    expect([l2a, l3a, l2b, l3b].map((p) => k.pageCount(p))).toEqual([2, 3, 2, 3]);
  });
  test('a second range in an L1 slot that already has a table reuses it (no allocation)', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000));
    const n = k.rec.steps.length;
    createHypMappings(k, req(pgd, 0xc000_1000, 0xc000_2000, 0x80001));
    expect(tags(stepsSince(k, n)).some((t) => /alloc/.test(t))).toBe(false);
    expect(stepsSince(k, n).some((s) => s.changes.some((c) => c.kind === 'alloc'))).toBe(false);
    expect(k.readDesc(pool + 0x1000 + 8)).toBe(pte(0x80001));
  });
  test('a level-1 entry that holds a bad value (not a table) is cleared and replaced by a new table', () => {
    const { k, pgd, pool } = setup();
    k.step(LISTING, 'x', 'corrupt', 'test', () =>
      k.writeDesc(pgd + 3 * 8, 0x4000_0401n, 1, 3, 'runtime'),
    );
    expect(createHypMappings(k, req(pgd, 0xffff_0000, 0xffff_1000, 0x80320))).toBe(0);
    expect(k.readDesc(pgd + 3 * 8)).toBe(BigInt(pool) | 3n);
    const alloc = k.rec.steps.find((s) => /Allocate a level-2 table/.test(s.title))!;
    expect(alloc.why).toMatch(/bad value/);
    expect(alloc.changes[0]).toMatchObject({
      kind: 'descriptor',
      level: 1,
      before: 0x4000_0401n,
      after: 0n,
    });
  });
  test('a section (block) entry at level 2 is a kernel BUG', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000));
    k.step(LISTING, 'x', 'section', 'test', () =>
      k.writeDesc(pool + 8, 0x8020_0401n, 2, 1, 'runtime'),
    );
    expect(() => createHypMappings(k, req(pgd, 0xc020_0000, 0xc020_1000, 0x80200))).toThrow(
      /BUG: section entry/,
    );
  });
  test('PAGE_HYP_DEVICE pages are explained as device memory, execute-never; PAGE_HYP as write-back', () => {
    const { k, pgd } = setup();
    createHypMappings(k, req(pgd, 0xf000_0000, 0xf000_1000, 0x2c000, PAGE_HYP_DEVICE));
    const dev = k.rec.steps.find((s) => /^Map test range/.test(s.title))!;
    expect(dev.why).toMatch(/PAGE_HYP_DEVICE/);
    expect(dev.why).toMatch(/execute-never/);
    expect(dev.title).toBe('Map test range: runtime PGD VA 0xf0000000 -> PA 0x2c000000');
    const n = k.rec.steps.length;
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000));
    const hyp = stepsSince(k, n).find((s) => /^Map test range/.test(s.title))!;
    expect(hyp.why).toMatch(/PAGE_HYP/);
    expect(hyp.why).toMatch(/AttrIndx 7/);
    expect(hyp.why).not.toMatch(/already valid/);
  });
  test('re-mapping a valid page says so in the step and overwrites the entry', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000));
    const n = k.rec.steps.length;
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x90000));
    const again = stepsSince(k, n).find((s) => /^Map /.test(s.title))!;
    expect(again.why).toMatch(/already valid \(0x0080000080000[0-9a-f]{3}\)/);
    expect(again.why).toMatch(/counted a second time/);
    expect(k.readDesc(pool + 0x1000)).toBe(pte(0x90000));
  });
  test('the titles of the table steps name the PGD, the slot and the descriptor written', () => {
    const { k, pgd, pool } = setup({});
    createHypMappings(k, { ...req(pgd, 0xffff_0000, 0xffff_1000, 0x80320), pgdName: 'boot' });
    const titles = k.rec.steps.map((s) => s.title);
    expect(titles).toContain('Allocate a level-2 table for boot PGD L1[3]');
    expect(titles).toContain(
      `boot PGD L1[3] = 0x${(BigInt(pool) | 3n).toString(16).padStart(16, '0')} (table)`,
    );
    expect(titles).toContain('Allocate a level-3 table for boot PGD L2[511]');
    expect(titles).toContain('Clean boot PGD L1[3] to the PoC');
    expect(titles).toContain('Clean boot PGD L2[511] to the PoC');
    expect(titles).toContain('Clean boot PGD L3[496] to the PoC');
  });
  test('the pre-patch design (single-step) has no cleans; the no-flush what-if shows them as skipped', () => {
    const v39 = setup({ design: 'single-step' });
    createHypMappings(v39.k, req(v39.pgd, 0xc000_0000, 0xc000_1000, 0x80000));
    expect(v39.k.rec.steps.some((s) => /Clean|clean/.test(s.title))).toBe(false);
    const nf = setup({ skipFlush: true });
    createHypMappings(nf.k, req(nf.pgd, 0xc000_0000, 0xc000_1000, 0x80000));
    const skipped = nf.k.rec.steps.filter((s) => /^Skipped: clean/.test(s.title));
    expect(skipped).toHaveLength(3);
    expect(skipped.every((s) => s.changes.length === 0 && /point of coherency/.test(s.why))).toBe(
      true,
    );
  });
});

describe('__create_hyp_mappings when an allocation fails: -ENOMEM', () => {
  const failing = (n: number) => {
    const s = setup();
    s.k.rec.update((st) => ({ ...st, alloc: armFailure(st.alloc, n) }));
    return s;
  };
  test('the level-2 table: "Cannot allocate Hyp pmd", nothing is linked', () => {
    const { k, pgd } = failing(1);
    expect(createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000))).toBe(ENOMEM);
    expect(k.vars.messages).toContain('Cannot allocate Hyp pmd');
    expect(k.readDesc(pgd + 3 * 8)).toBe(0n);
    expect(k.rec.steps.at(-1)!.title).toBe('Allocation of a level-2 table fails: -ENOMEM');
  });
  test('the level-3 table: "Cannot allocate Hyp pte"; the level-2 table stays linked', () => {
    const { k, pgd, pool } = failing(2);
    expect(createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000))).toBe(ENOMEM);
    expect(k.vars.messages).toContain('Cannot allocate Hyp pte');
    expect(k.readDesc(pgd + 3 * 8)).toBe(BigInt(pool) | 3n);
    expect(k.readDesc(pool)).toBe(0n);
    expect(k.rec.steps.at(-1)!.title).toBe('Allocation of a level-3 table fails: -ENOMEM');
  });
  test('the error codes are the kernel errnos', () => {
    expect([ENOMEM, EINVAL]).toEqual([-12, -22]);
  });
});

describe('unmap_range (v3.10): clear_pte/pmd/pud_entry and the references', () => {
  test('over more than one page: every page in [start, start + size) goes, the next one stays, tables stay while used', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xffff_0000, 0xffff_3000, 0xffff0));
    const l3 = pool + 0x1000;
    expect(k.pageCount(l3)).toBe(4);
    unmapRange(k, pgd, 'runtime', 0xffff_0000, 0x2000, 'x');
    expect(k.readDesc(l3 + 496 * 8)).toBe(0n);
    expect(k.readDesc(l3 + 497 * 8)).toBe(0n);
    expect(k.readDesc(l3 + 498 * 8)).toBe(pte(0xffff2));
    expect(k.pageCount(l3)).toBe(2);
    expect(k.readDesc(pool + 511 * 8)).toBe(BigInt(l3) | 3n);
    // the last page: the level-3, then the level-2 table empty and go, and the L1 entry
    unmapRange(k, pgd, 'runtime', 0xffff_2000, 0x1000, 'x');
    expect(k.pageCount(l3)).toBe(0);
    expect(k.pageCount(pool)).toBe(0);
    expect(k.readDesc(pgd + 3 * 8)).toBe(0n);
    expect(k.pageCount(k.layout.slabPagePa)).toBe(1);
  });
  test('the steps: one clear-pte per present page, then clear-pmd, then clear-pud', () => {
    const { k, pgd } = setup();
    createHypMappings(k, req(pgd, 0xffff_0000, 0xffff_2000, 0xffff0));
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'runtime', 0xffff_0000, 0x2000, 'the range');
    const s = stepsSince(k, n);
    expect(s.map((x) => x.title)).toEqual([
      'Unmap the range: runtime PGD VA 0xffff0000',
      'Unmap the range: runtime PGD VA 0xffff1000',
      'Free the emptied level-3 table of runtime PGD L2[511]',
      'Free the emptied level-2 table of runtime PGD L1[3]',
    ]);
    expect(s[0]!.why).toMatch(/No HYP TLB invalidation/);
    expect(s[2]!.why).toMatch(/count is back to 1/);
    expect(s[3]!.why).toMatch(/clear_pud_entry/);
  });
  test('empty level-1 and level-2 entries are skipped by 1 GiB and 2 MiB; an absent page is not cleared', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_1000, 0x80000)); // L2[0]
    createHypMappings(k, req(pgd, 0xc040_0000, 0xc040_1000, 0x80400)); // L2[2]
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'runtime', 0x4000_0000, 0x8060_0000, 'all');
    const s = stepsSince(k, n);
    expect(s.filter((x) => /Unmap all/.test(x.title)).map((x) => x.title)).toEqual([
      'Unmap all: runtime PGD VA 0xc0000000',
      'Unmap all: runtime PGD VA 0xc0400000',
    ]);
    expect(k.readDesc(pgd + 3 * 8)).toBe(0n);
    expect(k.pageCount(pool)).toBe(0);
  });
  test('a range with nothing mapped changes nothing', () => {
    const { k, pgd } = setup();
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'boot', 0x0, 2 ** 32, 'nothing');
    expect(k.rec.steps.length).toBe(n);
  });
  test('a present page next to the range is not touched: the end is exclusive', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_2000, 0x80000));
    unmapRange(k, pgd, 'runtime', 0xc000_0000, 0x1000, 'x');
    expect(k.readDesc(pool + 0x1000 + 8)).toBe(pte(0x80001));
    expect(k.pageCount(pool + 0x1000)).toBe(2);
  });
  test('an invalid but non-zero PTE is not "present": nothing is cleared or put', () => {
    const { k, pgd, pool } = setup();
    createHypMappings(k, req(pgd, 0xc000_0000, 0xc000_2000, 0x80000));
    k.step(LISTING, 'x', 'poison', 'test', () =>
      k.writeDesc(pool + 0x1000, 0x8000_0002n, 3, 0, 'runtime'),
    );
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'runtime', 0xc000_0000, 0x1000, 'x');
    expect(stepsSince(k, n)).toEqual([]);
    expect(k.readDesc(pool + 0x1000)).toBe(0x8000_0002n);
  });
  test('the boot PGD is named as such', () => {
    const { k, pgd } = setup();
    createHypMappings(k, { ...req(pgd, 0xffff_0000, 0xffff_1000, 0x80320), pgdName: 'boot' });
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'boot', 0xffff_0000, 0x1000, 'the trampoline');
    expect(stepsSince(k, n)[0]!.title).toBe('Unmap the trampoline: boot PGD VA 0xffff0000');
  });
});
