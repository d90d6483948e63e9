import { describe, expect, test } from 'vitest';
import type { Config } from '../scenario/config';
import type { Step } from '../trace/types';
import {
  freeHypPgds,
  hypIdmapSetupV39,
  kvmMmuInit,
  kvmMmuInitV39,
  type IdmapSection,
} from './kvmMmuInit';
import { freshKernel } from './testHarness';

/*
 * Every PL1 step the kernel model records is shown as a title and an explanation (UI.md: the
 * explanation panel is never blank). Run kvm_mmu_init and its teardown through every branch
 * (one page, a bounce page, the what-ifs, each failing allocation, v3.9) and check both texts
 * of every step: a title that says what happened, an explanation in whole sentences.
 */

const ONE_PAGE: IdmapSection = { start: 0x8032_0f00, end: 0x8032_0fe4, vector: 0x8032_0f00 };
const CROSSING: IdmapSection = { start: 0x8032_0fa0, end: 0x8032_1084, vector: 0x8032_0fa0 };

function run(section: IdmapSection, overrides: Partial<Config> = {}): Step[] {
  const k = freshKernel(overrides);
  if (overrides.design === 'single-step') {
    hypIdmapSetupV39(k, section);
    kvmMmuInitV39(k, section);
  } else if (kvmMmuInit(k, section) === 0) freeHypPgds(k);
  return k.rec.steps;
}

const RUNS: [string, IdmapSection, Partial<Config>][] = [
  ['one page', ONE_PAGE, {}],
  ['bounce page', CROSSING, {}],
  ['no-flush', CROSSING, { skipFlush: true }],
  ['no-bounce', CROSSING, { noBounce: true }],
  ['v3.9', ONE_PAGE, { design: 'single-step' }],
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n): [string, IdmapSection, Partial<Config>] => [
    `allocation ${n} fails`,
    CROSSING,
    { failAlloc: n },
  ]),
];

describe('kernel steps always have a title and an explanation', () => {
  test.each(RUNS)('%s', (_name, section, overrides) => {
    const steps = run(section, overrides);
    expect(steps.length).toBeGreaterThan(3);
    for (const s of steps) {
      expect(s.title.trim().length, `step ${s.index}`).toBeGreaterThan(8);
      expect(s.why, `step ${s.index}: ${s.title}`).toMatch(/^[A-Z(_a-z].{15,}[.)]$/s);
    }
  });
});
