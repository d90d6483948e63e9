import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { naturalIdmapLength } from './cpu/program/programs';
import { DEFAULT_CONFIG, type Config } from './scenario/config';
import { validateConfig } from './scenario/validate';
import { simulate } from './simulate';
import { configArb, MB } from './test/configArb';
import { PHASES, type OutcomeKind } from './trace/types';

/*
 * Issue 9 item 2: every config the validator accepts simulates to an outcome, never a throw.
 * Random configs around the interesting edges (RAM placement and split, idmap placement and
 * length, every what-if switch, hotplug, failing allocations, probes), kept when valid.
 */

const KINDS: OutcomeKind[] = ['success', 'hang', 'panic', 'init-error', 'corruption', 'leak'];

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
