/**
 * Branded numbers: a HYP virtual address, a kernel virtual address, a physical address,
 * a page-frame number and a 64-bit descriptor can never be passed for one another.
 * Brands are made only by the constructors below (facts §1.1: VAs are 32-bit, PAs up to
 * 40-bit, so both fit a JS number exactly; descriptors need all 64 bits, so a bigint).
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A virtual address in the HYP (PL2) translation regime: 32 bits. */
export type HypVa = Brand<number, 'HypVa'>;
/** A kernel (PL1) virtual address: 32 bits. With v3.10's HYP VA rule it equals the HYP VA. */
export type KernelVa = Brand<number, 'KernelVa'>;
/** A physical address, up to 40 bits (PHYS_MASK_SHIFT = 40). */
export type Pa = Brand<number, 'Pa'>;
/** A page-frame number: PA >> 12. */
export type Pfn = Brand<number, 'Pfn'>;
/** A 64-bit LPAE long descriptor as stored in memory. */
export type Descriptor = Brand<bigint, 'Descriptor'>;

const U32 = 0x1_0000_0000;
const PA_LIMIT = 2 ** 40;

export function hypVa(n: number): HypVa {
  if (!Number.isInteger(n) || n < 0 || n >= U32) throw new RangeError(`not a 32-bit VA: ${n}`);
  return n as HypVa;
}
export function kernelVa(n: number): KernelVa {
  if (!Number.isInteger(n) || n < 0 || n >= U32) throw new RangeError(`not a 32-bit VA: ${n}`);
  return n as KernelVa;
}
export function pa(n: number): Pa {
  if (!Number.isInteger(n) || n < 0 || n >= PA_LIMIT) throw new RangeError(`not a 40-bit PA: ${n}`);
  return n as Pa;
}
export function pfn(n: number): Pfn {
  if (!Number.isInteger(n) || n < 0 || n >= PA_LIMIT / 4096) throw new RangeError(`bad pfn ${n}`);
  return n as Pfn;
}
export function descriptor(n: bigint): Descriptor {
  return BigInt.asUintN(64, n) as Descriptor;
}

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
export const PAGE_MASK = ~(PAGE_SIZE - 1) >>> 0;

export function paToPfn(p: Pa): Pfn {
  return Math.floor(p / PAGE_SIZE) as Pfn;
}
export function pfnToPa(f: Pfn): Pa {
  return (f * PAGE_SIZE) as Pa;
}
/** Rounds down to the start of its 4 KiB page (works past 32 bits). */
export function pageBase(n: number): number {
  return n - (n % PAGE_SIZE);
}
