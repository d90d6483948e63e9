/**
 * The scenario config: one flat object, the contract shared by the CLI's --set, the URL and
 * the config editor (DESIGN.md "Config"). Defaults model a Versatile Express Cortex-A15 running
 * Linux v3.10 with LPAE.
 */
export type Design = 'dual-step' | 'single-step';

export interface Config {
  /** Physical start of RAM (PHYS_OFFSET). */
  ramBase: number;
  /** Bytes of RAM. */
  ramSize: number;
  /** Kernel VA of the start of RAM (PAGE_OFFSET). */
  pageOffset: number;
  /** Physical address the kernel image (_text) is loaded at. */
  kernelStart: number;
  /** PA of __hyp_idmap_text_start (32-byte aligned by the linker script). */
  idmapStart: number;
  /** Bytes in .hyp.idmap.text; 0 means "the init code's own size". */
  idmapLength: number;
  cpus: number;
  tlbEntries: number;
  design: Design;
  /** A secondary CPU that goes offline after init and comes back; -1 for none. */
  hotplugCpu: number;
  /** CONFIG_HOTPLUG_CPU: when off, init_hyp_mode frees the boot PGD at its end. */
  hotplugSupport: boolean;
  /** What-if: leave out TLBIALLH in phase 2. */
  skipTlbi: boolean;
  /** What-if: leave out every clean to the PoC the patch added (and the bounce copy's). */
  skipFlush: boolean;
  /** What-if: run the init code in place even when it crosses a page. */
  noBounce: boolean;
  /** Make the Nth allocation inside kvm_mmu_init fail (1-based); 0 for none. */
  failAlloc: number;
  /**
   * Does the table walker look into the data cache for a cacheable walk (HSCTLR.C = 1 and HTCR
   * IRGN0 cacheable)? true: the Cortex-A15, whose walks then see dirty lines; false: a walker
   * that always reads the PoC (facts §5c, §7 #6). Non-cacheable walks read the PoC either way.
   */
  walkerCoherent: boolean;
  /** hypstep instrument: after init, HYP loads a word from this VA (as the facts' QEMU run did); -1 for none. */
  probeVa: number;
  /** Stress only (not kernel behaviour): also map all of lowmem into the runtime PGD. */
  mapLowmem: boolean;
}

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  ramBase: 0x80000000,
  ramSize: 0x40000000,
  pageOffset: 0xc0000000,
  kernelStart: 0x80008000,
  idmapStart: 0x80320f00,
  idmapLength: 0,
  cpus: 2,
  tlbEntries: 32,
  design: 'dual-step',
  hotplugCpu: -1,
  hotplugSupport: true,
  skipTlbi: false,
  skipFlush: false,
  noBounce: false,
  failAlloc: 0,
  walkerCoherent: true,
  probeVa: -1,
  mapLowmem: false,
});

export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(DEFAULT_CONFIG) as ConfigKey[];

export type KeyKind = 'hex' | 'int' | 'bool' | 'design' | 'optHex' | 'optInt';

/** How each key is typed in text (CLI --set, URL), and a one-line meaning for messages and the UI. */
export const KEY_INFO: Readonly<Record<ConfigKey, { kind: KeyKind; meaning: string }>> = {
  ramBase: { kind: 'hex', meaning: 'physical start of RAM' },
  ramSize: { kind: 'hex', meaning: 'size of RAM in bytes' },
  pageOffset: { kind: 'hex', meaning: 'kernel VA of the start of RAM (PAGE_OFFSET)' },
  kernelStart: { kind: 'hex', meaning: 'PA the kernel image is loaded at' },
  idmapStart: { kind: 'hex', meaning: 'PA of __hyp_idmap_text_start' },
  idmapLength: { kind: 'hex', meaning: 'length of .hyp.idmap.text (0 = the code itself)' },
  cpus: { kind: 'int', meaning: 'number of CPUs' },
  tlbEntries: { kind: 'int', meaning: 'HYP TLB entries per CPU' },
  design: { kind: 'design', meaning: 'dual-step (v3.10) or single-step (v3.9)' },
  hotplugCpu: { kind: 'optInt', meaning: 'CPU taken offline and back after init (-1: none)' },
  hotplugSupport: { kind: 'bool', meaning: 'CONFIG_HOTPLUG_CPU (keeps the boot PGD)' },
  skipTlbi: { kind: 'bool', meaning: 'what-if: no TLBIALLH in phase 2' },
  skipFlush: { kind: 'bool', meaning: 'what-if: no cleans to the PoC' },
  noBounce: { kind: 'bool', meaning: 'what-if: no bounce page' },
  failAlloc: { kind: 'int', meaning: 'fail the Nth allocation of kvm_mmu_init (0: none)' },
  walkerCoherent: {
    kind: 'bool',
    meaning: 'the table walker looks into the data cache for cacheable walks (Cortex-A15: true)',
  },
  probeVa: { kind: 'optHex', meaning: 'HYP VA read by a probe after init (-1: none)' },
  mapLowmem: { kind: 'bool', meaning: 'stress: map all lowmem into the runtime PGD' },
};
