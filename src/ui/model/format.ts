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
