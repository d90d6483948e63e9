import type { Trace } from '../engine/trace/types';
import { findStepByKey, stepKey } from './stepIdentity';

export type StepKeyResolution =
  | { readonly kind: 'same'; readonly step: number }
  | { readonly kind: 'moved'; readonly step: number; readonly message: string }
  | { readonly kind: 'gone'; readonly message: string };

/**
 * Finds a link's step in this trace by its stable identity: the numbered step when it is still
 * the same event, else wherever that event is now; 'gone' when this trace has no such event.
 */
export function resolveStepKey(trace: Trace, step: number, key: string): StepKeyResolution {
  if (step >= 1 && step <= trace.steps.length && stepKey(trace, step) === key)
    return { kind: 'same', step };
  const found = findStepByKey(trace, key);
  if (found !== null) {
    const title = trace.steps[found - 1]!.title;
    return {
      kind: 'moved',
      step: found,
      message: `The trace has changed since this link was made: its step ${step} ("${title}") is now step ${found}; showing step ${found}.`,
    };
  }
  return {
    kind: 'gone',
    message: `The trace has changed since this link was made and its step ${step} is not in it any more: showing step ${Math.min(Math.max(1, step), trace.steps.length)} by its number.`,
  };
}
