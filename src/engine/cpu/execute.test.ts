import { describe, expect, test } from 'vitest';
import { freshKernel } from '../kernel/testHarness';
import type { KernelContext } from '../kernel/kernelContext';
import type { Change } from '../trace/types';
import { AP2_RO, PAGE_HYP_BITS, TABLE } from '../test/tables';
import type { Cond, DpOp, Instruction, Shift } from './a32';
import { HSCTLR_C, HSCTLR_M, type CpuState } from '../machine/cpuState';
import { conditionPasses } from './conditions';
import { execute, type ExecResult } from './execute';

/*
 * The A32 executor against the ARM ARM (ARMv7-A, A8: condition codes, shifts, data-processing
 * flags, loads and stores with their addressing modes, the cp15 registers of facts §4.1,
 * ERET, HVC) on a CPU built by hand: no trace, no kernel.
 */

const PC = 0x8032_0f40;
const PANIC = 0xc002_1000;
const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };

function machine(patch: Partial<CpuState> = {}): KernelContext {
  const k = freshKernel();
  k.rec.updateCpu(0, (c) => ({ ...c, mode: 'hyp', cpsr: 0x1da, ...patch }));
  k.begin(LISTING, 'x', 'insn', 'test');
  return k;
}
const cpu = (k: KernelContext) => k.rec.state.cpus[0]!;
/* panic()'s format strings by kernel VA, as the v3.10 runtime vectors pass them in r0. */
const PABT_STR = 0xc05a_0000;
const DABT_STR = 0xc05a_0040;
const PANIC_STRINGS = new Map([
  [PABT_STR, 'unexpected prefetch abort in Hyp mode at: %#08x'],
  [DABT_STR, 'unexpected data abort in Hyp mode at: %#08x'],
]);
const run = (k: KernelContext, insn: Instruction, pc = PC): ExecResult =>
  execute({
    rec: k.rec,
    world: k.world,
    config: k.config,
    cpuId: 0,
    pc,
    insn,
    panicVa: PANIC,
    panicStrings: PANIC_STRINGS,
  });
const changes = (k: KernelContext): readonly Change[] => {
  const step = k.rec.commit();
  return step.changes;
};
const regs = (...v: number[]) => [...v, ...Array.from({ length: 13 - v.length }, () => 0)];

const imm = (value: number) => ({ type: 'imm' as const, value, rot: 0, imm8: value & 0xff });
const reg = (rm: number, shift: Shift = 'lsl', amount = 0) => ({
  type: 'reg' as const,
  rm,
  shift,
  amount,
});
const dp = (
  op: DpOp,
  rd: number,
  rn: number,
  operand2: ReturnType<typeof imm> | ReturnType<typeof reg>,
  s = false,
): Instruction => ({ kind: 'dp', cond: 'al', op, s, rd, rn, operand2 });

const N = 0x8000_0000;
const Z = 0x4000_0000;
const C = 0x2000_0000;
const V = 0x1000_0000;

describe('condition codes (ARM ARM A8.3, table A8-1)', () => {
  const expected: Record<Cond, (n: boolean, z: boolean, c: boolean, v: boolean) => boolean> = {
    eq: (_n, z) => z,
    ne: (_n, z) => !z,
    cs: (_n, _z, c) => c,
    cc: (_n, _z, c) => !c,
    mi: (n) => n,
    pl: (n) => !n,
    vs: (_n, _z, _c, v) => v,
    vc: (_n, _z, _c, v) => !v,
    hi: (_n, z, c) => c && !z,
    ls: (_n, z, c) => !c || z,
    ge: (n, _z, _c, v) => n === v,
    lt: (n, _z, _c, v) => n !== v,
    gt: (n, z, _c, v) => !z && n === v,
    le: (n, z, _c, v) => z || n !== v,
    al: () => true,
  };
  for (const cond of Object.keys(expected) as Cond[]) {
    test(`${cond} over all 16 NZCV values`, () => {
      for (let f = 0; f < 16; f++) {
        const cpsr = ((f << 28) | 0x1da) >>> 0;
        const want = expected[cond](!!(f & 8), !!(f & 4), !!(f & 2), !!(f & 1));
        expect(conditionPasses(cond, cpsr), `NZCV=${f.toString(2).padStart(4, '0')}`).toBe(want);
      }
    });
  }
});

describe('shifted register operands (ARM ARM A8.4.3, DecodeImmShift)', () => {
  const shifted = (value: number, shift: Shift, amount: number, cpsr = 0x1da) => {
    const k = machine({ r: regs(0, value), cpsr });
    run(k, dp('mov', 0, 0, reg(1, shift, amount)));
    return cpu(k).r[0];
  };
  test('LSL, LSR, ASR, ROR by 4 and by 31', () => {
    expect(shifted(0x8000_0011, 'lsl', 4)).toBe(0x0000_0110);
    expect(shifted(0x8000_0011, 'lsr', 4)).toBe(0x0800_0001);
    expect(shifted(0x8000_0011, 'asr', 4)).toBe(0xf800_0001);
    expect(shifted(0x7000_0011, 'asr', 4)).toBe(0x0700_0001);
    expect(shifted(0x8000_0011, 'ror', 4)).toBe(0x1800_0001);
    expect(shifted(0x8000_0011, 'lsl', 31)).toBe(0x8000_0000);
    expect(shifted(0x8000_0011, 'lsr', 31)).toBe(1);
    expect(shifted(0x8000_0011, 'asr', 31)).toBe(0xffff_ffff);
    expect(shifted(0x8000_0011, 'ror', 1)).toBe(0xc000_0008);
  });
  test('LSL #0 is the register unchanged; LSR #0 encodes LSR #32, which gives 0', () => {
    expect(shifted(0x8000_0011, 'lsl', 0)).toBe(0x8000_0011);
    expect(shifted(0x8000_0011, 'lsr', 0)).toBe(0);
  });
  test('ASR #0 encodes ASR #32: all ones for a negative value, zero for a positive one', () => {
    expect(shifted(0x8000_0011, 'asr', 0)).toBe(0xffff_ffff);
    expect(shifted(0x7000_0011, 'asr', 0)).toBe(0);
  });
  test('ROR #0 encodes RRX: C goes into bit 31, the rest shifts right by one', () => {
    expect(shifted(0x8000_0011, 'ror', 0, 0x1da | C)).toBe(0xc000_0008);
    expect(shifted(0x8000_0011, 'ror', 0, 0x1da)).toBe(0x4000_0008);
  });
});

describe('data processing', () => {
  const A = 0xf0f0_00ff;
  const B = 0x0ff0_0f0f;
  const result = (op: DpOp) => {
    const k = machine({ r: regs(0, 0, A, B) });
    const r = run(k, dp(op, 0, 2, reg(3)));
    expect(r).toMatchObject({ next: PC + 4, exception: null, stop: null });
    return cpu(k).r[0];
  };
  test('AND, EOR, ORR, BIC, MOV, MVN, ADD, SUB, RSB on 32-bit values (with wrap-around)', () => {
    expect(result('and')).toBe(0x00f0_000f);
    expect(result('eor')).toBe(0xff00_0ff0);
    expect(result('orr')).toBe(0xfff0_0fff);
    expect(result('bic')).toBe(0xf000_00f0);
    expect(result('mov')).toBe(0x0ff0_0f0f);
    expect(result('mvn')).toBe(0xf00f_f0f0);
    expect(result('add')).toBe(0x00e0_100e);
    expect(result('sub')).toBe(0xe0ff_f1f0);
    expect(result('rsb')).toBe(0x1f00_0e10);
  });
  test('an immediate operand is used as it is', () => {
    const k = machine({ r: regs(0, 0x3000) });
    run(k, dp('orr', 2, 1, imm(0x35)));
    expect(cpu(k).r[2]).toBe(0x3035);
  });
  test('ADC, SBC and RSC are not modelled: undefined instruction, nothing written', () => {
    for (const op of ['adc', 'sbc', 'rsc'] as const) {
      const k = machine({ r: regs(7, 1, 2) });
      expect(run(k, dp(op, 0, 1, reg(2)))).toEqual({
        effect: 'not modelled',
        next: null,
        exception: { kind: 'undefined' },
        stop: null,
      });
      expect(cpu(k).r[0]).toBe(7);
    }
  });
  test('a result written to r0 is recorded as a register change; an unchanged value is not', () => {
    const k = machine({ r: regs(0, 0x110) });
    const r = run(k, dp('mov', 0, 0, reg(1)));
    expect(r.effect).toMatch(/r0 = 0x00000110/);
    expect(changes(k)).toEqual([
      { kind: 'register', cpu: 0, name: 'r0', before: '0x00000000', after: '0x00000110' },
    ]);
    const same = machine({ r: regs(0x110, 0x110) });
    run(same, dp('mov', 0, 0, reg(1)));
    expect(changes(same)).toEqual([]);
  });
  test('MOV to the PC is a jump: the next PC is the result', () => {
    const k = machine({ r: regs(0xffff_00bc) });
    const r = run(k, dp('mov', 15, 0, reg(0)));
    expect(r.next).toBe(0xffff_00bc);
    expect(r.effect).toMatch(/jump/);
  });
  test('reading the PC gives the address of the instruction + 8', () => {
    const k = machine();
    run(k, dp('mov', 0, 0, reg(15)));
    expect(cpu(k).r[0]).toBe(PC + 8);
  });
  test('register changes are named r0-r12, sp, lr; an STM names every register it stores, pc included', () => {
    const names = [
      'r0',
      'r1',
      'r2',
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
      'r9',
      'r10',
      'r11',
      'r12',
      'sp',
      'lr',
    ];
    const k = machine();
    names.forEach((_, n) => run(k, dp('mov', n, 0, imm(0x40 + n))));
    expect(changes(k).map((c) => (c.kind === 'register' ? c.name : ''))).toEqual(names);
    const m = machine({ spHyp: 0x8041_0000 });
    const all = Array.from({ length: 16 }, (_, i) => i);
    const r = run(m, {
      kind: 'stm',
      cond: 'al',
      rn: 0,
      registers: all,
      writeback: false,
      mode: 'ia',
    });
    expect(r.effect).toBe(`stored ${[...names, 'pc'].join(', ')} at 0x0`);
  });
  test('SP and LR: Hyp mode uses SP_hyp and the User LR; SVC its own SP and LR', () => {
    const hyp = machine({ spHyp: 0x1000, spSvc: 0x2000, lrUsr: 0x3000, lrSvc: 0x4000 });
    run(hyp, dp('add', 0, 13, reg(14)));
    expect(cpu(hyp).r[0]).toBe(0x4000);
    run(hyp, dp('mov', 13, 0, imm(0x40)));
    run(hyp, dp('mov', 14, 0, imm(0x44)));
    expect(cpu(hyp)).toMatchObject({ spHyp: 0x40, spSvc: 0x2000, lrUsr: 0x44, lrSvc: 0x4000 });
    const svc = machine({
      mode: 'svc',
      spHyp: 0x1000,
      spSvc: 0x2000,
      lrUsr: 0x3000,
      lrSvc: 0x4000,
    });
    run(svc, dp('add', 0, 13, reg(14)));
    expect(cpu(svc).r[0]).toBe(0x6000);
    run(svc, dp('mov', 13, 0, imm(0x40)));
    run(svc, dp('mov', 14, 0, imm(0x44)));
    expect(cpu(svc)).toMatchObject({ spHyp: 0x1000, spSvc: 0x40, lrUsr: 0x3000, lrSvc: 0x44 });
  });
});

describe('flags: CMP/CMN as AddWithCarry, TST/TEQ and S-suffixed logical ops set N and Z', () => {
  const flagsAfter = (op: DpOp, a: number, b: number, cpsr = 0x1da) => {
    const k = machine({ r: regs(0, a, b), cpsr });
    run(k, dp(op, 0, 1, reg(2), true));
    return cpu(k).cpsr >>> 0;
  };
  test('CMP: C is NOT borrow, V is signed overflow; the mode bits stay', () => {
    expect(flagsAfter('cmp', 5, 5)).toBe((Z | C | 0x1da) >>> 0);
    expect(flagsAfter('cmp', 4, 5)).toBe((N | 0x1da) >>> 0);
    expect(flagsAfter('cmp', 5, 4)).toBe((C | 0x1da) >>> 0);
    expect(flagsAfter('cmp', 0x7fff_ffff, 0xffff_ffff)).toBe((N | V | 0x1da) >>> 0);
    expect(flagsAfter('cmp', 0x8000_0000, 1)).toBe((C | V | 0x1da) >>> 0);
    expect(flagsAfter('cmp', 0xffff_ffff, 1, 0x1da | Z | V)).toBe((N | C | 0x1da) >>> 0);
  });
  test('CMP 0, #0x8000_0000 overflows: N and V set, C clear', () => {
    expect(flagsAfter('cmp', 0, 0x8000_0000)).toBe((N | V | 0x1da) >>> 0);
  });
  test('CMN: C is the unsigned carry out, V signed overflow', () => {
    expect(flagsAfter('cmn', 0xffff_ffff, 1)).toBe((Z | C | 0x1da) >>> 0);
    expect(flagsAfter('cmn', 0x7fff_ffff, 1)).toBe((N | V | 0x1da) >>> 0);
    expect(flagsAfter('cmn', 0x8000_0000, 0x8000_0000)).toBe((Z | C | V | 0x1da) >>> 0);
    expect(flagsAfter('cmn', 1, 2)).toBe(0x1da);
    expect(flagsAfter('cmn', 0xffff_fffe, 1)).toBe((N | 0x1da) >>> 0); // 0xffffffff: no carry yet
  });
  test('TST and TEQ set N and Z from the result and keep C and V; they write no register', () => {
    expect(flagsAfter('tst', 0xf0, 0x0f, 0x1da | C | V)).toBe((Z | C | V | 0x1da) >>> 0);
    expect(flagsAfter('tst', 0x8000_0001, 0x8000_0000)).toBe((N | 0x1da) >>> 0);
    expect(flagsAfter('teq', 0x1234, 0x1234, 0x1da | N)).toBe((Z | 0x1da) >>> 0);
    expect(flagsAfter('teq', 0x8000_0000, 1)).toBe((N | 0x1da) >>> 0);
    const k = machine({ r: regs(9, 1, 1) });
    const r = run(k, dp('tst', 0, 1, reg(2), true));
    expect(cpu(k).r[0]).toBe(9);
    expect(r.effect).toMatch(/Z=0/);
  });
  test('ANDS/MOVS/ORRS: N and Z from the result, C and V kept (immediate without rotation)', () => {
    const k = machine({ r: regs(0, 0xf0), cpsr: 0x1da | C | V | N });
    const r = run(k, dp('and', 0, 1, imm(0x0f), true));
    expect(cpu(k).cpsr >>> 0).toBe((Z | C | V | 0x1da) >>> 0);
    expect(r.effect).toMatch(/Z=1/);
    const m = machine({ r: regs(0, 0x8000_0000) });
    run(m, dp('mov', 0, 0, reg(1), true));
    expect(cpu(m).cpsr >>> 0).toBe((N | 0x1da) >>> 0);
    const plain = machine({ r: regs(0, 0), cpsr: 0x1da | N });
    run(plain, dp('mov', 0, 0, reg(1)));
    expect(cpu(plain).cpsr >>> 0).toBe((N | 0x1da) >>> 0); // no S: flags untouched
  });
  test('ADDS sets C on an unsigned carry out', () => {
    const k = machine({ r: regs(0, 0xffff_ffff, 1) });
    run(k, dp('add', 0, 1, reg(2), true));
    expect(cpu(k).cpsr >>> 0).toBe((Z | C | 0x1da) >>> 0);
  });
  test('SUBS and RSBS set NZCV as CMP does (C = no borrow), and write the result', () => {
    const k = machine({ r: regs(0, 0, 1) });
    run(k, dp('sub', 0, 1, reg(2), true)); // 0 - 1: borrow, negative
    expect(cpu(k).r[0]).toBe(0xffff_ffff);
    expect(cpu(k).cpsr >>> 0).toBe((N | 0x1da) >>> 0);
    const m = machine({ r: regs(0, 0x8000_0000, 1) });
    run(m, dp('sub', 0, 1, reg(2), true)); // most negative - 1: signed overflow, no borrow
    expect(cpu(m).r[0]).toBe(0x7fff_ffff);
    expect(cpu(m).cpsr >>> 0).toBe((C | V | 0x1da) >>> 0);
    const n = machine({ r: regs(0, 5, 5) });
    run(n, dp('rsb', 0, 1, reg(2), true)); // 5 - 5
    expect(cpu(n).cpsr >>> 0).toBe((Z | C | 0x1da) >>> 0);
  });
});

describe('BFI, branches', () => {
  test('BFI inserts width bits of Rn at lsb, keeping the rest of Rd', () => {
    const k = machine({ r: regs(0xffff_ffff, 0x5) });
    run(k, { kind: 'bfi', cond: 'al', rd: 0, rn: 1, lsb: 8, width: 4 });
    expect(cpu(k).r[0]).toBe(0xffff_f5ff);
    const all = machine({ r: regs(0xffff_ffff, 0x1234_5678) });
    run(all, { kind: 'bfi', cond: 'al', rd: 0, rn: 1, lsb: 0, width: 32 });
    expect(cpu(all).r[0]).toBe(0x1234_5678);
  });
  test('B and BL go to PC + 8 + offset; BL leaves the return address in LR', () => {
    const k = machine();
    expect(run(k, { kind: 'b', cond: 'al', offset: 0x20 }).next).toBe(PC + 0x28);
    expect(run(k, { kind: 'b', cond: 'al', offset: -8 })).toMatchObject({
      next: PC,
      effect: 'branch to itself',
    });
    expect(cpu(k).lrUsr).toBe(0);
    const r = run(k, { kind: 'bl', cond: 'al', offset: -0x108 });
    expect(r.next).toBe(PC - 0x100);
    expect(cpu(k).lrUsr).toBe(PC + 4);
  });
  test('BX and BLX to an ARM address (bits[1:0] = 0b00) go there and stay in ARM state; BLX links', () => {
    const k = machine({ r: regs(0, 0, 0, 0xc000_8000) });
    expect(run(k, { kind: 'bx', cond: 'al', rm: 3 })).toMatchObject({
      next: 0xc000_8000,
      stop: null,
    });
    expect(cpu(k).lrUsr).toBe(0);
    expect(run(k, { kind: 'blx', cond: 'al', rm: 3 })).toMatchObject({
      next: 0xc000_8000,
      stop: null,
    });
    expect(cpu(k).lrUsr).toBe(PC + 4);
    expect(cpu(k).cpsr & 0x20).toBe(0);
  });
});

describe('loads and stores with the MMU off (flat, at the PoC)', () => {
  test('STR then LDR with an offset: the word lands at the PoC and comes back', () => {
    const k = machine({ r: regs(0xdead_beef, 0x8040_0000) });
    const st = run(k, { kind: 'strImm', cond: 'al', rt: 0, rn: 1, offset: 8 });
    expect(st.next).toBe(PC + 4);
    expect(k.world.memory.read32(0x8040_0008, k.rec.version, 'poc')).toBe(0xdead_beef);
    run(k, { kind: 'ldrImm', cond: 'al', rt: 2, rn: 1, offset: 8 });
    expect(cpu(k).r[2]).toBe(0xdead_beef);
    expect(cpu(k).r[1]).toBe(0x8040_0000); // offset addressing: no writeback
  });
  test('pre-indexed writes the new address back; post-indexed uses the old one, then adds', () => {
    const k = machine({ r: regs(0x11, 0x8040_0000) });
    run(k, { kind: 'strImm', cond: 'al', rt: 0, rn: 1, offset: -4, index: 'pre' });
    expect(cpu(k).r[1]).toBe(0x803f_fffc);
    expect(k.world.memory.read32(0x803f_fffc, k.rec.version, 'poc')).toBe(0x11);
    run(k, { kind: 'ldrImm', cond: 'al', rt: 2, rn: 1, offset: 4, index: 'post' });
    expect(cpu(k).r[2]).toBe(0x11);
    expect(cpu(k).r[1]).toBe(0x8040_0000);
  });
  test('an LDR from the PC reads the literal at (PC + 8) + offset', () => {
    const k = machine();
    k.world.memory.uncachedWrite32(PC + 8 + 0x10, 0x3f03, 0);
    run(k, { kind: 'ldrImm', cond: 'al', rt: 0, rn: 15, offset: 0x10 });
    expect(cpu(k).r[0]).toBe(0x3f03);
  });
  test('STMDB SP! (push) stores the lowest register at the lowest address and moves SP down', () => {
    const k = machine({ r: regs(0xa0, 0xa1), spHyp: 0x8041_0000, lrUsr: 0xa14 });
    const r = run(k, {
      kind: 'stm',
      cond: 'al',
      rn: 13,
      registers: [14, 0, 1],
      writeback: true,
      mode: 'db',
    });
    const at = (a: number) => k.world.memory.read32(a, k.rec.version, 'poc');
    expect([at(0x8040_fff4), at(0x8040_fff8), at(0x8040_fffc)]).toEqual([0xa0, 0xa1, 0xa14]);
    expect(cpu(k).spHyp).toBe(0x8040_fff4);
    expect(r.effect).toMatch(/stored r0, r1, lr/);
  });
  test('LDMIA SP! (pop) loads upwards and moves SP up; IB, DA and DB address as the ARM ARM says', () => {
    const k = machine({ spHyp: 0x8040_fff0 });
    for (let i = 0; i < 8; i++) k.world.memory.uncachedWrite32(0x8040_ffe0 + 4 * i, 0x100 + i, 0); // 0x..ffe0 -> 0x100, ...
    run(k, { kind: 'ldm', cond: 'al', rn: 13, registers: [2, 1], writeback: true, mode: 'ia' });
    expect(cpu(k).r.slice(1, 3)).toEqual([0x104, 0x105]);
    expect(cpu(k).spHyp).toBe(0x8040_fff8);
    const modes = {
      ia: [0x104, 0x105],
      ib: [0x105, 0x106],
      da: [0x103, 0x104],
      db: [0x102, 0x103],
    };
    const back = { ia: 0x8040_fff8, ib: 0x8040_fff8, da: 0x8040_ffe8, db: 0x8040_ffe8 };
    for (const mode of ['ia', 'ib', 'da', 'db'] as const) {
      const m = machine({ spHyp: 0x8040_fff0 });
      for (let i = 0; i < 8; i++) m.world.memory.uncachedWrite32(0x8040_ffe0 + 4 * i, 0x100 + i, 0);
      run(m, { kind: 'ldm', cond: 'al', rn: 13, registers: [1, 2], writeback: true, mode });
      expect(cpu(m).r.slice(1, 3), mode).toEqual(modes[mode]);
      expect(cpu(m).spHyp, mode).toBe(back[mode]);
      const keep = machine({ spHyp: 0x8040_fff0 });
      run(keep, { kind: 'ldm', cond: 'al', rn: 13, registers: [1, 2], writeback: false, mode });
      expect(cpu(keep).spHyp).toBe(0x8040_fff0);
    }
  });
});

describe('HYP data accesses through the MMU, and data aborts', () => {
  const L1 = 0x8100_0000;
  const L2 = 0x8100_1000;
  const L3 = 0x8100_2000;
  function mapped(leafBits: bigint, patch: Partial<CpuState> = {}) {
    const k = machine({
      hsctlr: HSCTLR_M | HSCTLR_C,
      httbr: L1,
      hmair0: 0xeeaa_4400,
      hmair1: 0xff00_0004,
      ...patch,
    });
    const put = (pa: number, d: bigint) => {
      k.world.memory.uncachedWrite32(pa, Number(d & 0xffff_ffffn), 0);
      k.world.memory.uncachedWrite32(pa + 4, Number(d >> 32n), 0);
    };
    put(L1 + 3 * 8, BigInt(L2) | TABLE); // VA 0xc000_0000.. -> L2
    put(L2 + 0 * 8, BigInt(L3) | TABLE);
    put(L3 + 5 * 8, 0x8000_5000n | leafBits); // VA 0xc000_5000 -> PA 0x8000_5000
    return k;
  }
  test('a store to write-back memory with HSCTLR.C set goes into the cache, not the PoC', () => {
    const k = mapped(PAGE_HYP_BITS, { r: regs(0x5a5a_5a5a, 0xc000_5000) });
    run(k, { kind: 'strImm', cond: 'al', rt: 0, rn: 1, offset: 0x10 });
    expect(k.world.memory.read32(0x8000_5010, k.rec.version, 'coherent')).toBe(0x5a5a_5a5a);
    expect(k.world.memory.read32(0x8000_5010, k.rec.version, 'poc')).toBe(0);
    const ch = changes(k);
    expect(ch.find((c) => c.kind === 'tlb-fill')).toMatchObject({
      cpu: 0,
      index: 0,
      evicted: null,
    });
    expect(ch.find((c) => c.kind === 'memory')).toMatchObject({ pa: 0x8000_5010, length: 4 });
  });
  test('with HSCTLR.C clear the same store reaches the PoC', () => {
    const k = mapped(PAGE_HYP_BITS, { hsctlr: HSCTLR_M, r: regs(0x5a5a_5a5a, 0xc000_5000) });
    run(k, { kind: 'strImm', cond: 'al', rt: 0, rn: 1, offset: 0x10 });
    expect(k.world.memory.read32(0x8000_5010, k.rec.version, 'poc')).toBe(0x5a5a_5a5a);
  });
  test('a second access to the page hits the TLB and says so', () => {
    const k = mapped(PAGE_HYP_BITS, { r: regs(0, 0xc000_5000) });
    run(k, { kind: 'ldrImm', cond: 'al', rt: 0, rn: 1, offset: 0 });
    run(k, { kind: 'ldrImm', cond: 'al', rt: 0, rn: 1, offset: 4 });
    expect(cpu(k).tlb.entries.filter((e) => e !== null)).toHaveLength(1);
    expect(changes(k).filter((c) => c.kind === 'tlb-hit')).toEqual([
      { kind: 'tlb-hit', cpu: 0, index: 0 },
    ]);
  });
  test('a load from an unmapped VA is a data abort with the level-1 translation fault code; no register changes', () => {
    const k = mapped(PAGE_HYP_BITS, { r: regs(7, 0x4000_0000) });
    expect(run(k, { kind: 'ldrImm', cond: 'al', rt: 0, rn: 1, offset: 0x24 })).toEqual({
      effect: 'data abort',
      next: null,
      exception: { kind: 'data-abort', va: 0x4000_0024, fsc: 0x05, write: false },
      stop: null,
    });
    expect(cpu(k).r[0]).toBe(7);
  });
  test('a store to a read-only page is a data abort: permission fault at level 3, WnR set', () => {
    const k = mapped(PAGE_HYP_BITS | AP2_RO, { r: regs(7, 0xc000_5000) });
    const r = run(k, { kind: 'strImm', cond: 'al', rt: 0, rn: 1, offset: 0, index: 'pre' });
    expect(r.exception).toEqual({ kind: 'data-abort', va: 0xc000_5000, fsc: 0x0f, write: true });
    expect(cpu(k).r[1]).toBe(0xc000_5000); // no writeback on an abort
    expect(k.world.memory.read32(0x8000_5000, k.rec.version, 'coherent')).toBe(0);
  });
  test('an STM that aborts part way stops with the abort; an LDM that aborts writes no register', () => {
    const k = mapped(PAGE_HYP_BITS, { spHyp: 0xc000_6004, r: regs(1, 2, 3) });
    const r = run(k, {
      kind: 'stm',
      cond: 'al',
      rn: 13,
      registers: [0, 1, 2],
      writeback: true,
      mode: 'db',
    });
    expect(r.exception).toEqual({ kind: 'data-abort', va: 0xc000_6000, fsc: 0x07, write: true });
    expect(cpu(k).spHyp).toBe(0xc000_6004);
    const l = mapped(PAGE_HYP_BITS, { spHyp: 0xc000_5ffc, r: regs(1, 2, 3) });
    const lr = run(l, {
      kind: 'ldm',
      cond: 'al',
      rn: 13,
      registers: [0, 1],
      writeback: true,
      mode: 'ia',
    });
    expect(lr.exception).toMatchObject({ va: 0xc000_6000, fsc: 0x07, write: false });
    expect(cpu(l).r.slice(0, 2)).toEqual([1, 2]);
  });
});

describe('cp15 system registers (facts §4.1 encodings)', () => {
  const sys = (
    opc1: number,
    crn: number,
    crm: number,
    opc2: number,
    kind: 'mcr' | 'mrc',
    rt = 0,
    coproc = 15,
  ): Instruction => ({
    kind,
    cond: 'al',
    coproc,
    opc1,
    rt,
    crn,
    crm,
    opc2,
  });
  const TABLE_41: [keyof CpuState, string, number, number, number, number][] = [
    ['htcr', 'HTCR', 4, 2, 0, 2],
    ['vtcr', 'VTCR', 4, 2, 1, 2],
    ['ttbcr', 'TTBCR', 0, 2, 0, 2],
    ['mair0', 'MAIR0', 0, 10, 2, 0],
    ['mair1', 'MAIR1', 0, 10, 2, 1],
    ['hmair0', 'HMAIR0', 4, 10, 2, 0],
    ['hmair1', 'HMAIR1', 4, 10, 2, 1],
    ['hsctlr', 'HSCTLR', 4, 1, 0, 0],
    ['sctlr', 'SCTLR', 0, 1, 0, 0],
    ['hvbar', 'HVBAR', 4, 12, 0, 0],
    ['hsr', 'HSR', 4, 5, 2, 0],
    ['hdfar', 'HDFAR', 4, 6, 0, 0],
    ['hifar', 'HIFAR', 4, 6, 0, 2],
    ['hcr', 'HCR', 4, 1, 1, 0],
  ];
  test.each(TABLE_41)(
    '%s: MCR writes it from Rt and records the change; MRC reads it back',
    (field, name, opc1, crn, crm, opc2) => {
      const k = machine({ r: regs(0x3500) });
      const w = run(k, sys(opc1, crn, crm, opc2, 'mcr'));
      expect(w.next).toBe(PC + 4);
      expect(w.effect).toBe(`${name} = 0x00003500`);
      // HSCTLR's UNK/SBOP bits (29:28, 23:22, 18, 16, 11, 4:3) keep reading as one (issue 9)
      const held = field === 'hsctlr' ? 0x30c5_3d18 : 0x3500;
      expect(cpu(k)[field]).toBe(held);
      const r = run(k, sys(opc1, crn, crm, opc2, 'mrc', 3));
      expect(cpu(k).r[3]).toBe(held);
      expect(r.effect).toBe(`r3 = ${name} = 0x${held.toString(16).padStart(8, '0')}`);
      const ch = changes(k);
      expect(ch[0]).toMatchObject({
        kind: 'register',
        cpu: 0,
        name,
        after: `0x${held.toString(16).padStart(8, '0')}`,
      });
    },
  );
  test('unknown encodings, another coprocessor, and MRC of a write-only operation are undefined', () => {
    const undef = { next: null, exception: { kind: 'undefined' }, stop: null };
    expect(run(machine(), sys(4, 2, 0, 3, 'mcr'))).toMatchObject(undef);
    expect(run(machine(), sys(4, 2, 0, 3, 'mcr')).effect).toMatch(/coprocessor register/);
    expect(run(machine(), sys(4, 8, 7, 0, 'mrc')).effect).toMatch(/write-only/);
    expect(run(machine(), sys(4, 2, 0, 2, 'mcr', 0, 14))).toMatchObject(undef);
    expect(run(machine(), sys(4, 2, 0, 2, 'mrc', 0, 14))).toMatchObject(undef);
    expect(run(machine(), sys(4, 8, 7, 0, 'mrc'))).toMatchObject(undef);
    expect(run(machine(), sys(0, 7, 1, 0, 'mrc'))).toMatchObject(undef);
  });
  test('TLBIALLH (p15, 4, c8, c7, 0) drops every HYP TLB entry of this CPU and counts them', () => {
    const e = (va: number) => ({
      vaPage: va,
      paPage: va,
      level: 3 as const,
      size: 4096,
      desc: PAGE_HYP_BITS,
      xnTable: false,
      httbr: 0x8100_0000,
      filledAt: 1,
    });
    const k = machine({ tlb: { entries: [e(0x1000), null, e(0x3000), e(0x4000)], next: 1 } });
    const r = run(k, sys(4, 8, 7, 0, 'mcr'));
    expect(r.effect).toBe('TLBIALLH: 3 HYP TLB entries invalidated');
    expect(cpu(k).tlb).toEqual({ entries: [null, null, null, null], next: 0 });
    const ch = changes(k);
    expect(ch).toHaveLength(1);
    expect(ch[0]!.kind === 'tlb-invalidate' && ch[0]!.dropped.map((x) => x.vaPage)).toEqual([
      0x1000, 0x3000, 0x4000,
    ]);
    const one = machine({ tlb: { entries: [null, e(0x2000)], next: 0 } });
    expect(run(one, sys(4, 8, 7, 0, 'mcr')).effect).toBe('TLBIALLH: 1 HYP TLB entry invalidated');
    const none = machine();
    expect(run(none, sys(4, 8, 7, 0, 'mcr')).effect).toBe(
      'TLBIALLH: 0 HYP TLB entries invalidated',
    );
  });
  test("TLBIALLNSNHIS and ICIALLUIS touch nothing of HYP's", () => {
    const e = {
      vaPage: 0x1000,
      paPage: 0x1000,
      level: 3 as const,
      size: 4096,
      desc: PAGE_HYP_BITS,
      xnTable: false,
      httbr: 0,
      filledAt: 1,
    };
    const k = machine({ tlb: { entries: [e], next: 0 } });
    const before = cpu(k);
    expect(run(k, sys(4, 8, 3, 4, 'mcr')).effect).toMatch(/^TLBIALLNSNHIS/);
    expect(run(k, sys(0, 7, 1, 0, 'mcr')).effect).toMatch(/^ICIALLUIS/);
    expect(cpu(k)).toBe(before);
  });
  test('MCRR p15, 4, Rt, Rt2, c2 writes the 64-bit HTTBR (Rt low, Rt2 high); MRRC splits it', () => {
    const k = machine({ r: regs(0x8f5e_1040, 0x1) });
    const w = run(k, { kind: 'mcrr', cond: 'al', coproc: 15, opc1: 4, rt: 0, rt2: 1, crm: 2 });
    expect(cpu(k).httbr).toBe(0x1_8f5e_1040);
    expect(w.effect).toBe('HTTBR = 0x18f5e1040');
    run(k, { kind: 'mrrc', cond: 'al', coproc: 15, opc1: 4, rt: 2, rt2: 3, crm: 2 });
    expect(cpu(k).r.slice(2, 4)).toEqual([0x8f5e_1040, 1]);
    const ch = changes(k);
    expect(ch[0]).toMatchObject({ name: 'HTTBR', before: '0x0000000000', after: '0x018f5e1040' });
  });
  test('opc1 6 is VTTBR; any other 64-bit register is undefined', () => {
    const k = machine({ r: regs(0x10, 0x00ff_0000) });
    run(k, { kind: 'mcrr', cond: 'al', coproc: 15, opc1: 6, rt: 0, rt2: 1, crm: 2 });
    expect(cpu(k).vttbr).toBe(0x00ff_0000 * 2 ** 32 + 0x10);
    expect(cpu(k).httbr).toBe(0);
    const r = run(k, { kind: 'mrrc', cond: 'al', coproc: 15, opc1: 6, rt: 2, rt2: 3, crm: 2 });
    expect(cpu(k).r.slice(2, 4)).toEqual([0x10, 0x00ff_0000]);
    expect(r.effect).toMatch(/VTTBR/);
    for (const [opc1, crm] of [
      [0, 2],
      [4, 3],
      [6, 1],
    ])
      expect(
        run(k, { kind: 'mcrr', cond: 'al', coproc: 15, opc1: opc1!, rt: 0, rt2: 1, crm: crm! })
          .exception,
      ).toEqual({ kind: 'undefined' });
  });
});

describe('PSRs, ELR_hyp, ERET, HVC and the rest', () => {
  test('MRS reads CPSR or SPSR_hyp; MSR writes SPSR_hyp; an MSR to the CPSR is not modelled', () => {
    const k = machine({ spsrHyp: 0x6000_01d3, r: regs(0, 0x1d3) });
    run(k, { kind: 'mrs', cond: 'al', rd: 0, source: 'spsr' });
    expect(cpu(k).r[0]).toBe(0x6000_01d3);
    run(k, { kind: 'mrs', cond: 'al', rd: 2, source: 'cpsr' });
    expect(cpu(k).r[2]).toBe(0x1da);
    const w = run(k, { kind: 'msr', cond: 'al', which: 'spsr', mask: 'cxsf', rn: 1 });
    expect(w.effect).toBe('SPSR_hyp = 0x000001d3');
    expect(cpu(k).spsrHyp).toBe(0x1d3);
    expect(run(k, { kind: 'msr', cond: 'al', which: 'cpsr', mask: 'c', rn: 1 }).exception).toEqual({
      kind: 'undefined',
    });
    expect(cpu(k).cpsr).toBe(0x1da);
  });
  test('MRS/MSR ELR_hyp', () => {
    const k = machine({ elrHyp: 0xc000_1000, r: regs(0, 0x8032_0f00) });
    run(k, { kind: 'mrsBanked', cond: 'al', rd: 0, banked: 'elr_hyp' });
    expect(cpu(k).r[0]).toBe(0xc000_1000);
    run(k, { kind: 'msrBanked', cond: 'al', banked: 'elr_hyp', rn: 1 });
    expect(cpu(k).elrHyp).toBe(0x8032_0f00);
  });
  test('MSR SPSR_hyp and MSR ELR_hyp record the old value as "before"', () => {
    const k = machine({
      spsrHyp: 0x6000_01d3,
      elrHyp: 0xc000_1000,
      r: regs(0, 0x1d3, 0x8032_0f00),
    });
    run(k, { kind: 'msr', cond: 'al', which: 'spsr', mask: 'cxsf', rn: 1 });
    run(k, { kind: 'msrBanked', cond: 'al', banked: 'elr_hyp', rn: 2 });
    const ch = changes(k);
    expect(ch.find((c) => c.kind === 'register' && c.name === 'SPSR_hyp')).toEqual({
      kind: 'register',
      cpu: 0,
      name: 'SPSR_hyp',
      before: '0x600001d3',
      after: '0x000001d3',
    });
    expect(ch.find((c) => c.kind === 'register' && c.name === 'ELR_hyp')).toMatchObject({
      before: '0xc0001000',
      after: '0x80320f00',
    });
  });
  test('MSR SPSR_hyp and MSR ELR_hyp record a register change with the new value', () => {
    const k = machine({
      spsrHyp: 0x6000_01d3,
      elrHyp: 0xc000_1000,
      r: regs(0, 0x1d3, 0x8032_0f00),
    });
    run(k, { kind: 'msr', cond: 'al', which: 'spsr', mask: 'cxsf', rn: 1 });
    run(k, { kind: 'msrBanked', cond: 'al', banked: 'elr_hyp', rn: 2 });
    const ch = changes(k);
    expect(ch.find((c) => c.kind === 'register' && c.name === 'SPSR_hyp')).toMatchObject({
      cpu: 0,
      after: '0x000001d3',
    });
    expect(ch.find((c) => c.kind === 'register' && c.name === 'ELR_hyp')).toMatchObject({
      cpu: 0,
      after: '0x80320f00',
    });
  });
  test('ERET: CPSR from SPSR_hyp, PC from ELR_hyp, the mode from SPSR.M', () => {
    const k = machine({ spsrHyp: 0x6000_01d3, elrHyp: 0xc000_8000 });
    const r = run(k, { kind: 'eret', cond: 'al' });
    expect(r).toMatchObject({ next: null, exception: null, stop: null });
    expect(cpu(k)).toMatchObject({ mode: 'svc', cpsr: 0x6000_01d3, pc: 0xc000_8000 });
    expect(changes(k)).toContainEqual({
      kind: 'register',
      cpu: 0,
      name: 'mode',
      before: 'HYP',
      after: 'SVC',
    });
    const h = machine({ spsrHyp: 0x1da, elrHyp: 0xffff_00bc });
    run(h, { kind: 'eret', cond: 'al' });
    expect(cpu(h)).toMatchObject({ mode: 'hyp', pc: 0xffff_00bc });
  });
  test('ERET into panic(): the message is the format string r0 points at, with r1 for %#08x', () => {
    const pre = machine({ spsrHyp: 0x1d3, elrHyp: PANIC, r: regs(PABT_STR, 0xffff_00bc) });
    expect(run(pre, { kind: 'eret', cond: 'al' })).toEqual({
      effect: 'return into panic() in SVC',
      next: null,
      exception: null,
      stop: {
        kind: 'panic',
        reason: 'HYP returned into panic(): "unexpected prefetch abort in Hyp mode at: 0xffff00bc"',
      },
    });
    const data = machine({ spsrHyp: 0x1d3, elrHyp: PANIC, r: regs(DABT_STR, 0xc000_0010) });
    expect(run(data, { kind: 'eret', cond: 'al' }).stop?.reason).toBe(
      'HYP returned into panic(): "unexpected data abort in Hyp mode at: 0xc0000010"',
    );
    const unknown = machine({ spsrHyp: 0x1d3, elrHyp: PANIC, r: regs(0x1234, 0x10) });
    expect(run(unknown, { kind: 'eret', cond: 'al' }).stop?.reason).toMatch(
      /in Hyp mode at: 0x00000010"$/,
    );
  });
  test('HVC in Hyp mode is an exception with its immediate; ISB, DSB and NOP fall through', () => {
    const k = machine();
    expect(run(k, { kind: 'hvc', cond: 'al', imm16: 0x1234 }).exception).toEqual({
      kind: 'hvc',
      imm16: 0x1234,
    });
    for (const insn of [
      { kind: 'isb', cond: 'al', option: 'sy' },
      { kind: 'dsb', cond: 'al', option: 'ish' },
      { kind: 'nop', cond: 'al' },
    ] as Instruction[]) {
      const r = run(k, insn);
      expect(r).toMatchObject({ next: PC + 4, exception: null, stop: null });
      expect(r.effect.length).toBeGreaterThan(5);
    }
  });
  test('UDF, CLREX and unknown words are undefined instructions', () => {
    for (const insn of [
      { kind: 'udf', cond: 'al', imm16: 0 },
      { kind: 'clrex', cond: 'al' },
      { kind: 'unknown', cond: 'al', word: 0xe7f000f0 },
    ] as Instruction[])
      expect(run(machine(), insn)).toEqual({
        effect: 'UNDEFINED instruction',
        next: null,
        exception: { kind: 'undefined' },
        stop: null,
      });
  });
});

describe('what each instruction says it did (the step title)', () => {
  test('BFI, B, BX, BLX', () => {
    const k = machine({ r: regs(0xffff_ffff, 0x5, 0, 0xc000_8000) });
    expect(run(k, { kind: 'bfi', cond: 'al', rd: 0, rn: 1, lsb: 8, width: 4 }).effect).toBe(
      'r0 = 0xfffff5ff',
    );
    expect(run(k, { kind: 'b', cond: 'al', offset: 0x20 }).effect).toBe('branch to 0x80320f68');
    expect(run(k, { kind: 'bx', cond: 'al', rm: 3 }).effect).toBe('return to 0xc0008000');
    expect(run(k, { kind: 'blx', cond: 'al', rm: 3 }).effect).toBe('call 0xc0008000');
  });
  test('loads, stores, LDM; the accesses carry the value', () => {
    const k = machine({ r: regs(0x5a, 0x8040_0000), spHyp: 0x8040_0000 });
    expect(run(k, { kind: 'strImm', cond: 'al', rt: 0, rn: 1, offset: 4 }).effect).toBe(
      '[0x80400004] = 0x0000005a',
    );
    expect(run(k, { kind: 'ldrImm', cond: 'al', rt: 2, rn: 1, offset: 4 }).effect).toBe(
      'r2 = [0x80400004] = 0x0000005a',
    );
    expect(
      run(k, { kind: 'ldm', cond: 'al', rn: 13, registers: [10, 2], writeback: false, mode: 'ib' })
        .effect,
    ).toBe('loaded r2, r10 at 0x80400004');
    expect(cpu(k).r[2]).toBe(0x5a); // the lower register from the lower address
    const step = k.rec.commit();
    expect(step.accesses.map((a) => [a.type, a.va, a.value])).toEqual([
      ['write', 0x8040_0004, 0x5a],
      ['read', 0x8040_0004, 0x5a],
      ['read', 0x8040_0004, 0x5a],
      ['read', 0x8040_0008, 0],
    ]);
    expect(step.changes.find((c) => c.kind === 'memory')).toMatchObject({
      what: 'HYP store 0x0000005a',
    });
  });
  test('MRRC, MRS, ELR_hyp, ERET, HVC and the unmodelled forms', () => {
    const k = machine({ httbr: 0x8f5e_1040, spsrHyp: 0x6000_01d3, elrHyp: 0xc000_8000 });
    expect(
      run(k, { kind: 'mrrc', cond: 'al', coproc: 15, opc1: 4, rt: 2, rt2: 3, crm: 2 }).effect,
    ).toBe('r2:r3 = HTTBR = 0x8f5e1040');
    expect(run(k, { kind: 'mrs', cond: 'al', rd: 0, source: 'spsr' }).effect).toBe(
      'r0 = SPSR = 0x600001d3',
    );
    expect(run(k, { kind: 'mrsBanked', cond: 'al', rd: 1, banked: 'elr_hyp' }).effect).toBe(
      'r1 = ELR_hyp = 0xc0008000',
    );
    expect(run(k, { kind: 'msrBanked', cond: 'al', banked: 'elr_hyp', rn: 0 }).effect).toBe(
      'ELR_hyp = 0x600001d3',
    );
    expect(run(k, { kind: 'msr', cond: 'al', which: 'cpsr', mask: 'c', rn: 1 }).effect).toMatch(
      /CPSR/,
    );
    expect(
      run(k, { kind: 'mcrr', cond: 'al', coproc: 15, opc1: 0, rt: 0, rt2: 1, crm: 2 }).effect,
    ).toMatch(/64-bit register/);
    expect(run(k, { kind: 'hvc', cond: 'al', imm16: 0 }).effect).toBe('HVC in Hyp mode');
    expect(run(k, { kind: 'eret', cond: 'al' }).effect).toBe('return to SVC at 0x600001d3');
  });
  test('a TLB fill records the step that filled it (the one being built)', () => {
    const k = machine({ r: regs(0, 0x8040_0000) });
    k.rec.commit();
    k.begin(LISTING, 'x', 'second', 'test');
    k.rec.updateCpu(0, (c) => ({ ...c, hsctlr: HSCTLR_M, httbr: 0x8100_0000 }));
    const put = (pa: number, d: bigint) => {
      k.world.memory.uncachedWrite32(pa, Number(d & 0xffff_ffffn), 0);
      k.world.memory.uncachedWrite32(pa + 4, Number(d >> 32n), 0);
    };
    put(0x8100_0000 + 2 * 8, 0x8100_1003n);
    put(0x8100_1000 + 2 * 8, 0x8100_2003n);
    put(0x8100_2000, 0x8040_0000n | PAGE_HYP_BITS);
    run(k, { kind: 'ldrImm', cond: 'al', rt: 0, rn: 1, offset: 0 });
    expect(cpu(k).tlb.entries[0]).toMatchObject({ vaPage: 0x8040_0000, filledAt: 2 });
  });
});
