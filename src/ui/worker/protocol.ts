import type { Config } from '../../engine/scenario/config';
import type { TracePart } from './traceTransfer';

/** Page to worker: simulate this config (one run per worker; the page terminates it to cancel). */
export interface SimulateRequest {
  readonly type: 'simulate';
  readonly config: Config;
}

/** Worker to page, in this order: progress*, then part* and done, or error. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly steps: number }
  | { readonly type: 'part'; readonly part: TracePart }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };
