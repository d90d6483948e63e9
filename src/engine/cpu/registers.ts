import type { CpuState } from '../machine/cpuState';

/* The core registers as A32 numbers them, banked by mode (r13 = SP, r14 = LR, r15 = PC). */

export const REG_NAMES = [
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
  'pc',
];

/** Reads rN; r15 reads as the instruction's address + 8. */
export function readReg(cpu: CpuState, n: number, pc: number): number {
  if (n < 13) return cpu.r[n] ?? 0;
  if (n === 13) return cpu.mode === 'hyp' ? cpu.spHyp : cpu.spSvc;
  if (n === 14) return cpu.mode === 'hyp' ? cpu.lrUsr : cpu.lrSvc;
  return (pc + 8) >>> 0;
}

export function withReg(cpu: CpuState, n: number, value: number): CpuState {
  const v = value >>> 0;
  if (n < 13) {
    const r = cpu.r.slice();
    r[n] = v;
    return { ...cpu, r };
  }
  if (n === 13) return cpu.mode === 'hyp' ? { ...cpu, spHyp: v } : { ...cpu, spSvc: v };
  if (n === 14) return cpu.mode === 'hyp' ? { ...cpu, lrUsr: v } : { ...cpu, lrSvc: v };
  return { ...cpu, pc: v };
}
