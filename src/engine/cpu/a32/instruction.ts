/**
 * The A32 (ARM state) instruction forms that the init code, the hyp stub and the HYP host-call
 * path use, as one union keyed by `kind`. Registers are numbers 0-15 (13 sp, 14 lr, 15 pc).
 */
export type Cond =
  | 'eq'
  | 'ne'
  | 'cs'
  | 'cc'
  | 'mi'
  | 'pl'
  | 'vs'
  | 'vc'
  | 'hi'
  | 'ls'
  | 'ge'
  | 'lt'
  | 'gt'
  | 'le'
  | 'al';
export const CONDS: readonly Cond[] = [
  'eq',
  'ne',
  'cs',
  'cc',
  'mi',
  'pl',
  'vs',
  'vc',
  'hi',
  'ls',
  'ge',
  'lt',
  'gt',
  'le',
  'al',
];

export type DpOp =
  | 'and'
  | 'eor'
  | 'sub'
  | 'rsb'
  | 'add'
  | 'adc'
  | 'sbc'
  | 'rsc'
  | 'tst'
  | 'teq'
  | 'cmp'
  | 'cmn'
  | 'orr'
  | 'mov'
  | 'bic'
  | 'mvn';
export const DP_OPS: readonly DpOp[] = [
  'and',
  'eor',
  'sub',
  'rsb',
  'add',
  'adc',
  'sbc',
  'rsc',
  'tst',
  'teq',
  'cmp',
  'cmn',
  'orr',
  'mov',
  'bic',
  'mvn',
];
export type Shift = 'lsl' | 'lsr' | 'asr' | 'ror';
export const SHIFTS: readonly Shift[] = ['lsl', 'lsr', 'asr', 'ror'];

export type Operand2 =
  | { type: 'imm'; value: number; rot: number; imm8: number }
  | { type: 'reg'; rm: number; shift: Shift; amount: number };
export type Index = 'offset' | 'pre' | 'post';
export type BlockMode = 'ia' | 'ib' | 'da' | 'db';

export type Instruction =
  | { kind: 'dp'; cond: Cond; op: DpOp; s: boolean; rd: number; rn: number; operand2: Operand2 }
  | { kind: 'bfi'; cond: Cond; rd: number; rn: number; lsb: number; width: number }
  | { kind: 'ldrImm'; cond: Cond; rt: number; rn: number; offset: number; index?: Index }
  | { kind: 'strImm'; cond: Cond; rt: number; rn: number; offset: number; index?: Index }
  | {
      kind: 'ldm';
      cond: Cond;
      rn: number;
      registers: readonly number[];
      writeback: boolean;
      mode: BlockMode;
    }
  | {
      kind: 'stm';
      cond: Cond;
      rn: number;
      registers: readonly number[];
      writeback: boolean;
      mode: BlockMode;
    }
  | { kind: 'b'; cond: Cond; offset: number }
  | { kind: 'bl'; cond: Cond; offset: number }
  | { kind: 'bx'; cond: Cond; rm: number }
  | { kind: 'blx'; cond: Cond; rm: number }
  | {
      kind: 'mrc';
      cond: Cond;
      coproc: number;
      opc1: number;
      rt: number;
      crn: number;
      crm: number;
      opc2: number;
    }
  | {
      kind: 'mcr';
      cond: Cond;
      coproc: number;
      opc1: number;
      rt: number;
      crn: number;
      crm: number;
      opc2: number;
    }
  | { kind: 'mrrc'; cond: Cond; coproc: number; opc1: number; rt: number; rt2: number; crm: number }
  | { kind: 'mcrr'; cond: Cond; coproc: number; opc1: number; rt: number; rt2: number; crm: number }
  | { kind: 'mrs'; cond: Cond; rd: number; source: 'cpsr' | 'spsr' }
  | { kind: 'mrsBanked'; cond: Cond; rd: number; banked: 'elr_hyp' }
  | { kind: 'msr'; cond: Cond; which: 'cpsr' | 'spsr'; mask: string; rn: number }
  | { kind: 'msrBanked'; cond: Cond; banked: 'elr_hyp'; rn: number }
  | { kind: 'eret'; cond: Cond }
  | { kind: 'hvc'; cond: Cond; imm16: number }
  | { kind: 'isb'; cond: Cond; option: 'sy' }
  | { kind: 'dsb'; cond: Cond; option: 'sy' | 'ish' | 'ishst' | 'st' }
  | { kind: 'clrex'; cond: Cond }
  | { kind: 'nop'; cond: Cond }
  | { kind: 'udf'; cond: Cond; imm16: number }
  | { kind: 'unknown'; cond: Cond; word: number };
