import { describe, expect, test } from 'vitest';
import type { IdmapSection } from './kvmMmuInit';
import { PAGE_HYP } from '../arch/pageProt';
import type { Config } from '../scenario/config';
import { createHypMappings, unmapRange } from './hypMappings';
import { freeHypPgds, hypIdmapSetupV39, kvmMmuInit, PGD_BYTES } from './kvmMmuInit';
import { freshKernel } from './testHarness';

/*
 * The pages behind the tables, as the address strip and the allocation log show them:
 * pmd_alloc_one / pte_alloc_one_kernel return zeroed pages whatever the page held before
 * (facts §2.3), each page is labelled with what it is, and every allocation and free is
 * logged under the kernel's name for it.
 */

const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };
const ONE_PAGE: IdmapSection = { start: 0x8032_0f00, end: 0x8032_0fe4, vector: 0x8032_0f00 };
const CROSSING: IdmapSection = { start: 0x8032_0fa0, end: 0x8032_1084, vector: 0x8032_0fa0 };

function dirtyPool(overrides: Partial<Config> = {}) {
  const k = freshKernel(overrides);
  // whatever the pool pages held before: non-zero words at every 8-byte slot of 4 pages
  for (let p = 0; p < 4; p++)
    for (let i = 0; i < 512; i++)
      k.world.memory.uncachedWrite32(k.layout.poolStart + p * 4096 + i * 8, 0xbad0_0001, 0);
  return k;
}
const allocs = (k: ReturnType<typeof freshKernel>) =>
  k.rec.steps.flatMap((s) =>
    s.changes.flatMap((c) =>
      c.kind === 'alloc' || c.kind === 'free' ? [`${c.kind} ${c.what}`] : [],
    ),
  );

describe('table pages come zeroed', () => {
  test('an L2 and an L3 table hold only the entries written into them, whatever was there before', () => {
    const k = dirtyPool();
    let pgd = 0;
    k.step(LISTING, 'x', 'pgd', 't', () => (pgd = k.allocObject('pgd', PGD_BYTES)!));
    createHypMappings(k, {
      pgd,
      pgdName: 'runtime',
      start: 0xc000_0000,
      end: 0xc000_1000,
      pfn: 0x80000,
      prot: PAGE_HYP,
      label: 'x',
    });
    const pool = k.layout.poolStart;
    const nonZero = (page: number) => {
      let n = 0;
      for (let i = 0; i < 512; i++) if (k.readDesc(page + i * 8) !== 0n) n++;
      return n;
    };
    expect(nonZero(pool)).toBe(1);
    expect(nonZero(pool + 0x1000)).toBe(1);
  });
  test("v3.9's level-2 table too", () => {
    const k = dirtyPool({ design: 'single-step' });
    hypIdmapSetupV39(k, ONE_PAGE);
    const l2 = k.layout.poolStart;
    let n = 0;
    for (let i = 0; i < 512; i++) if (k.readDesc(l2 + i * 8) !== 0n) n++;
    expect(n).toBe(1);
  });
});

describe('what each page is, and the allocation log', () => {
  test('table pages are labelled level-2/level-3 tables of their PGD and slot', () => {
    const k = freshKernel();
    kvmMmuInit(k, ONE_PAGE);
    const owner = (pa: number) => k.world.owners.get(pa / 4096, k.v);
    const pool = k.layout.poolStart;
    // allocation order: idmap L2 (boot L1[2]), its L3 (L2[1]), trampoline L2 (boot L1[3]), L3 (L2[511]), then runtime
    expect(owner(pool)).toEqual({ kind: 'l2-table', label: 'boot PGD L2 for L1[2]' });
    expect(owner(pool + 0x1000)).toEqual({ kind: 'l3-table', label: 'boot PGD L3 for L2[1]' });
    expect(owner(pool + 0x4000)).toEqual({ kind: 'l2-table', label: 'runtime PGD L2 for L1[3]' });
    expect(owner(pool + 0x5000)).toEqual({ kind: 'l3-table', label: 'runtime PGD L3 for L2[511]' });
  });
  test('the bounce page is a kmalloc object labelled as the init bounce page', () => {
    const k = freshKernel();
    kvmMmuInit(k, CROSSING);
    expect(k.world.owners.get(k.vars.bounce! / 4096, k.v)).toEqual({
      kind: 'bounce',
      label: 'HYP init bounce page',
    });
  });
  test('allocations and frees are logged under the kernel names, in order', () => {
    const k = freshKernel();
    kvmMmuInit(k, CROSSING);
    expect(allocs(k)).toEqual([
      'alloc init bounce page',
      'alloc hyp_pgd (runtime PGD)',
      'alloc boot_hyp_pgd (boot PGD)',
      'alloc L2 table (boot PGD L1[2])',
      'alloc L3 table (boot PGD L2[1])',
      'alloc L2 table (boot PGD L1[3])',
      'alloc L3 table (boot PGD L2[511])',
      'alloc L2 table (runtime PGD L1[3])',
      'alloc L3 table (runtime PGD L2[511])',
    ]);
    const n = k.rec.steps.length;
    freeHypPgds(k);
    const freed = k.rec.steps
      .slice(n)
      .flatMap((s) => s.changes.flatMap((c) => (c.kind === 'free' ? [c.what] : [])));
    expect(freed).toEqual([
      'L3 table',
      'L2 table',
      'L3 table',
      'L2 table',
      'boot_hyp_pgd',
      'L3 table',
      'L2 table',
      'init bounce page',
      'hyp_pgd',
    ]);
  });
  test('a v3.9 level-2 table is labelled as the HYP PGD one and logged as such', () => {
    const k = freshKernel({ design: 'single-step' });
    hypIdmapSetupV39(k, ONE_PAGE);
    expect(allocs(k)).toEqual(['alloc hyp_pgd', 'alloc L2 table (HYP PGD L1[2])']);
    expect(k.world.owners.get(k.layout.poolStart / 4096, k.v)).toEqual({
      kind: 'l2-table',
      label: 'HYP PGD L2 for L1[2]',
    });
  });
  test('unmap frees an emptied table page under its level name', () => {
    const k = freshKernel();
    let pgd = 0;
    k.step(LISTING, 'x', 'pgd', 't', () => (pgd = k.allocObject('pgd', PGD_BYTES)!));
    const map = { pgd, pgdName: 'runtime' as const, pfn: 0x80000, prot: PAGE_HYP, label: 'x' };
    createHypMappings(k, { ...map, start: 0xc000_0000, end: 0xc000_1000 });
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'runtime', 0xc000_0000, 0x1000, 'x');
    const what = k.rec.steps
      .slice(n)
      .flatMap((s) => s.changes.flatMap((c) => (c.kind === 'free' ? [c.what] : [])));
    expect(what).toEqual(['L3 table', 'L2 table']);
  });
});
