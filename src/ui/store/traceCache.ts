import type { Config } from '../../engine/scenario/config';
import type { Trace } from '../../engine/trace/types';
import type { WorkerMessage } from '../worker/protocol';
import { spawnSimWorker } from '../worker/spawnWorker';
import { TraceAssembler } from '../worker/traceTransfer';

/*
 * The trace is derived from the config, never stored: one simulation per config, run in a
 * worker (the page never freezes). A few recent traces are kept so that Back after a scenario
 * change does not simulate again. One run at a time: starting another cancels the one in flight.
 */
const KEEP = 3;
const cache = new Map<string, Trace>();

const keys = new WeakMap<Config, string>();

/** A config's identity as text. Configs are never mutated, so each is serialised once. */
export function configKey(config: Config): string {
  let key = keys.get(config);
  if (key === undefined) keys.set(config, (key = JSON.stringify(config)));
  return key;
}

/** The trace of `config` if it has been simulated, else undefined (nothing is started). */
export function peekTrace(config: Config): Trace | undefined {
  const key = configKey(config);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

/** The trace of `config`; only for code that runs once it is loaded (the panels). */
export function getTrace(config: Config): Trace {
  const t = peekTrace(config);
  if (!t) throw new Error('the trace is still being simulated');
  return t;
}

function remember(key: string, trace: Trace): void {
  cache.set(key, trace);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
}

/** A trace simulated in this thread (unit tests in Node, which has no worker) joins the cache. */
export function adoptTrace(config: Config, trace: Trace): void {
  remember(configKey(config), trace);
}

/** Where the run in flight is: simulating (steps so far), then receiving the trace. */
export interface LoadProgress {
  readonly key: string;
  readonly phase: 'simulating' | 'receiving';
  readonly steps: number;
  /** Steps the trace has, once known (while receiving). */
  readonly of: number;
  readonly startedAt: number;
}

let progress: LoadProgress | null = null;
const listeners = new Set<() => void>();
function publish(p: LoadProgress | null): void {
  progress = p;
  for (const l of listeners) l();
}
export function subscribeLoadProgress(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function getLoadProgress(): LoadProgress | null {
  return progress;
}

export class CancelledError extends Error {
  constructor() {
    super('the simulation was cancelled');
  }
}

let inFlight: { key: string; promise: Promise<Trace>; cancel: () => void } | null = null;

/** Stops the run in flight, if any: its promise rejects with CancelledError. */
export function cancelLoad(): void {
  inFlight?.cancel();
}

/** Simulates `config` in a worker (or returns the cached trace); cancels any other run. */
export function loadTrace(config: Config): Promise<Trace> {
  const key = configKey(config);
  const hit = peekTrace(config);
  if (hit) return Promise.resolve(hit);
  if (inFlight?.key === key) return inFlight.promise;
  cancelLoad();
  const worker = spawnSimWorker();
  const startedAt = performance.now();
  let settle: { resolve: (t: Trace) => void; reject: (e: Error) => void };
  const promise = new Promise<Trace>((resolve, reject) => (settle = { resolve, reject }));
  const end = (): void => {
    worker.terminate();
    if (inFlight?.key === key) inFlight = null;
    if (progress?.key === key) publish(null);
  };
  const assembler = new TraceAssembler();
  let lastPublish = 0;
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.type === 'progress') {
      publish({ key, phase: 'simulating', steps: m.steps, of: 0, startedAt });
    } else if (m.type === 'part') {
      assembler.add(m.part);
      const now = performance.now();
      // one re-render per frame at most while parts stream in
      if (now - lastPublish > 16) {
        lastPublish = now;
        const r = assembler.received;
        publish({ key, phase: 'receiving', steps: r.steps, of: r.of, startedAt });
      }
    } else if (m.type === 'done') {
      try {
        const trace = assembler.finish();
        remember(key, trace);
        end();
        settle.resolve(trace);
      } catch (err) {
        end();
        settle.reject(err instanceof Error ? err : new Error(String(err)));
      }
    } else {
      end();
      settle.reject(new Error(m.message));
    }
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    end();
    settle.reject(new Error(e.message || 'the simulation worker failed to start'));
  };
  inFlight = {
    key,
    promise,
    cancel: () => {
      end();
      settle.reject(new CancelledError());
    },
  };
  publish({ key, phase: 'simulating', steps: 0, of: 0, startedAt });
  worker.postMessage({ type: 'simulate', config });
  return promise;
}
