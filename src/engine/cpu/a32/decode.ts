import { CONDS, DP_OPS, SHIFTS, type Cond, type Index, type Instruction } from './instruction';

const bits = (w: number, hi: number, lo: number) => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);

function regs(list: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < 16; r++) if (list & (1 << r)) out.push(r);
  return out;
}

/** Decodes one A32 word into the union; anything outside the modelled forms is `unknown`. */
export function decodeInstruction(word: number): Instruction {
  const w = word >>> 0;
  const condField = bits(w, 31, 28);
  if (condField === 0xf) {
    if (w === 0xf57ff06f) return { kind: 'isb', cond: 'al', option: 'sy' };
    if (w === 0xf57ff01f) return { kind: 'clrex', cond: 'al' };
    if ((w & 0xfffffff0) >>> 0 === 0xf57ff040) {
      const opt = w & 0xf;
      const option =
        opt === 0xf
          ? 'sy'
          : opt === 0xe
            ? 'st'
            : opt === 0xb
              ? 'ish'
              : opt === 0xa
                ? 'ishst'
                : null;
      if (option) return { kind: 'dsb', cond: 'al', option };
    }
    return { kind: 'unknown', cond: 'al', word: w };
  }
  const cond = CONDS[condField] as Cond;
  const unknown: Instruction = { kind: 'unknown', cond, word: w };
  if ((w & 0x0ffffff0) === 0x012fff10) return { kind: 'bx', cond, rm: w & 0xf };
  if ((w & 0x0ffffff0) === 0x012fff30) return { kind: 'blx', cond, rm: w & 0xf };
  if ((w & 0x0fffffff) === 0x0160006e) return { kind: 'eret', cond };
  if ((w & 0x0ff000f0) === 0x01400070)
    return { kind: 'hvc', cond, imm16: (bits(w, 19, 8) << 4) | (w & 0xf) };
  if ((w & 0x0ff000f0) === 0x07f000f0)
    return { kind: 'udf', cond, imm16: (bits(w, 19, 8) << 4) | (w & 0xf) };
  if ((w & 0x0fffffff) === 0x0320f000) return { kind: 'nop', cond };
  if ((w & 0x0fbf0fff) === 0x010f0000)
    return { kind: 'mrs', cond, rd: bits(w, 15, 12), source: w & (1 << 22) ? 'spsr' : 'cpsr' };
  if ((w & 0x0fff0fff) === 0x010e0300)
    return { kind: 'mrsBanked', cond, rd: bits(w, 15, 12), banked: 'elr_hyp' };
  if ((w & 0x0ffffff0) === 0x012ef300)
    return { kind: 'msrBanked', cond, banked: 'elr_hyp', rn: w & 0xf };
  if ((w & 0x0fb0fff0) === 0x0120f000) {
    const m = bits(w, 19, 16);
    const mask = (m & 1 ? 'c' : '') + (m & 2 ? 'x' : '') + (m & 4 ? 's' : '') + (m & 8 ? 'f' : '');
    if (!mask) return unknown;
    return { kind: 'msr', cond, which: w & (1 << 22) ? 'spsr' : 'cpsr', mask, rn: w & 0xf };
  }
  if ((w & 0x0fe00070) === 0x07c00010) {
    const msb = bits(w, 20, 16);
    const lsb = bits(w, 11, 7);
    const rn = w & 0xf;
    if (rn === 15 || msb < lsb) return unknown;
    return { kind: 'bfi', cond, rd: bits(w, 15, 12), rn, lsb, width: msb - lsb + 1 };
  }
  const top = bits(w, 27, 25);
  if (top === 0b000 || top === 0b001) {
    const imm = top === 0b001;
    const opcode = bits(w, 24, 21);
    const s = bits(w, 20, 20) === 1;
    const op = DP_OPS[opcode]!;
    const test = opcode >= 8 && opcode <= 11;
    if (test && !s) return unknown; // misc space (MRS/MSR/BX...) not modelled above
    if (!imm && bits(w, 4, 4) === 1) return unknown; // register-shifted register, multiplies, extra load/store
    const rn = bits(w, 19, 16);
    const rd = bits(w, 15, 12);
    if ((test && rd !== 0) || ((op === 'mov' || op === 'mvn') && rn !== 0)) return unknown;
    if (imm) {
      const rot = bits(w, 11, 8);
      const imm8 = w & 0xff;
      const value = ((imm8 >>> (2 * rot)) | (imm8 << (32 - 2 * rot))) >>> 0;
      const canonical = encodeCheck(value, rot);
      if (!canonical) return unknown;
      return {
        kind: 'dp',
        cond,
        op,
        s,
        rd,
        rn,
        operand2: { type: 'imm', value: rot === 0 ? imm8 : value, rot, imm8 },
      };
    }
    return {
      kind: 'dp',
      cond,
      op,
      s,
      rd,
      rn,
      operand2: { type: 'reg', rm: w & 0xf, shift: SHIFTS[bits(w, 6, 5)]!, amount: bits(w, 11, 7) },
    };
  }
  if (top === 0b010) {
    if (bits(w, 22, 22) === 1) return unknown; // byte access
    const p = bits(w, 24, 24);
    const wb = bits(w, 21, 21);
    if (p === 0 && wb === 1) return unknown; // LDRT/STRT
    const index: Index = p === 0 ? 'post' : wb ? 'pre' : 'offset';
    const offset = (bits(w, 23, 23) ? 1 : -1) * (w & 0xfff);
    if (offset === 0 && bits(w, 23, 23) === 0) return unknown; // -0: keep encode(decode(w)) === w
    const base = {
      cond,
      rt: bits(w, 15, 12),
      rn: bits(w, 19, 16),
      offset,
      ...(index === 'offset' ? {} : { index }),
    } as const;
    return bits(w, 20, 20) ? { kind: 'ldrImm', ...base } : { kind: 'strImm', ...base };
  }
  if (top === 0b100) {
    if (bits(w, 22, 22) === 1) return unknown; // user-bank / exception-return forms
    const list = w & 0xffff;
    if (list === 0) return unknown;
    const p = bits(w, 24, 24);
    const u = bits(w, 23, 23);
    const mode = p ? (u ? 'ib' : 'db') : u ? 'ia' : 'da';
    const base = {
      cond,
      rn: bits(w, 19, 16),
      registers: regs(list),
      writeback: bits(w, 21, 21) === 1,
      mode,
    } as const;
    return bits(w, 20, 20) ? { kind: 'ldm', ...base } : { kind: 'stm', ...base };
  }
  if (top === 0b101) {
    const off = ((w & 0xffffff) << 8) >> 6; // sign-extend imm24, times 4
    return { kind: bits(w, 24, 24) ? 'bl' : 'b', cond, offset: off };
  }
  if ((w & 0x0fe00000) === 0x0c400000) {
    const base = {
      cond,
      coproc: bits(w, 11, 8),
      opc1: bits(w, 7, 4),
      rt: bits(w, 15, 12),
      rt2: bits(w, 19, 16),
      crm: w & 0xf,
    };
    return bits(w, 20, 20) ? { kind: 'mrrc', ...base } : { kind: 'mcrr', ...base };
  }
  if ((w & 0x0f000010) === 0x0e000010) {
    const base = {
      cond,
      coproc: bits(w, 11, 8),
      opc1: bits(w, 23, 21),
      rt: bits(w, 15, 12),
      crn: bits(w, 19, 16),
      crm: w & 0xf,
      opc2: bits(w, 7, 5),
    };
    return bits(w, 20, 20) ? { kind: 'mrc', ...base } : { kind: 'mcr', ...base };
  }
  return unknown;
}

/** An immediate with several encodings decodes only from the one the assembler picks (lowest rotation). */
function encodeCheck(value: number, rot: number): boolean {
  for (let r = 0; r < rot; r++) {
    const imm8 = ((value << (2 * r)) | (value >>> (32 - 2 * r))) >>> 0;
    if ((r === 0 ? value : imm8) <= 0xff) return false;
  }
  return true;
}
