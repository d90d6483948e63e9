import { useMemo, type ReactNode } from 'react';
import type { Trace } from '../../engine/trace/types';
import { selectCursor, selectNoCursor } from './selectors';
import { useAppStore } from './StoreContext';
import { CurrentStepContext, stepAt } from './useStep';

/**
 * Provides the store's current step of `trace` to the panels below (useCurrentStep). The only
 * subscriber to the cursor among them: `children` are elements made by the parent, so a key
 * re-renders this and the panels that read the step, nothing else. Off (`enabled` false: a
 * comparison, whose columns provide their own steps) it provides nothing and never updates.
 */
export function CurrentStepProvider({
  trace,
  enabled,
  children,
}: {
  trace: Trace;
  enabled: boolean;
  children: ReactNode;
}) {
  const cursor = useAppStore(enabled ? selectCursor : selectNoCursor);
  const current = useMemo(() => (enabled ? stepAt(trace, cursor) : null), [enabled, trace, cursor]);
  return <CurrentStepContext.Provider value={current}>{children}</CurrentStepContext.Provider>;
}
