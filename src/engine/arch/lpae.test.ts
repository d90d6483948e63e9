import { describe, expect, test } from 'vitest';
import { decodeDescriptor, pageDescriptor, splitVa, tableDescriptor, TRAMPOLINE_VA } from './lpae';
import { PAGE_HYP, PAGE_HYP_DEVICE } from './pageProt';
import { descriptor, hypVa, pa, pfn } from './types';

describe('VA split (facts §1.1 worked examples)', () => {
  test('TRAMPOLINE_VA 0xffff0000 -> L1 3, L2 511, L3 496, offset 0', () => {
    expect(splitVa(TRAMPOLINE_VA)).toEqual({ l1: 3, l2: 511, l3: 496, offset: 0 });
  });
  test('0x80421e60 -> L1 2, L2 2, L3 0x21, offset 0xe60', () => {
    expect(splitVa(hypVa(0x80421e60))).toEqual({ l1: 2, l2: 2, l3: 0x21, offset: 0xe60 });
  });
  test('0xc0350000 -> L1 3, L2 1, L3 0x150', () => {
    expect(splitVa(hypVa(0xc0350000))).toMatchObject({ l1: 3, l2: 1, l3: 0x150 });
  });
});

describe('PAGE_HYP and PAGE_HYP_DEVICE on an SMP v3.10 LPAE kernel (facts §1.3)', () => {
  test('PAGE_HYP is 0x0080_0000_0000_075f', () => {
    expect(PAGE_HYP).toBe(0x0080_0000_0000_075fn);
  });
  test('PAGE_HYP_DEVICE is 0x00c0_0000_0000_0753', () => {
    expect(PAGE_HYP_DEVICE).toBe(0x00c0_0000_0000_0753n);
  });
  test('PAGE_HYP decodes as a page: AttrIndx 7, AP[1] set, read/write, inner shareable, AF, executable, sw DIRTY', () => {
    const d = decodeDescriptor(pageDescriptor(pfn(0x80320), PAGE_HYP), 3);
    expect(d.kind).toBe('page');
    if (d.kind !== 'page') return;
    expect(d.output).toBe(0x80320000);
    expect(d.attrs).toEqual({
      attrIndx: 7,
      ns: false,
      ap1: true,
      ap2ReadOnly: false,
      sh: 3,
      af: true,
      nG: false,
      contiguous: false,
      pxn: false,
      xn: false,
      swDirty: true,
      swSpecial: false,
      swNone: false,
    });
  });
  test('PAGE_HYP_DEVICE is AttrIndx 4 and execute-never', () => {
    const d = decodeDescriptor(pageDescriptor(pfn(0x2c004), PAGE_HYP_DEVICE), 3);
    expect(d.kind === 'page' && d.attrs.attrIndx).toBe(4);
    expect(d.kind === 'page' && d.attrs.xn).toBe(true);
  });
});

describe('descriptor encode/decode', () => {
  test('pfn_pte: (pfn << 12) | prot', () => {
    expect(pageDescriptor(pfn(0x80320), PAGE_HYP)).toBe(0x0080_0000_8032_075fn);
  });
  test('a table descriptor is next-table PA | 0b11 (pud_populate / pmd_populate_kernel)', () => {
    expect(tableDescriptor(pa(0x8f5e_1000))).toBe(0x0000_0000_8f5e_1003n);
    const d = decodeDescriptor(tableDescriptor(pa(0x1_2345_6000)), 1);
    expect(d).toMatchObject({ kind: 'table', next: 0x1_2345_6000 });
  });
  test('bit 1 clear at L3 is invalid (reserved); at L2 it is a block', () => {
    expect(decodeDescriptor(descriptor(0x8032_0001n), 3).kind).toBe('reserved');
    expect(decodeDescriptor(descriptor(0x8020_0001n | 0x400n), 2)).toMatchObject({
      kind: 'block',
      output: 0x8020_0000,
    });
  });
  test('bit 0 clear is invalid at every level', () => {
    for (const level of [1, 2, 3] as const)
      expect(decodeDescriptor(descriptor(0x8032_075en), level).kind).toBe('invalid');
  });
  test('output addresses use 40 bits', () => {
    const d = decodeDescriptor(pageDescriptor(pfn(0xff_ffff_f), PAGE_HYP), 3);
    expect(d.kind === 'page' && d.output).toBe(0xff_ffff_f000);
  });
});
