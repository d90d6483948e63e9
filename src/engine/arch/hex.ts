/** Lower-case hex with a 0x prefix, as the CLI contract wants (DESIGN.md "Numbers in JSON"). */
export function hex(n: number | bigint, digits = 0): string {
  const s = n.toString(16);
  return '0x' + (digits > s.length ? s.padStart(digits, '0') : s);
}
/** 32-bit value as 0x + 8 digits. */
export function hex32(n: number): string {
  return hex(n >>> 0, 8);
}
/** A descriptor as 0x + 16 digits. */
export function hex64(n: bigint): string {
  return hex(BigInt.asUintN(64, n), 16);
}
/** Digit-grouped hex for people (UI.md): 0x8032_1064, 0x0080_0000_0000_075f. */
export function groupedHex(n: number | bigint, digits = 8): string {
  const s = n.toString(16).padStart(digits, '0');
  const groups: string[] = [];
  for (let end = s.length; end > 0; end -= 4) groups.unshift(s.slice(Math.max(0, end - 4), end));
  return '0x' + groups.join('_');
}
/** Parses 0x-hex or decimal; returns undefined when the text is not a whole number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return undefined;
}
