/*
 * The served builds and the dev server load the worker as a module file of the same origin
 * (CSP worker-src 'self'). The offline single file swaps this module for spawnWorker.inline.ts
 * (vite.single.config.ts), whose worker is embedded in the page and started from a blob: URL.
 */
export function spawnSimWorker(): Worker {
  return new Worker(new URL('./simWorker.ts', import.meta.url), {
    type: 'module',
    name: 'hypstep-simulation',
  });
}
