import type { Config } from '../../engine/scenario/config';
import { estimateCost, type CostEstimate } from '../../engine/scenario/cost';
import { configKey } from '../store/traceCache';
import { groupedCount } from '../model/format';

/*
 * The cost budget: a config estimated above BUDGET_STEPS is simulated only once someone
 * approves it in this window. The audience window never approves on its own: the window sync
 * approves a config for it when the presenter's window says it approved that config
 * (isCostlyRunApproved on the presenter side, approveCostlyRun on the audience side).
 */
export const BUDGET_STEPS = 500_000;

const approved = new Set<string>();
const listeners = new Set<() => void>();
let version = 0;

/** The estimate when `config` is over the budget, else null (a config the layout rejects is not: the worker reports it). */
export function costOverBudget(config: Config): CostEstimate | null {
  let cost: CostEstimate;
  try {
    cost = estimateCost(config);
  } catch {
    return null;
  }
  return cost.steps > BUDGET_STEPS ? cost : null;
}

/** True when `config` may be simulated without asking: within budget, or approved here. */
export function isCostlyRunApproved(config: Config): boolean {
  return approved.has(configKey(config)) || costOverBudget(config) === null;
}

/** Lets this window simulate `config` despite its cost (the prompt's button, or the sync). */
export function approveCostlyRun(config: Config): void {
  const key = configKey(config);
  if (approved.has(key)) return;
  approved.add(key);
  version++;
  for (const l of listeners) l();
}

export function subscribeApprovals(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function approvalsVersion(): number {
  return version;
}

/** "1.4 million" / "262,148": how the prompt says a count of pages. */
export function countInWords(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} million` : groupedCount(n);
}
