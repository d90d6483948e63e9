import type { Access, Trace } from '../../engine/trace/types';
import { ghex } from './format';
import { fscName } from './hsr';

export interface FaultWords {
  readonly step: number;
  /** "prefetch abort, translation fault, level 1 at 0xffff_0080" */
  readonly text: string;
}

function words(a: Access): string {
  const abort = a.type === 'fetch' ? 'prefetch abort' : 'data abort';
  return `${abort}, ${fscName(a.fault!.fsc)} at ${ghex(a.va)}`;
}

/**
 * The syndrome of the fault that decides a scenario's outcome, in words: the last faulting
 * access at or before the outcome's step (the first one when a fault loop repeats it).
 */
export function outcomeFault(trace: Trace): FaultWords | null {
  const known = faultOf.get(trace);
  if (known !== undefined) return known;
  const found = findOutcomeFault(trace);
  faultOf.set(trace, found);
  return found;
}

const faultOf = new WeakMap<Trace, FaultWords | null>();

/**
 * Takes the syndrome found elsewhere (the simulation worker) for a trace rebuilt on the page:
 * the search reads the accesses of every step back from the outcome, 30 ms on stress.
 */
export function adoptOutcomeFault(trace: Trace, fault: FaultWords | null): void {
  faultOf.set(trace, fault);
}

function findOutcomeFault(trace: Trace): FaultWords | null {
  const last = Math.min(trace.outcome.step, trace.steps.length);
  let found: FaultWords | null = null;
  for (let i = last; i >= 1; i--) {
    const s = trace.steps[i - 1]!;
    const a = s.accesses.find((x) => x.fault);
    if (a) found = { step: s.index, text: words(a) };
    else if (found) break;
  }
  return found;
}
