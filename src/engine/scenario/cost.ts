import type { Config } from './config';
import { computeLayout } from './layout';

/**
 * What simulating a config will cost, estimated from its layout without simulating: the
 * budget check that the CLI (--max-steps) and the app run before a costly scenario.
 */
export interface CostEstimate {
  /** Trace steps. */
  steps: number;
  /** Pages the runtime PGD ends up mapping (lowmem dominates under mapLowmem). */
  pagesMapped: number;
  /** Memory the trace keeps, in bytes. */
  bytes: number;
}

const PAGE = 4096;
const PAGES_PER_L3 = 512;
/**
 * Trace memory per step in Node, as bench/run.ts measures it on the stress preset (303 bytes
 * with the compact trace); the traces this estimate is for are that kind: long, table-heavy.
 */
export const BYTES_PER_STEP = 300;

/*
 * Step counts, fitted to real traces (src/engine/scenario/cost.test.ts holds them to it):
 * dual-step runs ~90 steps plus ~66 per CPU (its stack, host state and init per CPU), v3.9
 * single-step ~62 plus ~50; a hotplugged CPU re-runs init; a probe adds a short HYP run.
 * Each mapped page is a set-pte step, plus (dual-step) a clean step; each new L3 table an
 * alloc, a populate and a clean.
 */
const BASE = { 'dual-step': 90, 'single-step': 62 } as const;
const PER_CPU = { 'dual-step': 66, 'single-step': 50 } as const;
const HOTPLUG = { 'dual-step': 96, 'single-step': 45 } as const;
const PROBE = 30;
/** Pages of HYP text, stacks, host state, GICH, idmap: what every config maps anyway. */
const FIXED_PAGES = 4;
/**
 * kvm_mmu_init (v3.10) always makes at least this many allocations before it returns, so a
 * failAlloc at or below it ends init within a few dozen steps.
 */
const SURE_ALLOCATIONS = 6;
const EARLY_FAILURE_STEPS = 50;

export function estimateCost(config: Config): CostEstimate {
  const design = config.design;
  const perPage = design === 'dual-step' ? 2 : 1;
  const perTable = design === 'dual-step' ? 3 : 2;
  if (design === 'dual-step' && config.failAlloc >= 1 && config.failAlloc <= SURE_ALLOCATIONS)
    return {
      steps: EARLY_FAILURE_STEPS,
      pagesMapped: 0,
      bytes: EARLY_FAILURE_STEPS * BYTES_PER_STEP,
    };
  let steps = BASE[design] + PER_CPU[design] * config.cpus;
  if (config.hotplugCpu >= 0) steps += HOTPLUG[design];
  if (config.probeVa >= 0) steps += PROBE;
  let pagesMapped = FIXED_PAGES + 2 * config.cpus;
  if (config.mapLowmem) {
    const layout = computeLayout(config, config.idmapLength);
    const lowmemPages = Math.max(0, Math.ceil((layout.highMemory - layout.pageOffset) / PAGE));
    pagesMapped += lowmemPages;
    steps += perPage * lowmemPages + perTable * Math.ceil(lowmemPages / PAGES_PER_L3);
  }
  return { steps, pagesMapped, bytes: steps * BYTES_PER_STEP };
}
