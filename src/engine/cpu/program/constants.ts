/* Constants of arch/arm/include/asm/kvm_arm.h that the init code uses (hyp-init-facts.md §4.1). */
export const TTBCR_T0SZ = 3; // the v3.10 define: a 2-bit mask
export const HTCR_MASK = 0x3f03; // T0SZ | IRGN0 | ORGN0 | SH0
export const VTCR_MASK = 0x3fdf;
export const VTCR_HTCR_SH = 0x3f00;
export const KVM_VTCR_SL0 = 1 << 6;
export const KVM_VTCR_T0SZ = 8; // 0b1000: -8, a 40-bit IPA
export const KVM_VTCR_S = 1 << 4;
export const HSCTLR_MASK = 0x42281007; // M A C I WXN FI EE TE
export const HSCTLR_KERNEL_BITS = 0x02201004; // EE FI I C, copied from SCTLR
export const HSCTLR_M_A = 0x3;
export const HSR_EC_SHIFT = 26;
export const HSR_EC_HVC = 0x12;
export const HSR_EC_CP_0_13 = 0x07;
export const HSR_EC_IABT_HYP = 0x21;
export const HSR_EC_DABT_HYP = 0x25;
export const HSR_EC_UNKNOWN = 0x00;
