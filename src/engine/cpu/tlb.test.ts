import { describe, expect, test } from 'vitest';
import { AP2_RO, L1, PAGE_HYP_BITS, Tables, threeLevels, VA, XN_TABLE } from '../test/tables';
import { emptyTlb, type TlbEntry, type TlbState } from '../machine/cpuState';
import { isStale, tlbFill, tlbInvalidateAll, tlbLookup } from './tlb';

/*
 * The HYP TLB model: fully associative, one entry per page or block (blocks: tlbBlocks.test.ts),
 * not tagged by the base register (so a switch of HTTBR leaves old entries usable until
 * TLBIALLH: ARM ARM B3.10, facts §7 #8 and §9), filled into the first free slot, else a
 * round-robin victim.
 */

const e = (vaPage: number, paPage = vaPage, desc = PAGE_HYP_BITS, httbr = L1): TlbEntry => ({
  vaPage,
  paPage,
  level: 3,
  size: 4096,
  desc: BigInt(paPage) | desc,
  xnTable: false,
  httbr,
  filledAt: 1,
});

describe('lookup', () => {
  test('matches on the 4 KiB page of the VA, whatever the offset; -1 when nothing matches', () => {
    const tlb: TlbState = { entries: [null, e(0x8032_0000), null, e(0xffff_0000)], next: 0 };
    expect(tlbLookup(tlb, 0x8032_0000)).toBe(1);
    expect(tlbLookup(tlb, 0x8032_0fff)).toBe(1);
    expect(tlbLookup(tlb, 0xffff_0abc)).toBe(3);
    expect(tlbLookup(tlb, 0x8032_1000)).toBe(-1);
    expect(tlbLookup(tlb, 0x8031_ffff)).toBe(-1);
    expect(tlbLookup(emptyTlb(4), 0)).toBe(-1);
  });
  test('an entry for page 0 is found too (a null slot is not an entry)', () => {
    expect(tlbLookup({ entries: [null, e(0)], next: 0 }, 0x10)).toBe(1);
  });
});

describe('fill and eviction', () => {
  test('fills the first empty slot without moving the victim pointer or evicting', () => {
    const before: TlbState = { entries: [e(0x1000), null, e(0x3000), null], next: 3 };
    const r = tlbFill(before, e(0x5000));
    expect(r.index).toBe(1);
    expect(r.evicted).toBeNull();
    expect(r.tlb.entries.map((x) => x?.vaPage ?? null)).toEqual([0x1000, 0x5000, 0x3000, null]);
    expect(r.tlb.next).toBe(3);
    // the state it was given is not changed (snapshots are immutable)
    expect(before.entries[1]).toBeNull();
  });
  test('when full, evicts the entry at the round-robin pointer and advances it, wrapping at the end', () => {
    let tlb: TlbState = { entries: [e(0x1000), e(0x2000), e(0x3000)], next: 1 };
    const victims: (number | null)[] = [];
    const indices: number[] = [];
    for (const va of [0x4000, 0x5000, 0x6000, 0x7000]) {
      const r = tlbFill(tlb, e(va));
      victims.push(r.evicted?.vaPage ?? null);
      indices.push(r.index);
      tlb = r.tlb;
    }
    expect(indices).toEqual([1, 2, 0, 1]);
    expect(victims).toEqual([0x2000, 0x3000, 0x1000, 0x4000]);
    expect(tlb.next).toBe(2);
    expect(tlb.entries.map((x) => x!.vaPage)).toEqual([0x6000, 0x7000, 0x5000]);
  });
});

describe('TLBIALLH', () => {
  test('drops every entry of this CPU, reports them, and resets the victim pointer', () => {
    const entries = [e(0x1000), null, e(0x3000), null];
    const r = tlbInvalidateAll({ entries, next: 2 });
    expect(r.dropped.map((x) => x.vaPage)).toEqual([0x1000, 0x3000]);
    expect(r.tlb).toEqual({ entries: [null, null, null, null], next: 0 });
    expect(tlbInvalidateAll(emptyTlb(2)).dropped).toEqual([]);
  });
});

describe('staleness: does an entry disagree with a fresh walk of the tables HTTBR points at?', () => {
  const PAGE_PA = 0x9000_0000;
  const tables = () => threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS);
  const vaPage = VA - (VA % 4096);
  test('an entry that matches the tables is not stale', () => {
    expect(isStale(tables().world, 0, L1, e(vaPage, PAGE_PA))).toBe(false);
  });
  test('an entry that now maps another page is stale', () => {
    expect(isStale(tables().world, 0, L1, e(vaPage, 0x8032_0000))).toBe(true);
  });
  test('an entry with other attributes (AP[2]) is stale', () => {
    expect(isStale(tables().world, 0, L1, e(vaPage, PAGE_PA, PAGE_HYP_BITS | AP2_RO))).toBe(true);
  });
  test('an entry that cached XNTable when the table descriptors no longer set it (or the reverse) is stale', () => {
    expect(isStale(tables().world, 0, L1, { ...e(vaPage, PAGE_PA), xnTable: true })).toBe(true);
    const xnt = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS, 0n, XN_TABLE);
    expect(isStale(xnt.world, 0, L1, e(vaPage, PAGE_PA))).toBe(true);
    expect(isStale(xnt.world, 0, L1, { ...e(vaPage, PAGE_PA), xnTable: true })).toBe(false);
  });
  test('an entry whose VA the tables no longer map is stale', () => {
    expect(isStale(new Tables().world, 0, L1, e(vaPage, PAGE_PA))).toBe(true);
  });
  test('the walk uses the HTTBR given, not the one the entry was filled under', () => {
    const t = tables();
    expect(isStale(t.world, 0, L1, e(vaPage, PAGE_PA, PAGE_HYP_BITS, 0x7000_0000))).toBe(false);
    expect(isStale(t.world, 0, L1 + 0x20, e(vaPage, PAGE_PA))).toBe(true);
  });
});
