import type { Config } from '../../engine/scenario/config';
import { simulate } from '../../engine/simulate';
import type { Trace } from '../../engine/trace/types';

/*
 * The trace is derived from the config, never stored: one simulate() per config. A few recent
 * traces are kept so that Back after a scenario change does not simulate again.
 */
const KEEP = 3;
const cache = new Map<string, Trace>();

export function configKey(config: Config): string {
  return JSON.stringify(config);
}

export function getTrace(config: Config): Trace {
  const key = configKey(config);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const trace = simulate(config);
  cache.set(key, trace);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return trace;
}
