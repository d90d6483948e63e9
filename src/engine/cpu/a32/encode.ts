import { CONDS, DP_OPS, SHIFTS, type Cond, type Instruction } from './instruction';

const condBits = (c: Cond) => CONDS.indexOf(c);

/** ARM modified immediate: an 8-bit value rotated right by an even amount. */
export function encodeArmImmediate(value: number): { rot: number; imm8: number } | undefined {
  const v = value >>> 0;
  for (let rot = 0; rot < 16; rot++) {
    const imm8 = ((v << (2 * rot)) | (v >>> (32 - 2 * rot))) >>> 0;
    if (rot === 0 ? v <= 0xff : imm8 <= 0xff) return { rot, imm8: rot === 0 ? v : imm8 };
  }
  return undefined;
}

const DSB_OPTIONS = { sy: 0xf, st: 0xe, ish: 0xb, ishst: 0xa } as const;

function reglist(regs: readonly number[]): number {
  return regs.reduce((m, r) => m | (1 << r), 0);
}

/** The 32-bit word of an instruction, exactly as the GNU assembler emits it (ARM state, LE). */
export function encodeInstruction(i: Instruction): number {
  const c = condBits(i.cond) << 28;
  switch (i.kind) {
    case 'dp': {
      const opcode = DP_OPS.indexOf(i.op);
      const test = opcode >= 8 && opcode <= 11;
      const s = test || i.s ? 1 : 0;
      let word = c | (opcode << 21) | (s << 20) | (i.rn << 16) | (test ? 0 : i.rd << 12);
      if (i.operand2.type === 'imm') {
        const enc = encodeArmImmediate(i.operand2.value);
        if (!enc)
          throw new Error(`immediate 0x${(i.operand2.value >>> 0).toString(16)} cannot be encoded`);
        word |= (1 << 25) | (enc.rot << 8) | enc.imm8;
      } else {
        word |= (i.operand2.amount << 7) | (SHIFTS.indexOf(i.operand2.shift) << 5) | i.operand2.rm;
      }
      return word >>> 0;
    }
    case 'bfi':
      return (
        (c | 0x07c00010 | ((i.lsb + i.width - 1) << 16) | (i.rd << 12) | (i.lsb << 7) | i.rn) >>> 0
      );
    case 'ldrImm':
    case 'strImm': {
      const index = i.index ?? 'offset';
      const p = index === 'post' ? 0 : 1;
      const w = index === 'pre' ? 1 : 0;
      const u = i.offset >= 0 ? 1 : 0;
      const l = i.kind === 'ldrImm' ? 1 : 0;
      if (Math.abs(i.offset) > 4095) throw new Error(`offset ${i.offset} out of range`);
      return (
        (c |
          (1 << 26) |
          (p << 24) |
          (u << 23) |
          (w << 21) |
          (l << 20) |
          (i.rn << 16) |
          (i.rt << 12) |
          Math.abs(i.offset)) >>>
        0
      );
    }
    case 'ldm':
    case 'stm': {
      const p = i.mode === 'db' || i.mode === 'ib' ? 1 : 0;
      const u = i.mode === 'ia' || i.mode === 'ib' ? 1 : 0;
      return (
        (c |
          (1 << 27) |
          (p << 24) |
          (u << 23) |
          ((i.writeback ? 1 : 0) << 21) |
          ((i.kind === 'ldm' ? 1 : 0) << 20) |
          (i.rn << 16) |
          reglist(i.registers)) >>>
        0
      );
    }
    case 'b':
    case 'bl':
      return (
        (c | (0b101 << 25) | ((i.kind === 'bl' ? 1 : 0) << 24) | ((i.offset >> 2) & 0xffffff)) >>> 0
      );
    case 'bx':
      return (c | 0x012fff10 | i.rm) >>> 0;
    case 'blx':
      return (c | 0x012fff30 | i.rm) >>> 0;
    case 'mrc':
    case 'mcr':
      return (
        (c |
          0x0e000010 |
          (i.opc1 << 21) |
          ((i.kind === 'mrc' ? 1 : 0) << 20) |
          (i.crn << 16) |
          (i.rt << 12) |
          (i.coproc << 8) |
          (i.opc2 << 5) |
          i.crm) >>>
        0
      );
    case 'mrrc':
    case 'mcrr':
      return (
        (c |
          0x0c400000 |
          ((i.kind === 'mrrc' ? 1 : 0) << 20) |
          (i.rt2 << 16) |
          (i.rt << 12) |
          (i.coproc << 8) |
          (i.opc1 << 4) |
          i.crm) >>>
        0
      );
    case 'mrs':
      return (c | 0x010f0000 | ((i.source === 'spsr' ? 1 : 0) << 22) | (i.rd << 12)) >>> 0;
    case 'mrsBanked':
      // SYSm = 0b11110 (ELR_hyp): M = 1, M1 = 0b1110, R = 0
      return (c | 0x010e0300 | (i.rd << 12)) >>> 0;
    case 'msr': {
      let mask = 0;
      for (const f of i.mask)
        mask |= f === 'c' ? 1 : f === 'x' ? 2 : f === 's' ? 4 : f === 'f' ? 8 : 0;
      return (c | 0x0120f000 | ((i.which === 'spsr' ? 1 : 0) << 22) | (mask << 16) | i.rn) >>> 0;
    }
    case 'msrBanked':
      return (c | 0x012ef300 | i.rn) >>> 0;
    case 'eret':
      return (c | 0x0160006e) >>> 0;
    case 'hvc':
      return (c | 0x01400070 | ((i.imm16 >> 4) << 8) | (i.imm16 & 0xf)) >>> 0;
    case 'udf':
      return (c | 0x07f000f0 | ((i.imm16 >> 4) << 8) | (i.imm16 & 0xf)) >>> 0;
    case 'isb':
      return 0xf57ff06f;
    case 'dsb':
      return (0xf57ff040 | DSB_OPTIONS[i.option]) >>> 0;
    case 'clrex':
      return 0xf57ff01f;
    case 'nop':
      return (c | 0x0320f000) >>> 0;
    case 'unknown':
      return i.word >>> 0;
  }
}
