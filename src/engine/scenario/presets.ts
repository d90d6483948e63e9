import { DEFAULT_CONFIG, type Config } from './config';

export interface Preset {
  readonly name: string;
  readonly title: string;
  /** One line: what the scenario shows. */
  readonly description: string;
  readonly overrides: Readonly<Partial<Config>>;
}

/** Every preset is a config: the defaults plus its overrides. Order is the picker's order. */
export const PRESETS: readonly Preset[] = [
  {
    name: 'dual-step',
    title: 'Dual-step HYP init (Linux v3.10)',
    description:
      'The init code fits in one page: boot PGD, trampoline, switch to the runtime PGD, TLBIALLH.',
    overrides: {},
  },
  {
    name: 'bounce-page',
    title: 'Init code crosses a page: bounce page',
    description:
      'The code straddles a page boundary, so kvm_mmu_init copies it to a bounce page and maps that.',
    overrides: { idmapStart: 0x80320fa0 },
  },
  {
    name: 'stale-tlb',
    title: 'What if: no TLBIALLH',
    description:
      'Phase 2 skips the TLB invalidation; a later HYP access to the idmap VA uses the stale boot-PGD entry.',
    overrides: { skipTlbi: true, probeVa: 0x80320f00 },
  },
  {
    name: 'no-flush',
    title: 'What if: no cleans to the PoC (Cortex-A15)',
    description:
      'Descriptors stay dirty in the cache, but HSCTLR.C and HTCR make the walks cacheable and the A15 walker looks in the cache: it still works.',
    overrides: { skipFlush: true },
  },
  {
    name: 'no-flush-noncoherent',
    title: 'What if: no cleans to the PoC, walker reads DRAM',
    description:
      'The same missing cleans with a table walker that does not look into the data cache: it reads a zero entry at the PoC and faults.',
    overrides: { skipFlush: true, walkerCoherent: false },
  },
  {
    name: 'no-bounce',
    title: 'What if: code crosses a page, no bounce page',
    description:
      'The trampoline maps only the first page; the jump lands on the wrong bytes and HYP hangs.',
    overrides: { idmapStart: 0x80320fa0, noBounce: true },
  },
  {
    name: 'enomem',
    title: 'What if: an allocation fails',
    description:
      'The 5th allocation in kvm_mmu_init fails; the error path frees every page it took.',
    overrides: { failAlloc: 5 },
  },
  {
    name: 'single-step',
    title: 'Before the patch: single-step init (v3.9)',
    description:
      'One HYP PGD holds the idmap; PL1 tears it down afterwards and cannot flush the HYP TLB.',
    overrides: { design: 'single-step' },
  },
  {
    name: 'hotplug',
    title: 'CPU hotplug with the dual-step design',
    description:
      'CPU1 goes offline after init and comes back: the kept boot PGD lets it run the init again.',
    overrides: { hotplugCpu: 1 },
  },
  {
    name: 'hotplug-single-step',
    title: 'CPU hotplug before the patch',
    description:
      'CPU1 comes back, but v3.9 has no KVM CPU notifier: it keeps the stub, whose answer to the first HYP call sets HVBAR to a kernel VA; the next call faults.',
    overrides: { design: 'single-step', hotplugCpu: 1 },
  },
  {
    name: 'vector-collision',
    title: 'What if: the idmap page is the trampoline page',
    description:
      'Lowmem runs to the top of the 32-bit space: the idmap page is 0xffff0000, idmap and trampoline hit one PTE, counted twice, and the boot tables leak.',
    overrides: {
      // 760 MiB of lowmem (3G/1G split) ending exactly at 4 GiB: __pa() stays 32-bit
      ramBase: 0xd0800000,
      ramSize: 0x2f800000,
      kernelStart: 0xffd00000,
      idmapStart: 0xffff0100,
      hotplugSupport: false,
    },
  },
  {
    name: 'idmap-too-big',
    title: 'What if: the init code is longer than a page',
    description:
      'Past the linker ASSERT: after the jump to the trampoline, the fetch past its one page faults.',
    overrides: { idmapStart: 0x80321000, idmapLength: 0x1010 },
  },
  {
    name: 'stress',
    title: 'Stress: runtime PGD maps all of lowmem',
    description:
      'Benchmark scenario: about 195,000 page descriptors in the runtime PGD (not kernel behaviour).',
    overrides: { mapLowmem: true },
  },
];

export const DEFAULT_PRESET = 'dual-step';

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

export function presetConfig(p: Preset): Config {
  return { ...DEFAULT_CONFIG, ...p.overrides };
}
