import type { MachineState, Step, Trace } from '../../engine/trace/types';
import { selectConfig, selectCursor } from './selectors';
import { useAppStore } from './StoreContext';
import { getTrace } from './traceCache';

export function useTrace(): Trace {
  return getTrace(useAppStore(selectConfig));
}

export interface CurrentStep {
  readonly trace: Trace;
  readonly step: Step;
  /** The state before this step: what "changed" is measured against. */
  readonly before: MachineState;
}

export function stepAt(trace: Trace, cursor: number): CurrentStep {
  const n = Math.min(Math.max(1, cursor), trace.steps.length);
  const step = trace.steps[n - 1]!;
  const before = n > 1 ? trace.steps[n - 2]!.state : trace.initial;
  return { trace, step, before };
}

export function useCurrentStep(): CurrentStep {
  const trace = useTrace();
  const cursor = useAppStore(selectCursor);
  return stepAt(trace, cursor);
}
