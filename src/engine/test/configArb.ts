import fc from 'fast-check';
import { naturalIdmapLength } from '../cpu/program/programs';
import { DEFAULT_CONFIG, type Config } from '../scenario/config';
import { HYP_CODE_LENGTH, HYP_CODE_OFFSET } from '../scenario/layout';
import { validateConfig } from '../scenario/validate';

/*
 * Random configs the validator accepts, around the interesting edges (RAM placement and split,
 * idmap placement and length, every what-if switch, hotplug, failing allocations, probes):
 * shared by the property tests.
 */

export const MB = 0x100000;

export const configArb: fc.Arbitrary<Config> = fc
  .record({
    ramBase: fc.constantFrom(
      0x0,
      0x20000000,
      0x40000000,
      0x60000000,
      0x80000000,
      0xc0000000,
      0xd0800000,
    ),
    ramSize: fc.constantFrom(16 * MB, 64 * MB, 256 * MB, 0x2f800000, 0x40000000),
    pageOffset: fc.constantFrom(0xc0000000, 0x80000000, 0x40000000),
    kernelOffset: fc.constantFrom(0x8000, 0x108000),
    idmapSlots: fc.integer({ min: 0, max: 0x400 }), // 32-byte slots after the HYP code
    idmapExtra: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 0x800 })), // words past the code
    design: fc.constantFrom('dual-step' as const, 'single-step' as const),
    cpus: fc.integer({ min: 1, max: 4 }),
    tlbEntries: fc.integer({ min: 4, max: 40 }),
    hotplug: fc.boolean(),
    hotplugSupport: fc.boolean(),
    skipTlbi: fc.boolean(),
    skipFlush: fc.boolean(),
    noBounce: fc.boolean(),
    failAlloc: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
    walkerCoherent: fc.boolean(),
    probe: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 0xffffffff })),
    mapLowmem: fc.boolean(),
  })
  .map((r): Config => {
    const kernelStart = r.ramBase + r.kernelOffset;
    const idmapStart = kernelStart + HYP_CODE_OFFSET + HYP_CODE_LENGTH + 0x80 + r.idmapSlots * 32;
    return {
      ...DEFAULT_CONFIG,
      ramBase: r.ramBase,
      ramSize: r.ramSize,
      pageOffset: r.pageOffset,
      kernelStart,
      idmapStart,
      idmapLength: r.idmapExtra < 0 ? 0 : naturalIdmapLength(r.design) + r.idmapExtra * 4,
      design: r.design,
      cpus: r.cpus,
      tlbEntries: r.tlbEntries,
      hotplugCpu: r.hotplug && r.cpus > 1 ? 1 : -1,
      hotplugSupport: r.hotplugSupport,
      skipTlbi: r.skipTlbi,
      skipFlush: r.skipFlush,
      noBounce: r.noBounce,
      failAlloc: r.failAlloc,
      walkerCoherent: r.walkerCoherent,
      probeVa: r.probe,
      // the stress mapping costs a step per lowmem page: only with small RAM here
      mapLowmem: r.mapLowmem && r.ramSize <= 16 * MB,
    };
  })
  .filter((c) => validateConfig(c, naturalIdmapLength(c.design)).length === 0);
