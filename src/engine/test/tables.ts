import {
  HSCTLR_C,
  HSCTLR_M,
  initialCpu,
  KERNEL_MAIR0,
  KERNEL_MAIR1,
  type CpuState,
} from '../machine/cpuState';
import { World } from '../trace/world';

/*
 * Hand-built LPAE tables for unit tests of the walker, the MMU and the TLB: descriptors are
 * written straight to the point of coherency at version 0, so every observer sees them.
 * Values in tests are spelled out from the long-descriptor format (facts §1.2), never taken
 * from the kernel model.
 */

/** Valid | table (bit 1): what pud_populate / pmd_populate_kernel write (facts §1.2). */
export const TABLE = 0b11n;
/** Valid | page at level 3. */
export const PAGE = 0b11n;
/** Valid, bit 1 clear: a block at level 1 or 2. */
export const BLOCK = 0b01n;
export const AF = 1n << 10n;
export const AP2_RO = 1n << 7n;
export const AP1 = 1n << 6n;
export const XN = 1n << 54n;
export const XN_TABLE = 1n << 60n;
export const PXN_TABLE = 1n << 59n;
export const attrIndx = (n: number): bigint => BigInt(n) << 2n;

/** Linux's HYP page: AttrIndx 7, AP[1], inner shareable, AF, sw DIRTY (facts §1.3). */
export const PAGE_HYP_BITS = 0x0080_0000_0000_075fn;

export class Tables {
  readonly world = new World();
  /** Writes one 64-bit descriptor (little endian) at `pa`. */
  put(pa: number, desc: bigint): this {
    this.world.memory.uncachedWrite32(pa, Number(desc & 0xffff_ffffn), 0);
    this.world.memory.uncachedWrite32(pa + 4, Number(desc >> 32n), 0);
    return this;
  }
  /** A descriptor written through the data cache only: dirty, not yet at the PoC. */
  putDirty(pa: number, desc: bigint): this {
    this.world.memory.cachedWrite64(pa, desc, 0);
    return this;
  }
}

/*
 * A small fixed layout used by several tests:
 *   L1 at 0x8000_0020 (32-byte aligned, not page aligned), L1[1] -> L2 at 0x8010_0000,
 *   L2[1] -> L3 at 0x8010_1000. VA 0x4020_3abc = L1 1, L2 1, L3 3, offset 0xabc.
 */
export const L1 = 0x8000_0020;
export const L2 = 0x8010_0000;
export const L3 = 0x8010_1000;
export const VA = 0x4020_3abc;
export const L3_SLOT = L3 + 3 * 8;

export function threeLevels(leaf: bigint, l1Extra = 0n, l2Extra = 0n): Tables {
  return new Tables()
    .put(L1 + 1 * 8, BigInt(L2) | TABLE | l1Extra)
    .put(L2 + 1 * 8, BigInt(L3) | TABLE | l2Extra)
    .put(L3_SLOT, leaf);
}

/** CPU0 in HYP with the MMU and data cache on, HTTBR at these tables' L1, and `patch` over it. */
export function cpuWith(patch: Partial<CpuState> = {}): CpuState {
  return {
    ...initialCpu(0, 0, 4),
    hsctlr: HSCTLR_M | HSCTLR_C,
    htcr: 0x8000_3500, // as phase 1 leaves it: walks inner/outer write-back, inner shareable
    httbr: L1,
    hmair0: KERNEL_MAIR0,
    hmair1: KERNEL_MAIR1,
    ...patch,
  };
}
