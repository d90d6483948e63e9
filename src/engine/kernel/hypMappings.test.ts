import { describe, expect, test } from 'vitest';
import { PAGE_HYP } from '../arch/pageProt';
import { createHypMappings, unmapRange } from './hypMappings';
import { PGD_BYTES } from './kvmMmuInit';
import { freshKernel } from './testHarness';

function setup() {
  const k = freshKernel();
  let pgd = 0;
  k.step(
    { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] },
    'x',
    'alloc pgd',
    'test',
    () => {
      pgd = k.allocObject('pgd', PGD_BYTES)!;
    },
  );
  return { k, pgd };
}

describe('__create_hyp_mappings', () => {
  test('one page: an L2 and an L3 table, PA|3 table entries, the page entry, one reference per entry', () => {
    const { k, pgd } = setup();
    const pool = k.layout.poolStart;
    expect(
      createHypMappings(k, {
        pgd,
        pgdName: 'boot',
        start: 0x80320f00,
        end: 0x80320fe4,
        pfn: 0x80320,
        prot: PAGE_HYP,
        label: 'idmap',
      }),
    ).toBe(0);
    // L1[2] -> the first pool page (L2), L2[1] -> the second (L3), L3[0x120] -> 0x80320000
    expect(k.readDesc(pgd + 2 * 8)).toBe(BigInt(pool) | 3n);
    expect(k.readDesc(pool + 1 * 8)).toBe(BigInt(pool + 0x1000) | 3n);
    expect(k.readDesc(pool + 0x1000 + 0x120 * 8)).toBe(0x0080_0000_8032_075fn);
    expect(k.pageCount(pool)).toBe(2); // its allocation + one entry
    expect(k.pageCount(pool + 0x1000)).toBe(2);
    expect(k.pageCount(k.layout.slabPagePa)).toBe(2); // the slab page holding the PGD: 1 + the L1 entry
  });
  test('each new entry is cleaned to the PoC (the patch), so a non-cacheable reader sees it', () => {
    const { k, pgd } = setup();
    createHypMappings(k, {
      pgd,
      pgdName: 'boot',
      start: 0xffff0000,
      end: 0xffff1000,
      pfn: 0x80320,
      prot: PAGE_HYP,
      label: 'tramp',
    });
    const pool = k.layout.poolStart;
    const m = k.world.memory;
    expect(m.read64(pgd + 3 * 8, k.v, 'poc')).toBe(BigInt(pool) | 3n);
    expect(m.read64(pool + 511 * 8, k.v, 'poc')).toBe(BigInt(pool + 0x1000) | 3n);
    expect(m.read64(pool + 0x1000 + 496 * 8, k.v, 'poc')).toBe(0x0080_0000_8032_075fn);
  });
  test('with skipFlush, the entries stay dirty: the PoC still reads zero', () => {
    const k0 = freshKernel({ skipFlush: true });
    let pgd = 0;
    k0.step(
      { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] },
      'x',
      'alloc',
      't',
      () => (pgd = k0.allocObject('pgd', 32)!),
    );
    createHypMappings(k0, {
      pgd,
      pgdName: 'boot',
      start: 0xffff0000,
      end: 0xffff1000,
      pfn: 0x80320,
      prot: PAGE_HYP,
      label: 'tramp',
    });
    expect(k0.world.memory.read64(pgd + 3 * 8, k0.v, 'poc')).toBe(0n);
    expect(k0.readDesc(pgd + 3 * 8)).not.toBe(0n);
  });
  test('mapping the same page twice overwrites the entry and counts it twice (no check in v3.10)', () => {
    const { k, pgd } = setup();
    const req = {
      pgd,
      pgdName: 'boot' as const,
      start: 0xffff0000,
      end: 0xffff1000,
      pfn: 0xffff0,
      prot: PAGE_HYP,
      label: 'x',
    };
    createHypMappings(k, req);
    createHypMappings(k, { ...req, start: 0xffff0100, end: 0xffff0200 });
    expect(k.pageCount(k.layout.poolStart + 0x1000)).toBe(3);
  });
  test('a range over two 2 MiB blocks gets two L3 tables, and the L2 table two references', () => {
    const { k, pgd } = setup();
    createHypMappings(k, {
      pgd,
      pgdName: 'runtime',
      start: 0xc01ff000,
      end: 0xc0201000,
      pfn: 0x801ff,
      prot: PAGE_HYP,
      label: 'x',
    });
    const pool = k.layout.poolStart;
    expect(k.pageCount(pool)).toBe(3);
    expect(k.readDesc(pool + 0x1000 + 511 * 8)).toBe(0x0080_0000_801f_f75fn);
    expect(k.readDesc(pool + 0x2000 + 0 * 8)).toBe(0x0080_0000_8020_075fn);
  });
});

describe('unmap_range', () => {
  test('clears the entry, frees emptied tables and drops every reference it took', () => {
    const { k, pgd } = setup();
    const start = k.rec.state.alloc;
    createHypMappings(k, {
      pgd,
      pgdName: 'boot',
      start: 0xffff0000,
      end: 0xffff1000,
      pfn: 0x80320,
      prot: PAGE_HYP,
      label: 't',
    });
    unmapRange(k, pgd, 'boot', 0xffff0000, 4096, 't');
    expect(k.readDesc(pgd + 3 * 8)).toBe(0n);
    expect(k.pageCount(k.layout.poolStart)).toBe(0);
    expect(k.pageCount(k.layout.poolStart + 0x1000)).toBe(0);
    expect(k.pageCount(k.layout.slabPagePa)).toBe(1);
    expect(k.rec.state.alloc.nextFresh).toBe(start.nextFresh);
  });
  test('a doubly counted PTE keeps its table alive: unmapping twice leaves a count of 2 (leak)', () => {
    const { k, pgd } = setup();
    createHypMappings(k, {
      pgd,
      pgdName: 'boot',
      start: 0xffff0100,
      end: 0xffff0200,
      pfn: 0xffff0,
      prot: PAGE_HYP,
      label: 'idmap',
    });
    createHypMappings(k, {
      pgd,
      pgdName: 'boot',
      start: 0xffff0000,
      end: 0xffff1000,
      pfn: 0xffff0,
      prot: PAGE_HYP,
      label: 'tramp',
    });
    unmapRange(k, pgd, 'boot', 0xffff0100, 4096, 'idmap');
    unmapRange(k, pgd, 'boot', 0xffff0000, 4096, 'tramp');
    expect(k.pageCount(k.layout.poolStart + 0x1000)).toBe(2);
    expect(k.pageCount(k.layout.poolStart)).toBe(2);
  });
});
