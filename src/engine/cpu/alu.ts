/* The A32 ALU pieces the executor needs: flags, AddWithCarry and the immediate shifts. */

/** N and Z from a result; C and V kept. */
export function flagsNZ(cpsr: number, result: number): number {
  const r = result >>> 0;
  return ((cpsr & 0x3fffffff) | (r >>> 31 ? 0x80000000 : 0) | (r === 0 ? 0x40000000 : 0)) >>> 0;
}

/** The ARM ARM's AddWithCarry: the 32-bit result and the carry out and signed overflow. */
export function addWithCarry(
  x: number,
  y: number,
  carryIn: 0 | 1,
): { result: number; c: boolean; v: boolean } {
  const unsigned = (x >>> 0) + (y >>> 0) + carryIn;
  const result = unsigned >>> 0;
  const signed = (x | 0) + (y | 0) + carryIn;
  return { result, c: unsigned !== result, v: (result | 0) !== signed };
}

export function flagsNZCV(cpsr: number, r: { result: number; c: boolean; v: boolean }): number {
  return (
    ((cpsr & 0x0fffffff) |
      (r.result >>> 31 ? 0x80000000 : 0) |
      (r.result === 0 ? 0x40000000 : 0) |
      (r.c ? 0x20000000 : 0) |
      (r.v ? 0x10000000 : 0)) >>>
    0
  );
}

/**
 * An immediate shift of a register operand. An amount of 0 encodes LSL #0 (unchanged), LSR #32
 * (zero), ASR #32 (every bit a copy of bit 31) and, for ROR, RRX: the C flag rotated in.
 */
export function shiftOperand(
  value: number,
  shift: 'lsl' | 'lsr' | 'asr' | 'ror',
  amount: number,
  carry: boolean,
): number {
  if (amount === 0) {
    if (shift === 'lsl') return value >>> 0;
    if (shift === 'lsr') return 0;
    if (shift === 'asr') return (value >> 31) >>> 0;
    return ((carry ? 0x80000000 : 0) | (value >>> 1)) >>> 0;
  }
  switch (shift) {
    case 'lsl':
      return (value << amount) >>> 0;
    case 'lsr':
      return value >>> amount;
    case 'asr':
      return (value >> amount) >>> 0;
    case 'ror':
      return ((value >>> amount) | (value << (32 - amount))) >>> 0;
  }
}
