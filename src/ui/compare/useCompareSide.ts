import { useEffect, useReducer, useState } from 'react';
import type { Config } from '../../engine/scenario/config';
import type { Trace } from '../../engine/trace/types';
import { CancelledError, loadTrace, peekTrace } from '../store/traceCache';
import { useAppStoreApi } from '../store/StoreContext';
import { compareTooCostly } from './compareModel';

export type CompareSideStatus =
  | { readonly kind: 'ready'; readonly trace: Trace }
  | { readonly kind: 'loading' }
  | { readonly kind: 'too-costly'; readonly steps: number }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The compared side's trace, simulated in the worker once the left one is in. A run cancelled
 * by a scenario change is started again while the view still wants it.
 */
export function useCompareSide(config: Config): CompareSideStatus {
  const store = useAppStoreApi();
  const [, arrived] = useReducer((n: number) => n + 1, 0);
  const [failed, setFailed] = useState<{ config: Config; message: string } | null>(null);
  const trace = peekTrace(config);
  const costly = trace ? null : compareTooCostly(config);
  useEffect(() => {
    if (trace || costly !== null) return;
    let alive = true;
    const run = () =>
      loadTrace(config).then(
        () => {
          if (!alive) return;
          arrived();
          // the cursor was asked for before the alignment's length was known
          const s = store.getState();
          s.goTo(s.cursor);
        },
        (e: unknown) => {
          if (!alive) return;
          if (e instanceof CancelledError) window.setTimeout(run, 100);
          else setFailed({ config, message: e instanceof Error ? e.message : String(e) });
        },
      );
    run();
    return () => {
      alive = false;
    };
  }, [config, trace, costly, store]);
  if (trace) return { kind: 'ready', trace };
  if (costly !== null) return { kind: 'too-costly', steps: costly };
  if (failed?.config === config) return { kind: 'failed', message: failed.message };
  return { kind: 'loading' };
}
