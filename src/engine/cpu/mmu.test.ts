import { describe, expect, test } from 'vitest';
import {
  AP2_RO,
  attrIndx,
  L1,
  L2,
  PAGE,
  PAGE_HYP_BITS,
  TABLE,
  Tables,
  threeLevels,
  VA,
  XN,
  cpuWith,
} from '../test/tables';
import {
  emptyTlb,
  HSCTLR_C,
  HSCTLR_M,
  HSCTLR_WXN,
  initialCpu,
  KERNEL_MAIR0,
  KERNEL_MAIR1,
  type CpuState,
  type TlbEntry,
} from '../machine/cpuState';
import { translate, walkObserver } from './mmu';
import type { AccessType } from './walk';

/*
 * One HYP access through the MMU (ARM ARM B3.6-B3.10 for the long-descriptor format): the TLB
 * first, then a walk that fills it; permissions checked on both paths; the data side looks in
 * the cache only for Normal cacheable memory with HSCTLR.C set (facts §1.3, §5c).
 */

const PAGE_PA = 0x9000_0000;
const VA_PAGE = 0x4020_3000;

const entry = (desc: bigint, paPage = PAGE_PA, vaPage = VA_PAGE): TlbEntry => ({
  vaPage,
  paPage,
  level: 3,
  size: 4096,
  desc,
  xnTable: false,
  httbr: L1,
  filledAt: 1,
});
function withEntry(cpu: CpuState, e: TlbEntry, at = 2): CpuState {
  const entries = cpu.tlb.entries.slice();
  entries[at] = e;
  return { ...cpu, tlb: { entries, next: 0 } };
}
const go = (t: Tables, cpu: CpuState, type: AccessType, va = VA, coherentWalker = true) =>
  translate(t.world, 0, cpu, va, type, coherentWalker, 7);

describe('HSCTLR.M clear: flat, non-cacheable, no TLB', () => {
  test('PA = VA, the TLB is neither read nor filled, and the access reads the PoC', () => {
    const cpu = cpuWith({ hsctlr: HSCTLR_C });
    const stale = withEntry(cpu, entry(PAGE_HYP_BITS | BigInt(PAGE_PA), 0x1000, 0x8032_0000));
    for (const type of ['fetch', 'read', 'write'] as const) {
      const r = go(new Tables(), stale, type, 0x8032_0f04);
      expect(r.access).toEqual({
        type,
        va: 0x8032_0f04,
        mmu: false,
        tlb: 'off',
        tlbIndex: null,
        tlbEntry: null,
        walk: null,
        pa: 0x8032_0f04,
        fault: null,
        observer: 'poc',
      });
      expect(r.tlb).toBe(stale.tlb);
      expect(r.fill).toBeNull();
    }
  });
});

describe('TLB miss: walk, then fill', () => {
  test('the walk result fills the first free entry with the page, its descriptor, HTTBR and the step', () => {
    const t = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS);
    const r = go(t, cpuWith({}), 'read');
    expect(r.access.tlb).toBe('miss');
    expect(r.access.pa).toBe(0x9000_0abc);
    expect(r.access.walk?.pa).toBe(0x9000_0abc);
    const e = {
      vaPage: VA_PAGE,
      paPage: PAGE_PA,
      level: 3,
      size: 4096,
      desc: BigInt(PAGE_PA) | PAGE_HYP_BITS,
      xnTable: false,
      httbr: L1,
      filledAt: 7,
    };
    expect(r.access.tlbEntry).toEqual(e);
    expect(r.access.tlbIndex).toBe(0);
    expect(r.fill).toEqual({ index: 0, evicted: null });
    expect(r.tlb.entries[0]).toEqual(e);
  });
  test('a faulting walk fills nothing and reports the walk fault', () => {
    const cpu = cpuWith({});
    const r = go(new Tables(), cpu, 'write');
    expect(r.access).toMatchObject({
      tlb: 'miss',
      tlbIndex: null,
      tlbEntry: null,
      pa: null,
      fault: { type: 'translation', level: 1, fsc: 0x05 },
    });
    expect(r.access.walk?.levels).toHaveLength(1);
    expect(r.tlb).toBe(cpu.tlb);
    expect(r.fill).toBeNull();
  });
  test('permission faults on a walk: AP[2] write, XN fetch, WXN fetch of a writable page', () => {
    const ro = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS | AP2_RO);
    expect(go(ro, cpuWith({}), 'write').access.fault).toEqual({
      type: 'permission',
      level: 3,
      fsc: 0x0f,
    });
    expect(go(ro, cpuWith({}), 'write').fill).toBeNull();
    const xn = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS | XN);
    expect(go(xn, cpuWith({}), 'fetch').access.fault?.fsc).toBe(0x0f);
    const rw = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS);
    expect(go(rw, cpuWith({ hsctlr: HSCTLR_M | HSCTLR_WXN }), 'fetch').access.fault?.fsc).toBe(
      0x0f,
    );
    expect(go(rw, cpuWith({ hsctlr: HSCTLR_M }), 'fetch').access.fault).toBeNull();
  });
  test('the walker reads the PoC unless it is coherent with the data cache', () => {
    expect(walkObserver(cpuWith({}), true)).toBe('coherent');
    expect(walkObserver(cpuWith({}), false)).toBe('poc');
    // a walk is cacheable only with HSCTLR.C set and HTCR.IRGN0 (bits 9:8) not non-cacheable
    expect(walkObserver(cpuWith({ hsctlr: HSCTLR_M }), true)).toBe('poc');
    expect(walkObserver(cpuWith({ htcr: 0x8000_3400 }), true)).toBe('poc');
    expect(walkObserver(cpuWith({ htcr: 0x8000_0100 }), true)).toBe('coherent');
    const t = new Tables()
      .put(L1 + 8, BigInt(L2) | TABLE)
      .putDirty(L2 + 8, 0x8010_1000n | TABLE)
      .put(0x8010_1000 + 3 * 8, BigInt(PAGE_PA) | PAGE_HYP_BITS);
    expect(go(t, cpuWith({}), 'read', VA, true).access.pa).toBe(0x9000_0abc);
    const poc = go(t, cpuWith({}), 'read', VA, false).access;
    expect(poc.fault?.fsc).toBe(0x06);
    expect(poc.observer).toBe('poc');
  });
  test('when every entry is in use the round-robin victim is evicted and reported', () => {
    const t = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS);
    const others = [0, 1, 2, 3].map((i) => entry(PAGE_HYP_BITS, 0x1000 * i, 0x1000 * (i + 1)));
    const full = { ...cpuWith({}), tlb: { entries: others, next: 2 } };
    const r = go(t, full, 'read');
    expect(r.fill).toEqual({ index: 2, evicted: others[2] });
    expect(r.tlb.entries[2]?.vaPage).toBe(VA_PAGE);
    expect(r.tlb.next).toBe(3);
  });
});

describe('TLB hit: the entry is used as it is, whatever the tables say now', () => {
  test('a stale entry that now maps another page: the access goes to the page the entry holds', () => {
    const t = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS);
    const cpu = withEntry(cpuWith({}), entry(0x8032_0000n | PAGE_HYP_BITS, 0x8032_0000));
    const r = go(t, cpu, 'read');
    expect(r.access).toMatchObject({
      tlb: 'hit',
      tlbIndex: 2,
      walk: null,
      pa: 0x8032_0abc,
      fault: null,
      mmu: true,
    });
    expect(r.access.tlbEntry).toBe(cpu.tlb.entries[2]);
    expect(r.tlb).toBe(cpu.tlb);
    expect(r.fill).toBeNull();
  });
  test('a hit needs no tables at all (the base register does not tag entries)', () => {
    const cpu = withEntry(cpuWith({ httbr: 0x1234_0000 }), entry(BigInt(PAGE_PA) | PAGE_HYP_BITS));
    expect(go(new Tables(), cpu, 'fetch').access.pa).toBe(0x9000_0abc);
  });
  test('a stale entry with other attributes: its cached AP[2] makes a write fault although the tables allow it', () => {
    const t = threeLevels(BigInt(PAGE_PA) | PAGE_HYP_BITS);
    const cpu = withEntry(cpuWith({}), entry(BigInt(PAGE_PA) | PAGE_HYP_BITS | AP2_RO));
    const w = go(t, cpu, 'write');
    expect(w.access.tlb).toBe('hit');
    expect(w.access.fault).toEqual({ type: 'permission', level: 3, fsc: 0x0f });
    expect(w.access.pa).toBeNull();
    expect(go(t, cpu, 'read').access.pa).toBe(0x9000_0abc);
    expect(go(t, cpu, 'fetch').access.fault).toBeNull();
  });
  test('XN and WXN on a hit: fetches fault, data accesses do not', () => {
    const xn = withEntry(cpuWith({}), entry(BigInt(PAGE_PA) | PAGE_HYP_BITS | XN));
    expect(go(new Tables(), xn, 'fetch').access.fault).toEqual({
      type: 'permission',
      level: 3,
      fsc: 0x0f,
    });
    expect(go(new Tables(), xn, 'write').access.fault).toBeNull();
    const rw = entry(BigInt(PAGE_PA) | PAGE_HYP_BITS);
    const wxn = withEntry(cpuWith({ hsctlr: HSCTLR_M | HSCTLR_WXN }), rw);
    expect(go(new Tables(), wxn, 'fetch').access.fault?.fsc).toBe(0x0f);
    expect(go(new Tables(), wxn, 'read').access.fault).toBeNull();
    const roWxn = withEntry(
      cpuWith({ hsctlr: HSCTLR_M | HSCTLR_WXN }),
      entry(BigInt(PAGE_PA) | PAGE_HYP_BITS | AP2_RO),
    );
    expect(go(new Tables(), roWxn, 'fetch').access.fault).toBeNull();
  });
});

describe('cacheability of HYP data accesses: HSCTLR.C and the HMAIR byte AttrIndx selects', () => {
  const observerFor = (
    idx: number,
    hmair0: number,
    hmair1: number,
    hsctlr = HSCTLR_M | HSCTLR_C,
    type: AccessType = 'read',
  ) => {
    const desc = BigInt(PAGE_PA) | (PAGE_HYP_BITS & ~0x1cn) | attrIndx(idx);
    const cpu = cpuWith({ hmair0, hmair1, hsctlr });
    const miss = go(threeLevels(desc), cpu, type).access.observer;
    const hit = go(new Tables(), withEntry(cpu, entry(desc)), type).access.observer;
    expect(hit).toBe(miss);
    return miss;
  };
  test("Linux's HMAIRs: AttrIndx 7 (0xff) and 3 (0xee) and 2 (0xaa) are cacheable; 0 (0x00), 1 (0x44) and 4 (0x04) are not", () => {
    const got = [0, 1, 2, 3, 4, 7].map((i) => observerFor(i, KERNEL_MAIR0, KERNEL_MAIR1));
    expect(got).toEqual(['poc', 'poc', 'coherent', 'coherent', 'poc', 'coherent']);
  });
  test('AttrIndx 0-3 select HMAIR0 bytes 0-3 and 4-7 select HMAIR1 bytes 0-3', () => {
    for (let i = 0; i < 8; i++) {
      // only byte i%4 of the selected register is write-back; everything else strongly ordered
      const wb = 0xff << (8 * (i % 4));
      expect(observerFor(i, i < 4 ? wb : 0, i < 4 ? 0 : wb)).toBe('coherent');
      expect(observerFor(i, i < 4 ? 0 : wb, i < 4 ? wb : 0)).toBe('poc');
    }
  });
  test('Normal non-cacheable (0x44), Device (0x04) and strongly ordered (0x00) read the PoC; write-through and write-back (0x88, 0xaa, 0xbb, 0xee, 0xff) the cache', () => {
    for (const b of [0x44, 0x04, 0x00])
      expect(observerFor(4, 0, b), `0x${b.toString(16)}`).toBe('poc');
    for (const b of [0x88, 0xaa, 0xbb, 0xee, 0xff])
      expect(observerFor(4, 0, b), `0x${b.toString(16)}`).toBe('coherent');
  });
  test('with HSCTLR.C clear every HYP data access is non-cacheable, whatever HMAIR says', () => {
    expect(observerFor(7, KERNEL_MAIR0, KERNEL_MAIR1, HSCTLR_M)).toBe('poc');
  });
  test('instruction fetches read the PoC even from write-back memory (the I-side does not see dirty D-cache lines)', () => {
    expect(observerFor(7, KERNEL_MAIR0, KERNEL_MAIR1, HSCTLR_M | HSCTLR_C, 'fetch')).toBe('poc');
  });
});

describe('a fresh TLB', () => {
  test('initialCpu gives the TLB size asked for, all empty', () => {
    expect(initialCpu(0, 0, 4).tlb).toEqual(emptyTlb(4));
    expect(emptyTlb(3)).toEqual({ entries: [null, null, null], next: 0 });
    expect(PAGE).toBe(3n);
  });
});
