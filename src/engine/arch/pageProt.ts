import {
  AF_BIT,
  AP1_BIT,
  ATTRINDX_SHIFT,
  DESC_TABLE_OR_PAGE,
  DESC_VALID,
  SH_SHIFT,
  SW_DIRTY_BIT,
  XN_BIT,
} from './lpae';
import { descriptor, type Descriptor } from './types';

/*
 * The Linux PTE bits that make up PAGE_HYP and PAGE_HYP_DEVICE on an SMP ARMv7 LPAE kernel of
 * v3.10 (hyp-init-facts.md §1.3). Named as the kernel names them, so each value below is built,
 * not typed in.
 */
export const L_PTE_VALID = DESC_VALID; // PRESENT
export const L_PTE_PAGE = DESC_TABLE_OR_PAGE; // part of PRESENT for an L3 entry (PMD_TYPE/PTE_TYPE_PAGE = 3)
export const L_PTE_USER = AP1_BIT;
export const L_PTE_HYP = L_PTE_USER;
export const L_PTE_SHARED = 3n << SH_SHIFT; // inner shareable
export const L_PTE_YOUNG = AF_BIT; // = PTE_EXT_AF on LPAE
export const L_PTE_XN = XN_BIT;
export const L_PTE_DIRTY = SW_DIRTY_BIT;
export const L_PTE_MT_WRITEALLOC = 7n << ATTRINDX_SHIFT; // AttrIndx 7 -> HMAIR1 byte 3 = 0xff
export const L_PTE_MT_DEV_SHARED = 4n << ATTRINDX_SHIFT; // AttrIndx 4 -> HMAIR1 byte 0 = 0x04

const PRESENT = L_PTE_VALID | L_PTE_PAGE;

/** pgprot_kernel on SMP: PRESENT | YOUNG | DIRTY | MT_WRITEALLOC | SHARED (+ AF, the same bit). */
export const PGPROT_KERNEL_SMP =
  PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_MT_WRITEALLOC | L_PTE_SHARED;

/** PAGE_HYP = pgprot_kernel | L_PTE_HYP: 0x0080_0000_0000_075f on SMP (§1.3). */
export const PAGE_HYP: Descriptor = descriptor(PGPROT_KERNEL_SMP | L_PTE_HYP);

/** PAGE_HYP_DEVICE = MT_DEVICE's PTE bits | L_PTE_HYP: 0x00c0_0000_0000_0753 (§1.3). */
export const PAGE_HYP_DEVICE: Descriptor = descriptor(
  PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_XN | L_PTE_MT_DEV_SHARED | L_PTE_SHARED | L_PTE_HYP,
);
