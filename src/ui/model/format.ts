import { groupedHex } from '../../engine/arch/hex';
import type { Level } from '../../engine/arch/lpae';

/** Table indices as a reader of the VA bits would write them: L1 in decimal, L2/L3 in hex. */
export function indexLabel(level: Level, index: number): string {
  return level === 1 ? String(index) : `0x${index.toString(16)}`;
}

export function entryLabel(level: Level, index: number): string {
  return `L${level}[${indexLabel(level, index)}]`;
}

export const ghex = groupedHex;

export function desc64(d: bigint): string {
  return groupedHex(BigInt.asUintN(64, d), 16);
}

/** A fault status code (IFSC/DFSC, 6 bits) as two hex digits: 0x05, 0x21. */
export function fsc(n: number): string {
  return groupedHex(n & 0x3f, 2);
}

/**
 * Groups every 32-bit hex number in a sentence the way the panels show them
 * ("r0 = 0xffff0000" -> "r0 = 0xffff_0000"); shorter numbers (0x1f0, 0x18) stay as they are.
 */
export function groupHexInText(text: string): string {
  return text.replace(/\b0x([0-9a-f]{5,8}|[0-9a-f]{16})\b/gi, (_, digits: string) =>
    digits.length === 16 ? groupedHex(BigInt('0x' + digits), 16) : groupedHex(parseInt(digits, 16)),
  );
}

/**
 * A count with commas between thousands ("1,234,567"). Written out rather than
 * toLocaleString: the first Intl call loads locale data, ~20 ms of the page's first tasks.
 */
export function groupedCount(n: number): string {
  const whole = Math.round(Math.abs(n)).toString();
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 && whole !== '0' ? `-${grouped}` : grouped;
}

/** What a TLB entry covers, when more than a page: "2 MiB block", "1 GiB block"; else "". */
export function tlbSpanLabel(size: number): string {
  if (size <= 4096) return '';
  return size >= 2 ** 30 ? `${size / 2 ** 30} GiB block` : `${size / 2 ** 20} MiB block`;
}
