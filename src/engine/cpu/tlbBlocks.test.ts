import { describe, expect, test } from 'vitest';
import {
  AF,
  AP2_RO,
  attrIndx,
  BLOCK,
  L1,
  L2,
  PAGE_HYP_BITS,
  TABLE,
  Tables,
  threeLevels,
  VA,
  XN,
  XN_TABLE,
  cpuWith,
} from '../test/tables';
import { HSCTLR_M, HSCTLR_WXN, type CpuState } from '../machine/cpuState';
import { freshKernel } from '../kernel/testHarness';
import { staleUse } from './causes';
import { execute } from './execute';
import { translate } from './mmu';
import { tlbLookup } from './tlb';
import type { AccessType } from './walk';

/*
 * TLB entries filled from LPAE block descriptors (ARM ARM B3.6, B3.9): an entry holds the
 * translation of the whole page or block its descriptor maps, so a hit anywhere in a 2 MiB
 * (level-2) or 1 GiB (level-1) block keeps the block's offset bits VA[20:0] or VA[29:0], and
 * the permissions the entry cached (AP[2], XN, XNTable, with HSCTLR.WXN) are checked on a hit
 * exactly as on the walk, with the fault reported at the block's level. A translation whose
 * AF is 0 faults on the walk and never enters the TLB (ARMv7 has no hardware AF update).
 *
 * Layout (test/tables.ts): L1 at 0x8000_0020, L1[1] -> L2 at 0x8010_0000. L2[1] maps VA
 * 0x4020_0000-0x403f_ffff; here it is a block at PA 0x8060_0000. L1[2] maps VA
 * 0x8000_0000-0xbfff_ffff; where it is a block, its output is PA 0x4000_0000.
 * FSC (long descriptor): permission 0x0c + level, access flag 0x08 + level, translation
 * 0x04 + level.
 */

const BLOCK_PA = 0x8060_0000;
const SZ_2M = 0x20_0000;
const SZ_1G = 0x4000_0000;

/** L1[1] -> L2, L2[1] = a 2 MiB block at BLOCK_PA with these bits. */
const block2M = (bits: bigint, l1Extra = 0n) =>
  new Tables()
    .put(L1 + 1 * 8, BigInt(L2) | TABLE | l1Extra)
    .put(L2 + 1 * 8, BigInt(BLOCK_PA) | bits);
/** L1[2] = a 1 GiB block at PA 0x4000_0000 with these bits. */
const block1G = (bits: bigint) => new Tables().put(L1 + 2 * 8, 0x4000_0000n | bits);

/** One access after another on one CPU, carrying the TLB along; returns each translation. */
function accesses(t: Tables, cpu: CpuState, list: [AccessType, number][]) {
  let c = cpu;
  return list.map(([type, va], i) => {
    const r = translate(t.world, 0, c, va, type, true, 7 + i);
    c = { ...c, tlb: r.tlb };
    return r;
  });
}

describe('a 2 MiB block: one entry for the whole block', () => {
  test('the miss fills an entry for the block: VA and PA bases 2 MiB aligned, level 2, 2 MiB, the block descriptor', () => {
    const desc = BigInt(BLOCK_PA) | AF | BLOCK;
    const [r] = accesses(block2M(AF | BLOCK), cpuWith(), [['read', 0x4023_4568]]);
    expect(r!.access.pa).toBe(0x8063_4568);
    expect(r!.access.walk?.levels.map((l) => [l.level, l.kind])).toEqual([
      [1, 'table'],
      [2, 'block'],
    ]);
    const entry = {
      vaPage: 0x4020_0000,
      paPage: 0x8060_0000,
      level: 2,
      size: SZ_2M,
      desc,
      xnTable: false,
      httbr: L1,
      filledAt: 7,
    };
    expect(r!.access.tlbEntry).toEqual(entry);
    expect(r!.tlb.entries[0]).toEqual(entry);
    expect(r!.fill).toEqual({ index: 0, evicted: null });
  });
  test('a hit anywhere in the block keeps VA[20:0]: first byte, another 4 KiB page, last word', () => {
    const rs = accesses(block2M(AF | BLOCK), cpuWith(), [
      ['read', 0x4020_0010],
      ['read', 0x4020_0000],
      ['read', 0x4031_2344],
      ['write', 0x403f_fffc],
      ['fetch', 0x4020_1000],
    ]);
    expect(rs.map((r) => r.access.tlb)).toEqual(['miss', 'hit', 'hit', 'hit', 'hit']);
    expect(rs.map((r) => r.access.pa)).toEqual([
      0x8060_0010, 0x8060_0000, 0x8071_2344, 0x807f_fffc, 0x8060_1000,
    ]);
    // a hit reads no tables and names the entry it used
    for (const r of rs.slice(1)) {
      expect(r.access.walk).toBeNull();
      expect(r.access.tlbIndex).toBe(0);
      expect(r.access.tlbEntry).toBe(rs[0]!.tlb.entries[0]);
      expect(r.fill).toBeNull();
    }
  });
  test('just outside the block misses: L2[0] and L2[2] are other entries (empty here: level-2 translation faults)', () => {
    const [, below, above] = accesses(block2M(AF | BLOCK), cpuWith(), [
      ['read', 0x4020_0010],
      ['read', 0x401f_fffc],
      ['read', 0x4040_0000],
    ]);
    for (const r of [below!, above!]) {
      expect(r.access.tlb).toBe('miss');
      expect(r.access.fault).toEqual({ type: 'translation', level: 2, fsc: 0x06 });
    }
  });
  test('lookup: a 2 MiB entry covers exactly [base, base + 2 MiB)', () => {
    const [r] = accesses(block2M(AF | BLOCK), cpuWith(), [['read', 0x4020_0010]]);
    const tlb = r!.tlb;
    expect([0x4020_0000, 0x402f_f000, 0x403f_ffff].map((va) => tlbLookup(tlb, va))).toEqual([
      0, 0, 0,
    ]);
    expect([0x401f_ffff, 0x4040_0000].map((va) => tlbLookup(tlb, va))).toEqual([-1, -1]);
  });
});

describe('permissions on a hit of a block entry (the entry caches them; the fault names the block level)', () => {
  test('a hit on an entry filled from a read-only 2 MiB block still faults on a write', () => {
    const t = block2M(AF | AP2_RO | BLOCK);
    const cpu = cpuWith();
    const miss = translate(t.world, 0, cpu, 0x4020_0010, 'read', true, 7);
    expect(miss.access.pa).toBe(0x8060_0010);
    const again = translate(t.world, 0, { ...cpu, tlb: miss.tlb }, 0x4020_0010, 'write', true, 8);
    expect(again.access.tlb).toBe('hit');
    expect(again.access.fault).toEqual({ type: 'permission', level: 2, fsc: 0x0e });
    expect(again.access.pa).toBeNull();
    // the walk of the same write on a cold TLB gives the same fault
    expect(translate(t.world, 0, cpu, 0x4020_0010, 'write', true, 7).access.fault).toEqual({
      type: 'permission',
      level: 2,
      fsc: 0x0e,
    });
  });
  test('AP[2] on a hit: reads and fetches of a read-only block go through, writes anywhere in it fault', () => {
    const rs = accesses(block2M(AF | AP2_RO | BLOCK), cpuWith(), [
      ['read', 0x4020_0010],
      ['fetch', 0x4025_0000],
      ['write', 0x4033_0008],
      ['read', 0x4033_0008],
    ]);
    expect(rs.map((r) => [r.access.tlb, r.access.pa, r.access.fault?.fsc ?? null])).toEqual([
      ['miss', 0x8060_0010, null],
      ['hit', 0x8065_0000, null],
      ['hit', null, 0x0e],
      ['hit', 0x8073_0008, null],
    ]);
  });
  test('XN on a hit: a fetch from an execute-never block faults (0x0e), data accesses do not', () => {
    const rs = accesses(block2M(AF | XN | BLOCK), cpuWith(), [
      ['read', 0x4020_0010],
      ['fetch', 0x4020_0010],
      ['write', 0x4030_0000],
    ]);
    expect(rs.map((r) => [r.access.tlb, r.access.fault])).toEqual([
      ['miss', null],
      ['hit', { type: 'permission', level: 2, fsc: 0x0e }],
      ['hit', null],
    ]);
  });
  test('XNTable on the walk path is cached with the entry: a later fetch hit faults, for a block and for a page', () => {
    const viaBlock = accesses(block2M(AF | BLOCK, XN_TABLE), cpuWith(), [
      ['read', 0x4020_0010],
      ['fetch', 0x4020_0010],
    ]);
    expect(viaBlock[0]!.access.tlbEntry?.xnTable).toBe(true);
    expect(viaBlock[1]!.access).toMatchObject({
      tlb: 'hit',
      pa: null,
      fault: { type: 'permission', level: 2, fsc: 0x0e },
    });
    const viaPage = accesses(threeLevels(0x9000_0000n | PAGE_HYP_BITS, XN_TABLE), cpuWith(), [
      ['read', VA],
      ['fetch', VA],
    ]);
    expect(viaPage[0]!.access.tlbEntry?.xnTable).toBe(true);
    expect(viaPage[1]!.access).toMatchObject({
      tlb: 'hit',
      fault: { type: 'permission', level: 3, fsc: 0x0f },
    });
    // without XNTable the same page is executable on a hit
    const plain = accesses(threeLevels(0x9000_0000n | PAGE_HYP_BITS), cpuWith(), [
      ['read', VA],
      ['fetch', VA],
    ]);
    expect(plain[1]!.access).toMatchObject({ tlb: 'hit', pa: 0x9000_0abc, fault: null });
  });
  test('HSCTLR.WXN on a hit: a writable block is execute-never, a read-only one is not', () => {
    const wxn = cpuWith({ hsctlr: HSCTLR_M | HSCTLR_WXN });
    const rw = accesses(block2M(AF | BLOCK), wxn, [
      ['read', 0x4020_0010],
      ['fetch', 0x4020_0010],
    ]);
    expect(rw[1]!.access.fault).toEqual({ type: 'permission', level: 2, fsc: 0x0e });
    const ro = accesses(block2M(AF | AP2_RO | BLOCK), wxn, [
      ['read', 0x4020_0010],
      ['fetch', 0x4020_0010],
    ]);
    expect(ro[1]!.access).toMatchObject({ tlb: 'hit', pa: 0x8060_0010, fault: null });
  });
});

describe('a 1 GiB level-1 block', () => {
  test('one entry for 1 GiB: the hit keeps VA[29:0]; the permission fault on a hit is level 1 (0x0d)', () => {
    const rs = accesses(block1G(AF | AP2_RO | BLOCK), cpuWith(), [
      ['read', 0x8123_4567],
      ['read', 0xbfff_fff0],
      ['fetch', 0x8000_0000],
      ['write', 0x9000_0000],
      ['read', 0xc000_0000],
    ]);
    expect(rs[0]!.access.tlbEntry).toMatchObject({
      vaPage: 0x8000_0000,
      paPage: 0x4000_0000,
      level: 1,
      size: SZ_1G,
    });
    expect(rs.map((r) => [r.access.tlb, r.access.pa])).toEqual([
      ['miss', 0x4123_4567],
      ['hit', 0x7fff_fff0],
      ['hit', 0x4000_0000],
      ['hit', null],
      ['miss', null], // L1[3] is empty
    ]);
    expect(rs[3]!.access.fault).toEqual({ type: 'permission', level: 1, fsc: 0x0d });
    expect(rs[4]!.access.fault).toEqual({ type: 'translation', level: 1, fsc: 0x05 });
  });
  test('output address bits [29:21] of a level-1 block are not part of the PA', () => {
    const [r] = accesses(block1G(0x0fe0_0000n | AF | BLOCK), cpuWith(), [['read', 0x8000_0004]]);
    expect(r!.access.pa).toBe(0x4000_0004);
    expect(r!.access.tlbEntry?.paPage).toBe(0x4000_0000);
  });
});

describe('AF = 0 never enters the TLB: the walk takes an access flag fault every time', () => {
  test.each([
    ['a 2 MiB block', block2M(BLOCK), 0x4020_0010, 2, 0x0a],
    ['a 1 GiB block', block1G(BLOCK), 0x8000_0010, 1, 0x09],
    ['a page', threeLevels(0x9000_0000n | (PAGE_HYP_BITS & ~AF)), VA, 3, 0x0b],
  ] as const)('%s', (_name, t, va, level, fsc) => {
    const cpu = cpuWith();
    const rs = accesses(t, cpu, [
      ['read', va],
      ['read', va],
      ['fetch', va],
    ]);
    for (const r of rs) {
      expect(r.access).toMatchObject({
        tlb: 'miss',
        tlbIndex: null,
        tlbEntry: null,
        pa: null,
        fault: { type: 'access-flag', level, fsc },
      });
      expect(r.access.walk?.levels).toHaveLength(level);
      expect(r.fill).toBeNull();
      expect(r.tlb).toBe(cpu.tlb);
    }
  });
});

describe('cacheability of a data access through a block: the block attributes, on a miss and on a hit', () => {
  test('AttrIndx 7 (HMAIR1 byte 3 = 0xff, write-back) reads the cache; AttrIndx 0 (strongly ordered) the PoC', () => {
    const wb = accesses(block2M(AF | attrIndx(7) | BLOCK), cpuWith(), [
      ['read', 0x4020_0010],
      ['read', 0x4030_0010],
    ]);
    expect(wb.map((r) => [r.access.tlb, r.access.observer])).toEqual([
      ['miss', 'coherent'],
      ['hit', 'coherent'],
    ]);
    const so = accesses(block2M(AF | attrIndx(0) | BLOCK), cpuWith(), [
      ['read', 0x4020_0010],
      ['read', 0x4030_0010],
    ]);
    expect(so.map((r) => r.access.observer)).toEqual(['poc', 'poc']);
  });
});

describe('what the executor records for accesses through a block entry (the UI and the CLI read these)', () => {
  const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };
  function blockMachine(bits: bigint) {
    const k = freshKernel();
    const t = block2M(bits);
    // copy the hand-built tables into this kernel's world (version 0, at the PoC)
    for (const pa of [L1 + 8, L2 + 8])
      for (const off of [0, 4])
        k.world.memory.uncachedWrite32(pa + off, t.world.memory.read32(pa + off, 0, 'poc'), 0);
    k.rec.updateCpu(0, (c) => ({ ...cpuWith({ tlb: c.tlb }), mode: 'hyp', cpsr: 0x1da }));
    return k;
  }
  const ldr = (k: ReturnType<typeof freshKernel>, va: number) => {
    k.begin(LISTING, 'x', 'insn', 'test');
    k.rec.updateCpu(0, (c) => ({ ...c, r: [va, ...c.r.slice(1)] }));
    execute({
      rec: k.rec,
      world: k.world,
      config: k.config,
      cpuId: 0,
      pc: 0x8032_0f40,
      insn: { kind: 'ldrImm', cond: 'al', rt: 1, rn: 0, offset: 0 },
      panicVa: 0,
    });
    return k.rec.commit();
  };
  test('the miss records a tlb-fill of the 2 MiB entry and the two-level walk; a hit in another page records tlb-hit and the PA with VA[20:0]', () => {
    const k = blockMachine(AF | BLOCK);
    k.world.memory.uncachedWrite32(0x8071_2344, 0x1234_5678, 0);
    const first = ldr(k, 0x4020_0010);
    const entry = first.changes.find((c) => c.kind === 'tlb-fill');
    expect(entry).toMatchObject({
      kind: 'tlb-fill',
      index: 0,
      entry: { vaPage: 0x4020_0000, paPage: 0x8060_0000, level: 2, size: SZ_2M },
      evicted: null,
    });
    expect(first.accesses[0]).toMatchObject({ tlb: 'miss', tlbIndex: 0, pa: 0x8060_0010 });
    expect(first.accesses[0]!.walk?.levels.map((l) => l.kind)).toEqual(['table', 'block']);
    const second = ldr(k, 0x4031_2344);
    expect(second.changes.filter((c) => c.kind === 'tlb-hit' || c.kind === 'tlb-fill')).toEqual([
      { kind: 'tlb-hit', cpu: 0, index: 0 },
    ]);
    expect(second.accesses[0]).toMatchObject({
      tlb: 'hit',
      tlbIndex: 0,
      walk: null,
      pa: 0x8071_2344,
      value: 0x1234_5678,
    });
    expect(k.rec.state.cpus[0]!.r[1]).toBe(0x1234_5678);
  });
  test('a stale block entry: the explanation compares the 4 KiB page the access reaches through the block', () => {
    const k = blockMachine(AF | BLOCK);
    ldr(k, 0x4020_0010);
    // the kernel makes the same block read-only: same PA, other attributes
    const ro = BigInt(BLOCK_PA) | AF | AP2_RO | BLOCK;
    k.world.memory.uncachedWrite32(L2 + 8, Number(ro & 0xffff_ffffn), k.rec.version);
    const hit = translate(
      k.world,
      k.rec.version,
      k.rec.state.cpus[0]!,
      0x4031_2344,
      'read',
      true,
      9,
    );
    const u = staleUse(
      k.world,
      k.rec.version,
      k.rec.state.cpus[0]!,
      k.rec.state.kernel,
      hit.access,
      false,
    );
    expect(u).toMatchObject({ freshPa: 0x8071_2344, samePage: true });
    expect(u!.why).toMatch(/may still reach the same page, with the old attributes\.$/);
  });
});
