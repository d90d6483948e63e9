/// <reference lib="webworker" />
import { simulate } from '../../engine/simulate';
import { setProgressListener } from '../../engine/trace/recorder';
import type { SimulateRequest, WorkerMessage } from './protocol';
import { traceParts, transferables } from './traceTransfer';

/*
 * The simulation worker: the engine runs here, never on the page's thread. It reports progress
 * while simulating, then sends the trace in parts (see traceTransfer.ts).
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerMessage): void => scope.postMessage(m);

scope.onmessage = (e: MessageEvent<SimulateRequest>) => {
  if (e.data.type !== 'simulate') return;
  setProgressListener((steps) => post({ type: 'progress', steps }));
  let trace;
  try {
    trace = simulate(e.data.config);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    return;
  } finally {
    setProgressListener(null);
  }
  post({ type: 'progress', steps: trace.steps.length });
  for (const part of traceParts(trace))
    scope.postMessage({ type: 'part', part } satisfies WorkerMessage, transferables(part));
  post({ type: 'done' });
};
