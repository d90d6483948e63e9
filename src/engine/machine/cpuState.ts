/*
 * Per-CPU architectural state the init path touches (hyp-init-facts.md §4.1), immutable.
 * Hyp mode banks SP, SPSR and ELR only; LR in Hyp mode is the User/System LR, so the model
 * keeps LR_svc and LR_usr apart.
 */
export type Mode = 'svc' | 'hyp';
export const MODE_BITS: Readonly<Record<Mode, number>> = { svc: 0x13, hyp: 0x1a };

/**
 * One HYP TLB entry. It covers the whole region the walk's last descriptor maps (ARM ARM B3.9:
 * an entry holds a translation for a page or a block): a 4 KiB page (level 3), a 2 MiB block
 * (level 2) or a 1 GiB block (level 1). vaPage and paPage are the region's bases, aligned to
 * its size; an access to VA v inside it goes to paPage + (v - vaPage).
 */
export interface TlbEntry {
  readonly vaPage: number;
  readonly paPage: number;
  /** Level of the descriptor the entry was filled from: 3 for a page, 2 or 1 for a block. */
  readonly level: 1 | 2 | 3;
  /** Bytes the entry covers: 4 KiB, 2 MiB or 1 GiB, as its level gives. */
  readonly size: number;
  /** The page or block descriptor the walk found (its attribute bits are what the entry caches). */
  readonly desc: bigint;
  /**
   * XNTable was set in a table descriptor on the walk's path: the hierarchical attribute the
   * entry caches with the descriptor's own XN, so that a fetch that hits it is execute-never too.
   */
  readonly xnTable: boolean;
  /** HTTBR (table PA) the entry was filled under. */
  readonly httbr: number;
  /** Step (1-based) that filled it. */
  readonly filledAt: number;
}

export interface TlbState {
  readonly entries: readonly (TlbEntry | null)[];
  /** Round-robin victim pointer: the deterministic replacement order. */
  readonly next: number;
}

export interface CpuState {
  readonly id: number;
  readonly online: boolean;
  readonly mode: Mode;
  /** r0-r12. */
  readonly r: readonly number[];
  readonly spSvc: number;
  readonly spHyp: number;
  readonly lrSvc: number;
  readonly lrUsr: number;
  readonly pc: number;
  /** CPSR: NZCV in [31:28], mode in [4:0]. */
  readonly cpsr: number;
  readonly elrHyp: number;
  readonly spsrHyp: number;
  readonly httbr: number;
  readonly htcr: number;
  readonly vtcr: number;
  readonly hmair0: number;
  readonly hmair1: number;
  readonly hsctlr: number;
  readonly hvbar: number;
  readonly hcr: number;
  readonly hsr: number;
  readonly hifar: number;
  readonly hdfar: number;
  readonly vttbr: number;
  /** The kernel's PL1 registers the init code copies from. */
  readonly sctlr: number;
  readonly ttbcr: number;
  readonly mair0: number;
  readonly mair1: number;
  readonly tlb: TlbState;
}

/* HSCTLR bits (facts §4.1). */
export const HSCTLR_M = 1 << 0;
export const HSCTLR_A = 1 << 1;
export const HSCTLR_C = 1 << 2;
export const HSCTLR_I = 1 << 12;
export const HSCTLR_WXN = 1 << 19;
export const HSCTLR_FI = 1 << 21;
export const HSCTLR_EE = 1 << 25;
export const HSCTLR_TE = 1 << 30;
/**
 * ARMv7 HSCTLR bits 29:28, 23:22, 18, 16, 11 and 4:3 are UNK/SBOP: hypstep models them as
 * read-as-one, so a write of zero (the stub's) reads back 0x30c50818 and phase 1 ends at
 * 0x30c5181f. Phase 1 clears and sets only TE, EE, FI, WXN, I, C, A and M, so they survive.
 */
export const HSCTLR_RES1 =
  (0b11 << 28) | (0b11 << 22) | (1 << 18) | (1 << 16) | (1 << 11) | (0b11 << 3);
/** For the register's tooltip: where the modelled value of the reserved bits comes from. */
export const HSCTLR_RESERVED_NOTE =
  'Bits 29:28, 23:22, 18, 16, 11 and 4:3 are reserved (UNK/SBOP in ARMv7): their value is implementation defined. hypstep shows them as one, as "should be one" suggests [A]; QEMU 7.2 reads them as 0.';

/** What an HSCTLR write leaves in the register: the reserved bits keep reading as one. */
export function hsctlrAfterWrite(v: number): number {
  return (v | HSCTLR_RES1) >>> 0;
}

/** The kernel's values on an SMP LPAE Cortex-A15, 3G/1G split (facts §1.3, §4.1; the bits outside 0x3f00 of TTBCR are our reading). */
export const KERNEL_MAIR0 = 0xeeaa4400;
export const KERNEL_MAIR1 = 0xff000004;
/** EAE=1, SH1/ORGN1/IRGN1 = SH0/ORGN0/IRGN0 = 0x35, T1SZ=2 (TTBR1 covers the top 1 GiB). */
export const KERNEL_TTBCR = 0xb5023500;
/** (reset & ~v7_crval clear) | mmuset, A cleared, SWP emulation on: I = C = 1, EE = FI = 0 (the A15 reset bits are our reading). */
export const KERNEL_SCTLR = 0x30c5387d;
export const SVC_CPSR = 0x000001d3; // SVC mode, A/I/F masked: IRQs are off in on_each_cpu's callee

export function emptyTlb(size: number): TlbState {
  return { entries: Array.from({ length: size }, () => null), next: 0 };
}

/** A CPU as the hyp stub leaves it at boot: in SVC, HVBAR at the stub vectors, HYP MMU and caches off. */
export function initialCpu(
  id: number,
  stubVectorsPa: number,
  tlbEntries: number,
  online = true,
): CpuState {
  return {
    id,
    online,
    mode: 'svc',
    r: Array.from({ length: 13 }, () => 0),
    spSvc: 0,
    spHyp: 0,
    lrSvc: 0,
    lrUsr: 0,
    pc: 0,
    cpsr: SVC_CPSR,
    elrHyp: 0,
    spsrHyp: 0,
    httbr: 0,
    htcr: 0x80000000, // bit 31 reads as one (facts §4.4: kept as RES1)
    vtcr: 0x80000000,
    hmair0: 0,
    hmair1: 0,
    hsctlr: hsctlrAfterWrite(0), // the stub writes zero: MMU, D-cache and I-cache off (facts §4.2)
    hvbar: stubVectorsPa,
    hcr: 0,
    hsr: 0,
    hifar: 0,
    hdfar: 0,
    vttbr: 0, // UNKNOWN at reset [A]; modelled as 0, which the host path reads as VMID 0
    sctlr: KERNEL_SCTLR,
    ttbcr: KERNEL_TTBCR,
    mair0: KERNEL_MAIR0,
    mair1: KERNEL_MAIR1,
    tlb: emptyTlb(tlbEntries),
  };
}

export function decodeHsctlr(v: number): {
  m: boolean;
  a: boolean;
  c: boolean;
  i: boolean;
  wxn: boolean;
  fi: boolean;
  ee: boolean;
  te: boolean;
} {
  return {
    m: (v & HSCTLR_M) !== 0,
    a: (v & HSCTLR_A) !== 0,
    c: (v & HSCTLR_C) !== 0,
    i: (v & HSCTLR_I) !== 0,
    wxn: (v & HSCTLR_WXN) !== 0,
    fi: (v & HSCTLR_FI) !== 0,
    ee: (v & HSCTLR_EE) !== 0,
    te: (v & HSCTLR_TE) !== 0,
  };
}
