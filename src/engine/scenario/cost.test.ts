import { describe, expect, test } from 'vitest';
import { simulate } from '../simulate';
import type { Config } from './config';
import { estimateCost } from './cost';
import { findPreset, PRESETS, presetConfig } from './presets';

/**
 * The estimate must stay within this factor of the real step count, both ways; a scenario
 * that ends early (a fault, a failed allocation) may come in under it by at most SLACK steps,
 * which no budget notices.
 */
const FACTOR = 1.5;
const SLACK = 150;

function config(preset: string, overrides: Partial<Config> = {}): Config {
  return { ...presetConfig(findPreset(preset)!), ...overrides };
}

const CASES: [string, Partial<Config>][] = [
  ...PRESETS.filter((p) => p.name !== 'stress').map((p): [string, Partial<Config>] => [p.name, {}]),
  ['dual-step', { cpus: 8 }],
  ['dual-step', { cpus: 1 }],
  ['single-step', { cpus: 8 }],
  ['hotplug', { cpus: 8, hotplugCpu: 7 }],
  ['stale-tlb', { cpus: 4 }],
  ['enomem', { failAlloc: 2 }],
  ['dual-step', { failAlloc: 9 }],
  // the stress layout on smaller RAM, so the test stays quick; the page term dominates
  ['stress', { ramSize: 0x4000000 }],
  ['stress', { ramSize: 0x8000000, cpus: 8, tlbEntries: 512 }],
  ['stress', { ramSize: 0x2000000, skipFlush: true }],
  ['stress', { ramSize: 0x4000000, design: 'single-step' }],
];

describe('estimateCost', () => {
  test.each(CASES)(`%s %j: estimate within ${FACTOR}x of the real trace`, (preset, overrides) => {
    const c = config(preset, overrides);
    const est = estimateCost(c);
    const real = simulate(c).steps.length;
    expect(est.steps).toBeGreaterThanOrEqual(real / FACTOR);
    expect(est.steps).toBeLessThanOrEqual(Math.max(real * FACTOR, real + SLACK));
    expect(est.bytes).toBeGreaterThan(0);
  });

  test('the stress preset maps every lowmem page: 760 MiB of lowmem is 194,560 pages, ~2 steps each', () => {
    // lowmem ends at the vmalloc floor 0xff000000 - 240 MiB - 8 MiB = 0xef800000, 0x2f800000 bytes
    const est = estimateCost(config('stress'));
    expect(est.pagesMapped).toBeGreaterThanOrEqual(194_560);
    expect(est.pagesMapped).toBeLessThan(194_560 + 64);
    expect(est.steps).toBeGreaterThan(2 * 194_560);
    expect(est.steps).toBeLessThan(2 * 194_560 * 1.05);
  });

  test('a costly link (lowmem from 0x40000000 up to the vmalloc floor) is over a million steps', () => {
    const c = config('stress', {
      ramBase: 0x40000000,
      pageOffset: 0x40000000,
      ramSize: 0xc0000000,
      kernelStart: 0x40008000,
      idmapStart: 0x40320f00,
      cpus: 8,
    });
    // 0xef800000 - 0x40000000 = 0xaf800000 bytes = 718,848 pages
    expect(estimateCost(c).pagesMapped).toBeGreaterThanOrEqual(718_848);
    expect(estimateCost(c).steps).toBeGreaterThan(1_400_000);
  });

  test('is cheap: no simulation, the same answer every time', () => {
    const c = config('stress');
    expect(estimateCost(c)).toEqual(estimateCost(c));
  });
});
