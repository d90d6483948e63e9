/**
 * The unsigned value an address or register number stands for. JavaScript's bit operators
 * give signed 32-bit results (0x80000000 | x is negative), so a negative number of at least
 * -2^31 is read as its 32-bit two's complement (n >>> 0); anything else negative as 64 bits.
 * Every formatter below goes through here, so no address or register ever prints with a sign.
 */
export function unsigned(n: number | bigint): bigint {
  if (typeof n === 'bigint') return n < 0n ? BigInt.asUintN(64, n) : n;
  const i = Math.trunc(n);
  if (!Number.isFinite(i)) throw new RangeError(`not a number: ${n}`);
  if (i >= 0) return BigInt(i);
  return i >= -(2 ** 31) ? BigInt(i >>> 0) : BigInt.asUintN(64, BigInt(i));
}

/** Unsigned hex digits; plain numbers stay numbers (hex() runs for every step title). */
function digitsOf(n: number | bigint): string {
  if (typeof n === 'number' && Number.isInteger(n)) {
    if (n >= 0) return n.toString(16);
    if (n >= -(2 ** 31)) return (n >>> 0).toString(16);
  }
  return unsigned(n).toString(16);
}

/** Lower-case hex with a 0x prefix, as the CLI contract wants (DESIGN.md "Numbers in JSON"). */
export function hex(n: number | bigint, digits = 0): string {
  const s = digitsOf(n);
  return '0x' + (digits > s.length ? s.padStart(digits, '0') : s);
}
/** 32-bit value as 0x + 8 digits. */
export function hex32(n: number): string {
  return hex(n >>> 0, 8);
}
/** A descriptor as 0x + 16 digits. */
export function hex64(n: bigint): string {
  return hex(n, 16);
}
/** Digit-grouped hex for people (UI.md): 0x8032_1064, 0x0080_0000_0000_075f. */
export function groupedHex(n: number | bigint, digits = 8): string {
  const s = digitsOf(n).padStart(digits, '0');
  // groups of four from the right; the first takes what is left over. No array: every panel
  // formats its values on every step
  const first = s.length % 4 || 4;
  let out = '0x' + s.slice(0, first);
  for (let i = first; i < s.length; i += 4) out += '_' + s.slice(i, i + 4);
  return out;
}
/** Parses 0x-hex or decimal; returns undefined when the text is not a whole number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return undefined;
}
