import { createContext, useContext } from 'react';
import type { MachineState, Step, Trace } from '../../engine/trace/types';
import { selectConfig, selectCursor, selectNoCursor } from './selectors';
import { useAppStore } from './StoreContext';
import { getTrace } from './traceCache';

export interface CurrentStep {
  readonly trace: Trace;
  readonly step: Step;
  /** The state before this step: what "changed" is measured against. */
  readonly before: MachineState;
}

/**
 * A subtree that shows another trace or step than the store's (a column of the compare view)
 * provides it here; the panels inside read it through the same hooks.
 */
export const StepOverrideContext = createContext<CurrentStep | null>(null);

/**
 * The trace on screen, when App provides it: the store's config's once drawn, or the one
 * before while the next is simulated. Without it (tests, dialogs) the config's own.
 */
export const ShownTraceContext = createContext<Trace | null>(null);

/**
 * The store's current step, provided once for the whole view (CurrentStepProvider): a key then
 * updates one store subscriber rather than one per panel, and each panel reads a context.
 */
export const CurrentStepContext = createContext<CurrentStep | null>(null);

function useShownTrace(): Trace {
  const shown = useContext(ShownTraceContext);
  const config = useAppStore(selectConfig);
  return shown ?? getTrace(config);
}

export function useTrace(): Trace {
  const override = useContext(StepOverrideContext);
  const trace = useShownTrace();
  return override?.trace ?? trace;
}

export function stepAt(trace: Trace, cursor: number): CurrentStep {
  const n = Math.min(Math.max(1, cursor), trace.steps.length);
  const step = trace.steps[n - 1]!;
  const before = n > 1 ? trace.steps[n - 2]!.state : trace.initial;
  return { trace, step, before };
}

export function useCurrentStep(): CurrentStep {
  const override = useContext(StepOverrideContext);
  const provided = useContext(CurrentStepContext);
  const trace = useShownTrace();
  // a panel under a provider or an override does not subscribe to the cursor itself
  const cursor = useAppStore(override || provided ? selectNoCursor : selectCursor);
  return override ?? provided ?? stepAt(trace, cursor);
}
