import { describe, expect, test } from 'vitest';
import { freshKernel } from '../kernel/testHarness';
import type { KernelContext } from '../kernel/kernelContext';
import type { Change } from '../trace/types';
import type { CpuState } from '../machine/cpuState';
import type { Instruction } from './a32';
import { execute, type ExecResult } from './execute';
import { runHyp } from './hypRun';
import { bxWritePc } from './pcWrite';

/*
 * Writes to the PC in ARM state (ARMv7-A ARM A2.3.2, A8.8.62 LDR (immediate), A8.8.58 LDM):
 * an LDR or LDM that loads the PC branches to the loaded word (LoadWritePC), with the
 * interworking of BXWritePC: bit 0 = 1 is Thumb state at address[31:1]:'0' (CPSR.T = 1),
 * bits[1:0] = 0b10 is UNPREDICTABLE, else ARM state at the address. MOV/ADD to the PC
 * (ALUWritePC) and BX/BLX do the same in ARMv7 ARM state. Reading the PC as an operand gives the
 * instruction's address + 8. hypstep runs ARM code only: a switch to Thumb stops the run with
 * the reason. Memory is flat here (HYP MMU off), in Hyp mode with CPSR 0x1da.
 */

const PC = 0x8032_0f40;
const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };
const HYP_CPSR = 0x1da;

function machine(patch: Partial<CpuState> = {}): KernelContext {
  const k = freshKernel();
  k.rec.updateCpu(0, (c) => ({ ...c, mode: 'hyp', cpsr: HYP_CPSR, ...patch }));
  k.begin(LISTING, 'x', 'insn', 'test');
  return k;
}
const cpu = (k: KernelContext) => k.rec.state.cpus[0]!;
const put = (k: KernelContext, pa: number, v: number) =>
  k.world.memory.uncachedWrite32(pa, v >>> 0, k.rec.version);
const at = (k: KernelContext, pa: number) => k.world.memory.read32(pa, k.rec.version, 'poc');
const run = (k: KernelContext, insn: Instruction, pc = PC): ExecResult =>
  execute({ rec: k.rec, world: k.world, config: k.config, cpuId: 0, pc, insn, panicVa: 0 });
const changes = (k: KernelContext): readonly Change[] => k.rec.commit().changes;
const regs = (...v: number[]) => [...v, ...Array.from({ length: 13 - v.length }, () => 0)];
const ldr = (rt: number, rn: number, offset: number, index?: 'pre' | 'post'): Instruction => ({
  kind: 'ldrImm',
  cond: 'al',
  rt,
  rn,
  offset,
  ...(index ? { index } : {}),
});
const reg = (rm: number) => ({ type: 'reg' as const, rm, shift: 'lsl' as const, amount: 0 });
const registerNames = (k: KernelContext) =>
  changes(k).flatMap((c) => (c.kind === 'register' ? [c.name] : []));

describe('BXWritePC in ARM state: what bits [1:0] of the address select', () => {
  test('0b00: ARM at the address; 0bx1: Thumb at address[31:1]:0; 0b10: UNPREDICTABLE', () => {
    expect(bxWritePc(0xc000_8004)).toEqual({ kind: 'arm', target: 0xc000_8004 });
    expect(bxWritePc(0xc000_8001)).toEqual({ kind: 'thumb', target: 0xc000_8000 });
    expect(bxWritePc(0xc000_8003)).toEqual({ kind: 'thumb', target: 0xc000_8002 });
    expect(bxWritePc(0xffff_ffff)).toEqual({ kind: 'thumb', target: 0xffff_fffe });
    expect(bxWritePc(0xc000_8002)).toEqual({ kind: 'unpredictable', address: 0xc000_8002 });
  });
});

describe('LDR into the PC is a branch to the loaded word', () => {
  test('ldr pc, [r1, #8]: the next PC is the word at r1 + 8, not PC + 4; no register but the PC changes', () => {
    const k = machine({ r: regs(0, 0x8040_0000) });
    put(k, 0x8040_0008, 0x8032_1000);
    const r = run(k, ldr(15, 1, 8));
    expect(r).toEqual({
      effect: 'pc = [0x80400008] = 0x80321000: jump to 0x80321000',
      next: 0x8032_1000,
      exception: null,
      stop: null,
    });
    expect(cpu(k).r[1]).toBe(0x8040_0000);
    expect(registerNames(k)).toEqual([]);
  });
  test('ldr pc, [pc, #-4]: the base reads as PC + 8, so it loads the word right after the instruction', () => {
    const k = machine();
    put(k, PC + 4, 0xc000_8000);
    expect(run(k, ldr(15, 15, -4)).next).toBe(0xc000_8000);
  });
  test('pop {pc} (ldr pc, [sp], #4): branches to the word at SP and moves SP up by 4', () => {
    const k = machine({ spHyp: 0x8040_fff0 });
    put(k, 0x8040_fff0, 0x8032_0f00);
    const r = run(k, ldr(15, 13, 4, 'post'));
    expect(r.next).toBe(0x8032_0f00);
    expect(cpu(k).spHyp).toBe(0x8040_fff4);
    expect(registerNames(k)).toEqual(['sp']);
  });
  test('ldr pc, [r1, #2] with HSCTLR.A clear: an unaligned load into the PC is UNPREDICTABLE, the run stops', () => {
    const k = machine({ r: regs(0, 0x8040_0000) });
    put(k, 0x8040_0000, 0x8032_1000);
    const r = run(k, ldr(15, 1, 2));
    expect(r.next).toBeNull();
    expect(r.stop?.kind).toBe('hang');
    expect(r.stop?.reason).toMatch(/from 0x80400002, which is not word aligned.*UNPREDICTABLE/);
  });
});

describe('LDM with the PC in the list loads the PC last, from the highest address, and branches', () => {
  test('pop {r0, r1, pc} (LDMIA SP!): r0, r1 from SP and SP + 4, the PC from SP + 8, SP up by 12', () => {
    const k = machine({ spHyp: 0x8040_fff0 });
    put(k, 0x8040_fff0, 0x11);
    put(k, 0x8040_fff4, 0x22);
    put(k, 0x8040_fff8, 0xc000_8004);
    const r = run(k, {
      kind: 'ldm',
      cond: 'al',
      rn: 13,
      registers: [0, 1, 15],
      writeback: true,
      mode: 'ia',
    });
    expect(r).toEqual({
      effect: 'loaded r0, r1, pc at 0x8040fff0: jump to 0xc0008004',
      next: 0xc000_8004,
      exception: null,
      stop: null,
    });
    expect(cpu(k).r.slice(0, 2)).toEqual([0x11, 0x22]);
    expect(cpu(k).spHyp).toBe(0x8040_fffc);
    expect(registerNames(k)).toEqual(['r0', 'r1', 'sp']);
  });
  test('LDMIB r2, {r3, pc} without writeback: r3 from r2 + 4, the PC from r2 + 8; r2 unchanged', () => {
    const k = machine({ r: regs(0, 0, 0x8040_0000) });
    put(k, 0x8040_0004, 0x33);
    put(k, 0x8040_0008, 0x8032_2000);
    const r = run(k, {
      kind: 'ldm',
      cond: 'al',
      rn: 2,
      registers: [15, 3],
      writeback: false,
      mode: 'ib',
    });
    expect(r.next).toBe(0x8032_2000);
    expect(cpu(k).r[3]).toBe(0x33);
    expect(cpu(k).r[2]).toBe(0x8040_0000);
  });
  test('an LDM whose load of the PC aborts branches nowhere: a data abort, no register written', () => {
    // MMU on with an empty HTTBR table: every access is a level-1 translation fault
    const k = machine({ spHyp: 0x8040_fff0, hsctlr: 0x30c5_0819, httbr: 0x8100_0000 });
    const r = run(k, {
      kind: 'ldm',
      cond: 'al',
      rn: 13,
      registers: [0, 15],
      writeback: true,
      mode: 'ia',
    });
    expect(r.next).toBeNull();
    expect(r.exception).toEqual({ kind: 'data-abort', va: 0x8040_fff0, fsc: 0x05, write: false });
    expect(cpu(k).spHyp).toBe(0x8040_fff0);
  });
});

describe('interworking: a loaded or computed PC with bit 0 set means Thumb state, which hypstep does not run', () => {
  test('ldr pc loading 0xc000_8001: CPSR.T set, the PC at 0xc000_8000, and the run stops with the reason', () => {
    const k = machine({ r: regs(0, 0x8040_0000) });
    put(k, 0x8040_0000, 0xc000_8001);
    const r = run(k, ldr(15, 1, 0));
    expect(r.next).toBe(0xc000_8000);
    expect(r.exception).toBeNull();
    expect(r.stop?.kind).toBe('hang');
    expect(r.stop?.reason).toBe(
      'the simulator stops: ldr loaded 0xc0008001 into the PC; bit 0 set switches the CPU to Thumb state (CPSR.T = 1) at 0xc0008000 (ARMv7 interworking, BXWritePC), and hypstep executes ARM code only',
    );
    expect(r.effect).toBe(
      'pc = [0x80400000] = 0xc0008001: jump to 0xc0008001: bit 0 set, so Thumb state (not modelled)',
    );
    expect(cpu(k).cpsr).toBe(HYP_CPSR | 0x20);
    expect(changes(k)).toEqual([
      { kind: 'register', cpu: 0, name: 'CPSR', before: '0x000001da', after: '0x000001fa' },
    ]);
  });
  test('pop {r4, pc} loading an odd address: r4 and SP are written, then the Thumb stop', () => {
    const k = machine({ spHyp: 0x8040_fff0 });
    put(k, 0x8040_fff0, 0x44);
    put(k, 0x8040_fff4, 0x8032_0f01);
    const r = run(k, {
      kind: 'ldm',
      cond: 'al',
      rn: 13,
      registers: [4, 15],
      writeback: true,
      mode: 'ia',
    });
    expect(r.next).toBe(0x8032_0f00);
    expect(r.stop?.reason).toMatch(/^the simulator stops: ldm loaded 0x80320f01 into the PC/);
    expect(cpu(k)).toMatchObject({ spHyp: 0x8040_fff8, cpsr: HYP_CPSR | 0x20 });
    expect(cpu(k).r[4]).toBe(0x44);
  });
  test('BX, BLX and MOV PC to an odd address stop the same way (BLX still links)', () => {
    const bx = machine({ r: regs(0, 0, 0, 0xc000_8001) });
    expect(run(bx, { kind: 'bx', cond: 'al', rm: 3 })).toMatchObject({
      next: 0xc000_8000,
      stop: { kind: 'hang' },
    });
    expect(cpu(bx).cpsr & 0x20).toBe(0x20);
    const blx = machine({ r: regs(0, 0, 0, 0xc000_8001) });
    expect(run(blx, { kind: 'blx', cond: 'al', rm: 3 }).stop?.reason).toMatch(/blx r3 wrote/);
    expect(cpu(blx).lrUsr).toBe(PC + 4);
    const mov = machine({ r: regs(0xffff_0101) });
    const r = run(mov, {
      kind: 'dp',
      cond: 'al',
      op: 'mov',
      s: false,
      rd: 15,
      rn: 0,
      operand2: reg(0),
    });
    expect(r).toMatchObject({ next: 0xffff_0100, stop: { kind: 'hang' } });
  });
  test('bits[1:0] = 0b10 (ldr pc loading 0xc000_8002): UNPREDICTABLE, the run stops, CPSR unchanged', () => {
    const k = machine({ r: regs(0, 0x8040_0000) });
    put(k, 0x8040_0000, 0xc000_8002);
    const r = run(k, ldr(15, 1, 0));
    expect(r.next).toBeNull();
    expect(r.stop?.reason).toBe(
      'the simulator stops: ldr loaded 0xc0008002 into the PC; in ARM state an address with bits[1:0] = 0b10 is UNPREDICTABLE (ARMv7 BXWritePC), so what the CPU does next is not defined',
    );
    expect(cpu(k).cpsr).toBe(HYP_CPSR);
  });
});

describe('the PC read as an operand is the instruction address + 8 (ARM state)', () => {
  test('add r0, pc, #4 gives PC + 12; bx pc goes to PC + 8 in ARM state', () => {
    const k = machine();
    run(k, {
      kind: 'dp',
      cond: 'al',
      op: 'add',
      s: false,
      rd: 0,
      rn: 15,
      operand2: { type: 'imm', value: 4, rot: 0, imm8: 4 },
    });
    expect(cpu(k).r[0]).toBe(PC + 12);
    expect(run(k, { kind: 'bx', cond: 'al', rm: 15 })).toMatchObject({ next: PC + 8, stop: null });
  });
  test('str pc, [r1] and stm r1, {r0, pc} store PC + 8', () => {
    const k = machine({ r: regs(0x77, 0x8040_0000) });
    run(k, { kind: 'strImm', cond: 'al', rt: 15, rn: 1, offset: 0 });
    expect(at(k, 0x8040_0000)).toBe(PC + 8);
    run(k, { kind: 'stm', cond: 'al', rn: 1, registers: [15, 0], writeback: false, mode: 'ib' });
    expect([at(k, 0x8040_0004), at(k, 0x8040_0008)]).toEqual([0x77, PC + 8]);
  });
});

describe('a HYP run through real instruction words (encodings from the ARM ARM)', () => {
  const CODE = 0x8050_0000;
  const env = (k: KernelContext) => ({
    rec: k.rec,
    world: k.world,
    config: k.config,
    codeAt: () => undefined,
    unknownSource: { file: 't', func: 't', listing: 't', line: 0, text: '' },
    panicVa: 0,
  });
  function hyp(words: [number, number][], patch: Partial<CpuState> = {}): KernelContext {
    const k = freshKernel();
    for (const [pa, w] of words) k.world.memory.uncachedWrite32(pa, w, 0);
    k.rec.updateCpu(0, (c) => ({ ...c, mode: 'hyp', cpsr: HYP_CPSR, pc: CODE, ...patch }));
    return k;
  }
  test('pop {r4, pc} (0xe8bd8010) returns to the popped address: the next step runs there', () => {
    const k = hyp(
      [
        [CODE, 0xe8bd_8010], // pop {r4, pc}
        [CODE + 0x100, 0xeaff_fffe], // b .
        [0x8050_0800, 0x44],
        [0x8050_0804, CODE + 0x100],
      ],
      { spHyp: 0x8050_0800 },
    );
    const end = runHyp(env(k), 0, () => 'runtime');
    expect(end).toEqual({
      kind: 'hang',
      step: 2,
      reason: 'the CPU spins on "b ." at 0x80500100 forever',
    });
    expect(k.rec.steps.map((s) => s.instruction?.pc)).toEqual([CODE, CODE + 0x100]);
    expect(cpu(k)).toMatchObject({ spHyp: 0x8050_0808, pc: CODE + 0x100 });
    expect(cpu(k).r[4]).toBe(0x44);
  });
  test('ldr pc, [pc, #-4] (0xe51ff004) of an odd word: one step, the PC and CPSR.T set, a stop that says why', () => {
    const k = hyp([
      [CODE, 0xe51f_f004], // ldr pc, [pc, #-4]
      [CODE + 4, CODE + 0x101], // .word: a Thumb address
    ]);
    const end = runHyp(env(k), 0, () => 'runtime');
    expect(end.kind).toBe('hang');
    expect(end.step).toBe(1);
    expect(end.kind !== 'returned' && end.reason).toMatch(/Thumb state .* at 0x80500100/);
    expect(k.rec.steps).toHaveLength(1);
    expect(k.rec.steps[0]!.title).toMatch(/^ldr\s+pc, \[pc, #-4\]/);
    expect(cpu(k)).toMatchObject({ pc: CODE + 0x100, cpsr: HYP_CPSR | 0x20, mode: 'hyp' });
  });
});
