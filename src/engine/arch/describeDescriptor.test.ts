import { describe, expect, test } from 'vitest';
import {
  decodeDescriptor,
  describeDescriptor,
  indexAt,
  pgdIndex,
  PGDIR_SIZE,
  PMD_SIZE,
  pmdIndex,
  pteIndex,
  PTRS_PER_PGD,
  PTRS_PER_PMD,
  PTRS_PER_PTE,
  SHAREABILITY,
  splitVa,
  type DescriptorField,
} from './lpae';
import { descriptor, hypVa } from './types';

/*
 * The decoded bit table the UI shows for a descriptor (the "what do these 64 bits mean" panel),
 * checked field by field against the long-descriptor format (facts §1.2) and Linux's MAIRs
 * (facts §1.3). Values and bit ranges are exact; the prose only has to name the right thing.
 */

const rows = (raw: bigint, level: 1 | 2 | 3) => describeDescriptor(descriptor(raw), level);
const row = (rs: DescriptorField[], field: string) => {
  const r = rs.find((x) => x.field === field);
  if (!r) throw new Error(`no row ${field}`);
  return r;
};

describe('geometry (facts §1.1)', () => {
  test('4 level-1 entries of 1 GiB, 512 level-2 entries of 2 MiB, 512 level-3 entries', () => {
    expect([PTRS_PER_PGD, PTRS_PER_PMD, PTRS_PER_PTE]).toEqual([4, 512, 512]);
    expect(PGDIR_SIZE).toBe(0x4000_0000);
    expect(PMD_SIZE).toBe(0x20_0000);
  });
  test('pgd_index is addr >> 30 without masking (64-bit addresses past 4 GiB give 4 and up)', () => {
    expect(pgdIndex(0xffff_ffff)).toBe(3);
    expect(pgdIndex(0x1_0000_0000)).toBe(4);
    expect(pgdIndex(0x3fff_ffff)).toBe(0);
  });
  test('pmd_index is (addr >> 21) & 511 and pte_index (addr >> 12) & 511, also past 4 GiB', () => {
    expect(pmdIndex(0xffff_0000)).toBe(511);
    expect(pmdIndex(0x1_0020_0000)).toBe(1);
    expect(pteIndex(0xffff_0000)).toBe(496);
    expect(pteIndex(0x1_0000_1000)).toBe(1);
  });
  test('indexAt picks the index of each level; splitVa keeps the byte offset', () => {
    const va = hypVa(0x4020_3abc);
    expect([1, 2, 3].map((l) => indexAt(l as 1 | 2 | 3, va))).toEqual([1, 1, 3]);
    expect(splitVa(hypVa(0xffff_ffff))).toEqual({ l1: 3, l2: 511, l3: 511, offset: 0xfff });
    expect(splitVa(hypVa(0))).toEqual({ l1: 0, l2: 0, l3: 0, offset: 0 });
  });
});

describe('decodeDescriptor: blocks and their output addresses', () => {
  test('a level-1 block outputs PA[39:30]: bits [29:12] of the descriptor are not part of it', () => {
    const d = decodeDescriptor(descriptor(0xff_c012_3401n), 1);
    expect(d).toMatchObject({ kind: 'block', output: 0xff_c000_0000 });
  });
  test('a level-2 block outputs PA[39:21]', () => {
    const d = decodeDescriptor(descriptor(0xff_c03f_f401n), 2);
    expect(d).toMatchObject({ kind: 'block', output: 0xff_c020_0000 });
  });
  test('bits above 39 are attributes, not address: XN and the software bits decode as such', () => {
    const raw = (1n << 54n) | (1n << 53n) | (1n << 52n) | (7n << 55n) | (1n << 11n) | (1n << 5n);
    const d = decodeDescriptor(descriptor(raw | 0x8032_0403n), 3);
    expect(d.kind).toBe('page');
    if (d.kind !== 'page') return;
    expect(d.output).toBe(0x8032_0000);
    expect(d.attrs).toMatchObject({
      xn: true,
      pxn: true,
      contiguous: true,
      swDirty: true,
      swSpecial: true,
      swNone: true,
      nG: true,
      ns: true,
      af: true,
      sh: 0,
      ap1: false,
      ap2ReadOnly: false,
      attrIndx: 0,
    });
  });
  test('a table entry carries XNTable (bit 60) and PXNTable (bit 59), and its next-table PA', () => {
    expect(decodeDescriptor(descriptor((1n << 60n) | 0x8010_0003n), 2)).toEqual({
      kind: 'table',
      raw: (1n << 60n) | 0x8010_0003n,
      next: 0x8010_0000,
      pxnTable: false,
      xnTable: true,
    });
    expect(decodeDescriptor(descriptor((1n << 59n) | 0x8010_0003n), 1)).toMatchObject({
      pxnTable: true,
      xnTable: false,
    });
  });
});

describe('describeDescriptor: the decoded table the UI shows', () => {
  test('an invalid entry has one row: bit 0 is zero and the walk faults here', () => {
    const rs = rows(0x8032_075en, 3);
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ field: 'valid', bits: '0', value: '0' });
    expect(rs[0]!.meaning).toMatch(/invalid/);
    expect(rs[0]!.meaning).toMatch(/fault/);
  });
  test('a table entry: valid, table, next-table PA [39:12], PXNTable 59, XNTable 60', () => {
    const rs = rows((1n << 60n) | 0x8f5e_1003n, 1);
    expect(rs.map((r) => [r.field, r.bits, r.value])).toEqual([
      ['valid', '0', '1'],
      ['table', '1', '1'],
      ['next table', '39:12', '0x8f5e1000'],
      ['PXNTable', '59', '0'],
      ['XNTable', '60', '1'],
    ]);
    expect(rs[0]!.meaning).toBe('valid');
    expect(row(rs, 'table').meaning).toMatch(/next-level table/);
    expect(row(rs, 'next table').meaning).toMatch(/PA/);
    expect(row(rs, 'PXNTable').meaning).toMatch(/HYP/);
    expect(row(rs, 'XNTable').meaning).toMatch(/no execution/);
    expect(row(rows(0x8f5e_1003n, 2), 'XNTable')).toMatchObject({ value: '0' });
    expect(row(rows(0x8f5e_1003n, 2), 'XNTable').meaning).toMatch(/allowed/);
    expect(row(rows((1n << 59n) | 0x8f5e_1003n, 2), 'PXNTable').value).toBe('1');
  });
  test('a reserved level-3 entry: valid, bit 1 clear, and nothing more (it faults)', () => {
    const rs = rows(0x8032_0741n, 3);
    expect(rs.map((r) => [r.field, r.value])).toEqual([
      ['valid', '1'],
      ['page', '0'],
    ]);
    expect(rs[1]!.meaning).toMatch(/reserved/);
  });
  test('PAGE_HYP at level 3: every field with its bits and value (facts §1.3)', () => {
    const rs = rows(0x0080_0000_8032_075fn, 3);
    expect(rs.map((r) => [r.field, r.bits, r.value])).toEqual([
      ['valid', '0', '1'],
      ['page', '1', '1'],
      ['output', '39:12', '0x80320000'],
      ['AttrIndx', '4:2', '7'],
      ['NS', '5', '0'],
      ['AP[1]', '6', '1'],
      ['AP[2]', '7', '0'],
      ['SH', '9:8', '3'],
      ['AF', '10', '1'],
      ['nG', '11', '0'],
      ['Contiguous', '52', '0'],
      ['PXN', '53', '0'],
      ['XN', '54', '0'],
      ['sw DIRTY', '55', '1'],
    ]);
    expect(row(rs, 'page').meaning).toMatch(/page/);
    expect(row(rs, 'output').meaning).toMatch(/physical address/);
    expect(row(rs, 'AttrIndx').meaning).toMatch(/^HMAIR1 byte 3: .*0xff/);
    expect(row(rs, 'NS').meaning).toMatch(/Non-secure/);
    expect(row(rs, 'AP[1]').meaning).toMatch(/L_PTE_HYP/);
    expect(row(rs, 'AP[2]').meaning).toMatch(/read\/write/);
    expect(row(rs, 'SH').meaning).toBe('inner shareable');
    expect(row(rs, 'AF').meaning).toMatch(/accessed/);
    expect(row(rs, 'nG').meaning).toMatch(/ASID/);
    expect(row(rs, 'Contiguous').meaning).toMatch(/contiguous/);
    expect(row(rs, 'PXN').meaning).toMatch(/HYP/);
    expect(row(rs, 'XN').meaning).toMatch(/executable/);
    expect(row(rs, 'sw DIRTY').meaning).toMatch(/software/);
  });
  test('PAGE_HYP_DEVICE: AttrIndx 4 is HMAIR1 byte 0, device; XN set', () => {
    const rs = rows(0x00c0_0000_2c00_4753n, 3);
    expect(row(rs, 'AttrIndx')).toMatchObject({ value: '4' });
    expect(row(rs, 'AttrIndx').meaning).toMatch(/^HMAIR1 byte 0: device \(0x04\)/);
    expect(row(rs, 'XN').value).toBe('1');
    expect(row(rs, 'XN').meaning).toMatch(/execute-never/);
  });
  test('AttrIndx 0-3 name HMAIR0 bytes 0-3 with their Linux types', () => {
    const meaning = (i: number) =>
      row(rows(0x8032_0403n | (BigInt(i) << 2n), 3), 'AttrIndx').meaning;
    expect(meaning(0)).toMatch(/^HMAIR0 byte 0: strongly ordered \(0x00\)/);
    expect(meaning(1)).toMatch(/^HMAIR0 byte 1: normal non-cacheable \(0x44\)/);
    expect(meaning(2)).toMatch(/^HMAIR0 byte 2: write-through \(0xaa\)/);
    expect(meaning(3)).toMatch(/^HMAIR0 byte 3: write-back \(0xee\)/);
    expect(meaning(5)).toMatch(/^HMAIR1 byte 1: unused/);
    expect(meaning(6)).toMatch(/^HMAIR1 byte 2: unused/);
    expect(meaning(7)).toMatch(/^HMAIR1 byte 3: write-back, write-allocate \(0xff\)/);
  });
  test('read-only, access flag clear, and the other SH encodings', () => {
    const rs = rows(0x8032_00c3n | (1n << 8n), 3); // AP[2:1] = 11, SH = 01, AF = 0
    expect(row(rs, 'AP[2]')).toMatchObject({ value: '1' });
    expect(row(rs, 'AP[2]').meaning).toMatch(/read-only/);
    expect(row(rs, 'AF')).toMatchObject({ value: '0' });
    expect(row(rs, 'AF').meaning).toMatch(/access-flag fault/);
    expect(row(rs, 'SH')).toMatchObject({ value: '1', meaning: 'reserved' });
    expect(SHAREABILITY).toEqual([
      'non-shareable',
      'reserved',
      'outer shareable',
      'inner shareable',
    ]);
    expect(row(rows(0x8032_0603n, 3), 'SH').meaning).toBe('outer shareable');
    expect(row(rows(0x8032_0403n, 3), 'SH').meaning).toBe('non-shareable');
  });
  test('NS, nG, Contiguous, PXN set show as ones', () => {
    const rs = rows(0x8032_0c23n | (1n << 52n) | (1n << 53n), 3);
    expect(['NS', 'nG', 'Contiguous', 'PXN', 'sw DIRTY'].map((f) => row(rs, f).value)).toEqual([
      '1',
      '1',
      '1',
      '1',
      '0',
    ]);
  });
  test('blocks: the output field covers [39:30] at level 1 and [39:21] at level 2', () => {
    const l1 = rows(0x4000_0401n, 1);
    expect(row(l1, 'table')).toMatchObject({ bits: '1', value: '0', meaning: 'block' });
    expect(row(l1, 'output')).toMatchObject({ bits: '39:30', value: '0x40000000' });
    const l2 = rows(0x8060_0401n, 2);
    expect(row(l2, 'output')).toMatchObject({ bits: '39:21', value: '0x80600000' });
  });
});
