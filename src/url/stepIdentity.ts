import type { Trace } from '../engine/trace/types';

/*
 * TEMPORARY stand-in for the engine's src/engine/trace/stepIdentity.ts (branch `engine`):
 * replaced by a re-export when that branch is merged. Same contract: a step's key names the
 * event (CPU, source line, occurrence), not its number.
 */
const keysOf = new WeakMap<Trace, string[]>();

function keys(trace: Trace): string[] {
  let out = keysOf.get(trace);
  if (out) return out;
  const seen = new Map<string, number>();
  out = trace.steps.map((s) => {
    const id = `c${s.cpu}.${s.source.listing}.${s.source.line}`;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return `${id}.${n}`;
  });
  keysOf.set(trace, out);
  return out;
}

export function stepKey(trace: Trace, index: number): string {
  return keys(trace)[index - 1] ?? '';
}

export function findStepByKey(trace: Trace, key: string): number | null {
  const i = keys(trace).indexOf(key);
  return i < 0 ? null : i + 1;
}
