import type { Cond, Instruction } from '../a32';
import type { AsmContext, AsmItem } from './assembler';

/*
 * Shorthands for writing the modelled kernel assembly as items: each takes the source text a
 * reader of the kernel would recognise and builds the instruction it assembles to.
 */
type Build = (ctx: AsmContext) => Instruction;
const insn = (text: string, build: Build, comment?: string, literal?: number): AsmItem => ({
  kind: 'insn',
  text,
  build,
  ...(comment !== undefined ? { comment } : {}),
  ...(literal !== undefined ? { literal } : {}),
});

/** Attaches the plain-language reason an instruction is there. */
export function why(item: AsmItem, text: string): AsmItem {
  if (item.kind !== 'insn') throw new Error('why() takes an instruction');
  return { ...item, why: text };
}

export const label = (name: string, comment?: string): AsmItem => ({
  kind: 'label',
  name,
  ...(comment !== undefined ? { comment } : {}),
});
export const align = (bytes: number): AsmItem => ({ kind: 'align', bytes });
export const ltorg = (): AsmItem => ({ kind: 'ltorg' });
export const note = (text: string): AsmItem => ({ kind: 'comment', text });
export const space = (bytes: number, text: string): AsmItem => ({ kind: 'space', bytes, text });

const R = (n: number) => (n === 13 ? 'sp' : n === 14 ? 'lr' : n === 15 ? 'pc' : `r${n}`);

export function immOp(value: number) {
  return { type: 'imm' as const, value: value >>> 0, rot: 0, imm8: 0 };
}
export function regOp(rm: number, shift: 'lsl' | 'lsr' | 'asr' | 'ror' = 'lsl', amount = 0) {
  return { type: 'reg' as const, rm, shift, amount };
}

type DpOp = Extract<Instruction, { kind: 'dp' }>['op'];
function dp(
  op: DpOp,
  rd: number,
  rn: number,
  operand2: ReturnType<typeof immOp> | ReturnType<typeof regOp>,
  cond: Cond = 'al',
  s = false,
): Instruction {
  return {
    kind: 'dp',
    cond,
    op,
    s: s || op === 'cmp' || op === 'cmn' || op === 'tst' || op === 'teq',
    rd,
    rn,
    operand2,
  } as Instruction;
}

/** Branch to self: the init vector's idle slots. */
export const bSelf = (comment?: string) =>
  insn(
    'W(b)\t.',
    (c) => ({ kind: 'b', cond: 'al', offset: c.addr - (c.addr + 8) }) as Instruction,
    comment,
  );
export const b = (target: string, comment?: string, cond: Cond = 'al') =>
  insn(
    `${cond === 'al' ? 'b' : 'b' + cond}\t${target}`,
    (c) => ({ kind: 'b', cond, offset: c.label(target) - (c.addr + 8) }) as Instruction,
    comment,
  );
export const wb = (target: string, comment?: string) =>
  insn(
    `W(b)\t${target}`,
    (c) => ({ kind: 'b', cond: 'al', offset: c.label(target) - (c.addr + 8) }) as Instruction,
    comment,
  );
export const bx = (rm: number, comment?: string) =>
  insn(`bx\t${R(rm)}`, () => ({ kind: 'bx', cond: 'al', rm }) as Instruction, comment);
export const blx = (rm: number, comment?: string) =>
  insn(`blx\t${R(rm)}`, () => ({ kind: 'blx', cond: 'al', rm }) as Instruction, comment);

export const cmpImm = (rn: number, v: number, text: string, comment?: string) =>
  insn(text, () => (v < 0 ? dp('cmn', 0, rn, immOp(-v)) : dp('cmp', 0, rn, immOp(v))), comment);
export const movImm = (rd: number, v: number, text: string, comment?: string) =>
  insn(text, () => (v < 0 ? dp('mvn', rd, 0, immOp(~v)) : dp('mov', rd, 0, immOp(v))), comment);
export const movReg = (rd: number, rm: number, comment?: string) =>
  insn(`mov\t${R(rd)}, ${R(rm)}`, () => dp('mov', rd, 0, regOp(rm)), comment);
export const lsrImm = (rd: number, rm: number, n: number, comment?: string) =>
  insn(`lsr\t${R(rd)}, ${R(rm)}, #${n}`, () => dp('mov', rd, 0, regOp(rm, 'lsr', n)), comment);
export const dpReg = (op: DpOp, rd: number, rn: number, rm: number, comment?: string) =>
  insn(`${op}\t${R(rd)}, ${R(rn)}, ${R(rm)}`, () => dp(op, rd, rn, regOp(rm)), comment);
/** A data-processing op with an immediate; `text` is the source form (which may name a constant). */
export const dpImm = (
  op: DpOp,
  rd: number,
  rn: number,
  v: number,
  text: string,
  comment?: string,
) => insn(text, () => dp(op, rd, rn, immOp(v)), comment);
export const dpImmS = (
  op: DpOp,
  rd: number,
  rn: number,
  v: number,
  text: string,
  comment?: string,
) => insn(text, () => dp(op, rd, rn, immOp(v), 'al', true), comment);
export const bfi = (
  rd: number,
  rn: number,
  lsb: number,
  width: number,
  text: string,
  comment?: string,
) => insn(text, () => ({ kind: 'bfi', cond: 'al', rd, rn, lsb, width }) as Instruction, comment);

/** `ldr rt, =value`: a PC-relative load from the literal pool. */
export const ldrLit = (rt: number, value: number, text: string, comment?: string) =>
  insn(
    text,
    (c) =>
      ({
        kind: 'ldrImm',
        cond: 'al',
        rt,
        rn: 15,
        offset: c.literal(value) - (c.addr + 8),
      }) as Instruction,
    comment,
    value,
  );
export const ldrImm = (rt: number, rn: number, offset: number, comment?: string) =>
  insn(
    `ldr\t${R(rt)}, [${R(rn)}${offset ? `, #${offset}` : ''}]`,
    () => ({ kind: 'ldrImm', cond: 'al', rt, rn, offset }) as Instruction,
    comment,
  );
/** adr rd, label: add/sub rd, pc, #offset. */
export const adr = (rd: number, target: string, comment?: string) =>
  insn(
    `adr\t${R(rd)}, ${target}`,
    (c) => {
      const off = c.label(target) - (c.addr + 8);
      return off >= 0 ? dp('add', rd, 15, immOp(off)) : dp('sub', rd, 15, immOp(-off));
    },
    comment,
  );

/** push/pop: one register assembles as str/ldr with writeback (as gas does), several as stmdb/ldmia. */
export const push = (regs: number[], comment?: string) =>
  insn(
    `push\t{${regs.map(R).join(', ')}}`,
    () =>
      (regs.length === 1
        ? { kind: 'strImm', cond: 'al', rt: regs[0]!, rn: 13, offset: -4, index: 'pre' }
        : {
            kind: 'stm',
            cond: 'al',
            rn: 13,
            registers: regs,
            writeback: true,
            mode: 'db',
          }) as Instruction,
    comment,
  );
export const pop = (regs: number[], comment?: string) =>
  insn(
    `pop\t{${regs.map(R).join(', ')}}`,
    () =>
      (regs.length === 1
        ? { kind: 'ldrImm', cond: 'al', rt: regs[0]!, rn: 13, offset: 4, index: 'post' }
        : {
            kind: 'ldm',
            cond: 'al',
            rn: 13,
            registers: regs,
            writeback: true,
            mode: 'ia',
          }) as Instruction,
    comment,
  );

export const mcr = (
  opc1: number,
  rt: number,
  crn: number,
  crm: number,
  opc2: number,
  comment?: string,
  cond: Cond = 'al',
) =>
  insn(
    `mcr${cond === 'al' ? '' : cond}\tp15, ${opc1}, ${R(rt)}, c${crn}, c${crm}, ${opc2}`,
    () => ({ kind: 'mcr', cond, coproc: 15, opc1, rt, crn, crm, opc2 }) as Instruction,
    comment,
  );
export const mrc = (
  opc1: number,
  rt: number,
  crn: number,
  crm: number,
  opc2: number,
  comment?: string,
  cond: Cond = 'al',
) =>
  insn(
    `mrc${cond === 'al' ? '' : cond}\tp15, ${opc1}, ${R(rt)}, c${crn}, c${crm}, ${opc2}`,
    () => ({ kind: 'mrc', cond, coproc: 15, opc1, rt, crn, crm, opc2 }) as Instruction,
    comment,
  );
export const mcrr = (opc1: number, rt: number, rt2: number, crm: number, comment?: string) =>
  insn(
    `mcrr\tp15, ${opc1}, ${R(rt)}, ${R(rt2)}, c${crm}`,
    () => ({ kind: 'mcrr', cond: 'al', coproc: 15, opc1, rt, rt2, crm }) as Instruction,
    comment,
  );
export const mrrc = (opc1: number, rt: number, rt2: number, crm: number, comment?: string) =>
  insn(
    `mrrc\tp15, ${opc1}, ${R(rt)}, ${R(rt2)}, c${crm}`,
    () => ({ kind: 'mrrc', cond: 'al', coproc: 15, opc1, rt, rt2, crm }) as Instruction,
    comment,
  );

export const mrsSpsr = (rd: number, comment?: string) =>
  insn(
    `mrs\t${R(rd)}, SPSR`,
    () => ({ kind: 'mrs', cond: 'al', rd, source: 'spsr' }) as Instruction,
    comment,
  );
export const mrsCpsr = (rd: number, comment?: string) =>
  insn(
    `mrs\t${R(rd)}, CPSR`,
    () => ({ kind: 'mrs', cond: 'al', rd, source: 'cpsr' }) as Instruction,
    comment,
  );
export const mrsElrHyp = (rd: number, comment?: string) =>
  insn(
    `mrs\t${R(rd)}, ELR_hyp`,
    () => ({ kind: 'mrsBanked', cond: 'al', rd, banked: 'elr_hyp' }) as Instruction,
    comment,
  );
export const msrSpsr = (rn: number, comment?: string) =>
  insn(
    `msr\tSPSR_csxf, ${R(rn)}`,
    () => ({ kind: 'msr', cond: 'al', which: 'spsr', mask: 'cxsf', rn }) as Instruction,
    comment,
  );
export const msrElrHyp = (rn: number, comment?: string) =>
  insn(
    `msr\tELR_hyp, ${R(rn)}`,
    () => ({ kind: 'msrBanked', cond: 'al', banked: 'elr_hyp', rn }) as Instruction,
    comment,
  );
export const nop = (comment?: string) =>
  insn('nop', () => ({ kind: 'nop', cond: 'al' }) as Instruction, comment);
export const eret = (comment?: string) =>
  insn('eret', () => ({ kind: 'eret', cond: 'al' }) as Instruction, comment);
export const hvc = (imm: number, comment?: string) =>
  insn(`hvc\t#${imm}`, () => ({ kind: 'hvc', cond: 'al', imm16: imm }) as Instruction, comment);
export const isb = (comment?: string) =>
  insn('isb', () => ({ kind: 'isb', cond: 'al', option: 'sy' }) as Instruction, comment);
export const dsb = (comment?: string) =>
  insn('dsb', () => ({ kind: 'dsb', cond: 'al', option: 'sy' }) as Instruction, comment);
