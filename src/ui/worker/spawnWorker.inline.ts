import SimWorker from './simWorker.ts?worker&inline';

/* The single file's worker: its code is inlined in the page and started from a blob: URL. */
export function spawnSimWorker(): Worker {
  return new SimWorker({ name: 'hypstep-simulation' });
}
