import { describe, expect, test } from 'vitest';
import { decodeDescriptor, describeDescriptor } from '../arch/lpae';
import { descriptor } from '../arch/types';
import { freshKernel } from '../kernel/testHarness';
import type { KernelContext } from '../kernel/kernelContext';
import { HSCTLR_C, HSCTLR_M, initialCpu, type CpuState, type TlbEntry } from '../machine/cpuState';
import { AF, BLOCK, L1, L2, PAGE_HYP_BITS, TABLE, Tables, threeLevels, VA } from '../test/tables';
import type { Instruction } from './a32';
import { execute } from './execute';
import { translate } from './mmu';
import { isStale, tlbFill } from './tlb';

/*
 * Corners the first round of mutation testing found unpinned (issue 13): snapshot immutability
 * of the register file, the flag text of TST/ANDS, what a faulting or MMU-off access records,
 * barriers' own effects, TLB fills into slot 0, staleness of block entries, level-1 block
 * masks, AP[1] = 0, and v3.9 block entries on a TLB hit.
 */

const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };
const PC = 0x8032_0f40;
function machine(patch: Partial<CpuState> = {}): KernelContext {
  const k = freshKernel();
  k.rec.updateCpu(0, (c) => ({ ...c, mode: 'hyp', cpsr: 0x1da, ...patch }));
  k.begin(LISTING, 'x', 'insn', 'test');
  return k;
}
const cpu = (k: KernelContext) => k.rec.state.cpus[0]!;
const run = (k: KernelContext, insn: Instruction) =>
  execute({ rec: k.rec, world: k.world, config: k.config, cpuId: 0, pc: PC, insn, panicVa: 0 });
const regs = (...v: number[]) => [...v, ...Array.from({ length: 13 - v.length }, () => 0)];
const reg = (rm: number) => ({ type: 'reg' as const, rm, shift: 'lsl' as const, amount: 0 });

describe('executor corners', () => {
  test('a register write makes a new register file: the previous snapshot keeps its value', () => {
    const k = machine({ r: regs(1, 2) });
    const before = cpu(k);
    run(k, { kind: 'dp', cond: 'al', op: 'mov', s: false, rd: 0, rn: 0, operand2: reg(1) });
    expect(cpu(k).r[0]).toBe(2);
    expect(before.r[0]).toBe(1);
  });
  test('TST says Z=1 when the AND is zero; ANDS says Z=0 when it is not', () => {
    const k = machine({ r: regs(0, 0xf0, 0x0f) });
    expect(
      run(k, { kind: 'dp', cond: 'al', op: 'tst', s: true, rd: 0, rn: 1, operand2: reg(2) }).effect,
    ).toMatch(/: Z=1$/);
    const a = machine({ r: regs(0, 0xf0, 0xff) });
    expect(
      run(a, { kind: 'dp', cond: 'al', op: 'and', s: true, rd: 0, rn: 1, operand2: reg(2) }).effect,
    ).toBe('r0 = 0x000000f0, Z=0');
  });
  test('ISB and DSB say what each does', () => {
    const k = machine();
    expect(run(k, { kind: 'isb', cond: 'al', option: 'sy' }).effect).toMatch(/synchronis/);
    expect(run(k, { kind: 'dsb', cond: 'al', option: 'sy' }).effect).toMatch(/complete/);
    expect(run(k, { kind: 'nop', cond: 'al' }).effect).toBe('no operation');
  });
  test('a system register change shows the old value too, 8 digits (10 for HTTBR)', () => {
    const k = machine({ r: regs(0x3500) });
    run(k, { kind: 'mcr', cond: 'al', coproc: 15, opc1: 4, rt: 0, crn: 2, crm: 0, opc2: 2 });
    const step = k.rec.commit();
    expect(step.changes[0]).toMatchObject({
      name: 'HTCR',
      before: '0x80000000',
      after: '0x00003500',
    });
  });
  test('an LDM that aborts says "data abort"; an aborting or MMU-off access records no TLB hit', () => {
    const k = machine({ hsctlr: HSCTLR_M, httbr: 0x8100_0000, spHyp: 0x4000_0000 });
    const r = run(k, {
      kind: 'ldm',
      cond: 'al',
      rn: 13,
      registers: [0],
      writeback: false,
      mode: 'ia',
    });
    expect(r.effect).toBe('data abort');
    const off = machine({ r: regs(0, 0x8040_0000) });
    run(off, { kind: 'ldrImm', cond: 'al', rt: 0, rn: 1, offset: 0 });
    for (const kk of [k, off]) {
      const step = kk.rec.commit();
      expect(step.changes.filter((c) => c.kind === 'tlb-hit' || c.kind === 'tlb-fill')).toEqual([]);
    }
  });
});

describe('MMU and TLB corners', () => {
  const cpuWith = (patch: Partial<CpuState>): CpuState => ({
    ...initialCpu(0, 0, 4),
    hsctlr: HSCTLR_M | HSCTLR_C,
    htcr: 0x8000_3500,
    httbr: L1,
    hmair0: 0xeeaa_4400,
    hmair1: 0xff00_0004,
    ...patch,
  });
  test('a miss says the MMU was on, whether it filled or faulted', () => {
    const ok = translate(
      threeLevels(0x9000_0000n | PAGE_HYP_BITS).world,
      0,
      cpuWith({}),
      VA,
      'read',
      true,
      1,
    );
    expect(ok.access.mmu).toBe(true);
    const bad = translate(new Tables().world, 0, cpuWith({}), VA, 'read', true, 1);
    expect(bad.access.mmu).toBe(true);
  });
  test("v3.9's idmap block (SECT | AP1 | AF, AttrIndx 0: strongly ordered): a data read on a miss and on a hit reads the PoC", () => {
    const t = new Tables().put(L1 + 2 * 8, BigInt(L2) | TABLE).put(L2 + 1 * 8, 0x8020_0441n);
    const miss = translate(t.world, 0, cpuWith({}), 0x8032_0f00, 'read', true, 1);
    expect(miss.access).toMatchObject({ pa: 0x8032_0f00, observer: 'poc', fault: null });
    const hit = translate(t.world, 0, cpuWith({ tlb: miss.tlb }), 0x8032_0f04, 'read', true, 2);
    expect(hit.access).toMatchObject({ tlb: 'hit', pa: 0x8032_0f04, observer: 'poc', fault: null });
  });
  test('a fill into slot 0 uses the empty slot and leaves the victim pointer', () => {
    const e = (va: number): TlbEntry => ({
      vaPage: va,
      paPage: va,
      level: 3,
      size: 4096,
      desc: PAGE_HYP_BITS,
      xnTable: false,
      httbr: 0,
      filledAt: 1,
    });
    const r = tlbFill({ entries: [null, e(0x2000), e(0x3000)], next: 2 }, e(0x4000));
    expect(r.index).toBe(0);
    expect(r.tlb.next).toBe(2);
    expect(r.evicted).toBeNull();
  });
  test('staleness is judged as the kernel wrote the tables: a descriptor still dirty in the cache counts', () => {
    const t = new Tables()
      .putDirty(L1 + 8, BigInt(L2) | TABLE)
      .putDirty(L2 + 8, 0x8010_1000n | TABLE)
      .putDirty(0x8010_1000 + 3 * 8, 0x9000_0000n | PAGE_HYP_BITS);
    const e: TlbEntry = {
      vaPage: 0x4020_3000,
      paPage: 0x9000_0000,
      level: 3,
      size: 4096,
      desc: 0x9000_0000n | PAGE_HYP_BITS,
      xnTable: false,
      httbr: L1,
      filledAt: 1,
    };
    expect(isStale(t.world, 0, L1, e)).toBe(false);
  });
  test('a 2 MiB block entry is stale when it names another block, or the tables now map its VA with pages', () => {
    // L1[1] -> L2; L2[1] (VA 0x4020_0000-0x403f_ffff) is a block at PA 0x8060_0000
    const desc = 0x8060_0000n | AF | BLOCK;
    const t = new Tables().put(L1 + 1 * 8, BigInt(L2) | TABLE).put(L2 + 1 * 8, desc);
    const right: TlbEntry = {
      vaPage: 0x4020_0000,
      paPage: 0x8060_0000,
      level: 2,
      size: 0x20_0000,
      desc,
      xnTable: false,
      httbr: L1,
      filledAt: 1,
    };
    expect(isStale(t.world, 0, L1, right)).toBe(false);
    expect(isStale(t.world, 0, L1, { ...right, paPage: 0x8080_0000 })).toBe(true);
    // the same PA range, now through a level-3 table: another level, so stale
    const pages = new Tables()
      .put(L1 + 1 * 8, BigInt(L2) | TABLE)
      .put(L2 + 1 * 8, 0x8010_1000n | TABLE)
      .put(0x8010_1000, 0x8060_0000n | AF | 0b11n);
    expect(isStale(pages.world, 0, L1, right)).toBe(true);
  });
});

describe('descriptor corners', () => {
  test('a level-1 block ignores bits [29:21] too (they would be part of a level-2 block address)', () => {
    expect(decodeDescriptor(descriptor(0x4fe0_0401n), 1)).toMatchObject({
      kind: 'block',
      output: 0x4000_0000,
    });
  });
  test('AP[1] = 0 shows as 0', () => {
    const rows = describeDescriptor(descriptor(0x8032_0783n), 3);
    expect(rows.find((r) => r.field === 'AP[1]')!.value).toBe('0');
  });
});
