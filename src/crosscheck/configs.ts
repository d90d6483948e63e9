import { DEFAULT_CONFIG, type Config } from '../engine/scenario/config';
import { HYP_CODE_LENGTH, HYP_CODE_OFFSET } from '../engine/scenario/layout';
import { PRESETS, presetConfig } from '../engine/scenario/presets';
import { validateConfig } from '../engine/scenario/validate';
import { naturalIdmapLength } from '../engine/cpu/program/programs';
import { randomInt, seeded } from './random';

export interface NamedConfig {
  readonly name: string;
  readonly config: Config;
}

/**
 * Presets QEMU cannot model, and why (printed by every run). no-flush runs: its walker reads
 * DRAM, so the tables go to QEMU as DRAM holds them (the engine's PoC view); the dirty cache
 * lines themselves are what QEMU cannot hold. stress runs with its runtime PGD sampled.
 */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  enomem: 'kvm_mmu_init fails and frees both PGDs: no table to load and no HYP code runs',
  'single-step':
    'v3.9 rewrites the HYP tables between the HVCs (kvm_clear_hyp_idmap, then the runtime mappings); one set of table blobs cannot stand for them',
  'hotplug-single-step': 'v3.9, as single-step: the tables change between the HVCs',
};

export function modelablePresets(): NamedConfig[] {
  return PRESETS.filter((p) => !(p.name in LEFT_OUT)).map((p) => ({
    name: p.name,
    config: presetConfig(p),
  }));
}

/**
 * Two configs beyond the presets that take the runtime data-abort path (EC 0x25, HDFAR):
 * the probe reads the idmap VA after the switch (facts §9: a level-1 translation fault in
 * QEMU), and an unaligned VA with HSCTLR.A set (alignment fault, FSC 0x21).
 */
export function probeConfigs(): NamedConfig[] {
  return [
    { name: 'probe-idmap', config: { ...DEFAULT_CONFIG, probeVa: DEFAULT_CONFIG.idmapStart } },
    { name: 'probe-unaligned', config: { ...DEFAULT_CONFIG, probeVa: 0xc02d8a41 } },
  ];
}

const MB = 0x100000;

/**
 * Random valid layouts inside the RAM the crosscheck gives virt (0x8000_0000 up to 4 GiB):
 * RAM base and size, PAGE_OFFSET, the number of CPUs, and the init code placed anywhere in
 * a page (so some cross a page boundary and take the bounce page). Seeded: same list each run.
 */
export function randomLayouts(count: number, seed = 2013): NamedConfig[] {
  const rand = seeded(seed);
  const natural = naturalIdmapLength('dual-step');
  const out: NamedConfig[] = [];
  while (out.length < count) {
    const ramBase = 0x80000000 + randomInt(rand, 0, 32) * 32 * MB;
    const maxSize = Math.min(0x40000000, 0x100000000 - ramBase);
    const ramSize = randomInt(rand, 16, maxSize / (16 * MB) + 1) * 16 * MB;
    const kernelStart = ramBase + 0x8000;
    const afterHyp = kernelStart + HYP_CODE_OFFSET + HYP_CODE_LENGTH;
    const page = Math.ceil(afterHyp / 4096) * 4096 + randomInt(rand, 0, 64) * 4096;
    // a third of the layouts put the code in the last 256 bytes of a page: it crosses
    const offset =
      rand() < 0.33 ? 4096 - 32 * randomInt(rand, 1, 8) : 32 * randomInt(rand, 0, 4096 / 32);
    const cpus = randomInt(rand, 1, 5);
    const config: Config = {
      ...DEFAULT_CONFIG,
      ramBase,
      ramSize,
      pageOffset: rand() < 0.5 ? 0xc0000000 : 0x80000000,
      kernelStart,
      idmapStart: page + offset,
      cpus,
      hotplugCpu: cpus > 1 && rand() < 0.25 ? randomInt(rand, 1, cpus) : -1,
    };
    if (validateConfig(config, natural).length) continue;
    out.push({ name: `random-${out.length + 1}`, config });
  }
  return out;
}
