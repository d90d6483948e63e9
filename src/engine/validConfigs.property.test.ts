import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { naturalIdmapLength } from './cpu/program/programs';
import { DEFAULT_CONFIG, type Config } from './scenario/config';
import { HYP_CODE_LENGTH, HYP_CODE_OFFSET } from './scenario/layout';
import { validateConfig } from './scenario/validate';
import { simulate } from './simulate';
import { PHASES, type OutcomeKind } from './trace/types';

/*
 * Issue 9 item 2: every config the validator accepts simulates to an outcome, never a throw.
 * Random configs around the interesting edges (RAM placement and split, idmap placement and
 * length, every what-if switch, hotplug, failing allocations, probes), kept when valid.
 */

const MB = 0x100000;
const KINDS: OutcomeKind[] = ['success', 'hang', 'panic', 'init-error', 'corruption', 'leak'];

const configArb: fc.Arbitrary<Config> = fc
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

describe('valid configs always simulate (issue 9 item 2)', () => {
  test('the three configs the issue found crashing are now rejected or simulate', () => {
    const ok = (c: Config) => validateConfig(c, naturalIdmapLength(c.design)).length === 0;
    const pair = { ...DEFAULT_CONFIG, hotplugCpu: 1, hotplugSupport: false };
    expect(validateConfig(pair, naturalIdmapLength('dual-step'))).toEqual([
      expect.objectContaining({
        key: 'hotplugCpu',
        message: expect.stringMatching(/CONFIG_HOTPLUG_CPU/),
      }),
    ]);
    for (const c of [
      { ...DEFAULT_CONFIG, idmapLength: 0x2000 },
      { ...DEFAULT_CONFIG, mapLowmem: true, design: 'single-step' as const, ramSize: 16 * MB },
    ]) {
      expect(ok(c)).toBe(true);
      expect(KINDS).toContain(simulate(c).outcome.kind);
    }
  });

  test('property: every accepted config ends in an outcome at a real step, with moments in range', () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const t = simulate(c);
        expect(KINDS).toContain(t.outcome.kind);
        expect(t.steps.length).toBeGreaterThan(0);
        expect(t.outcome.step).toBeGreaterThanOrEqual(1);
        expect(t.outcome.step).toBeLessThanOrEqual(t.steps.length);
        for (const s of t.steps) expect(PHASES).toContain(s.phase);
        let last = 0;
        for (const m of t.moments) {
          expect(m.step).toBeGreaterThanOrEqual(last);
          expect(m.step).toBeLessThanOrEqual(t.steps.length);
          last = m.step;
        }
      }),
      { seed: 20261201, numRuns: 60 },
    );
  }, 120_000);
});
