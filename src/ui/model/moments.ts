import type { KeyMoment, Trace } from '../../engine/trace/types';

/*
 * Moving between the engine's key moments (trace.moments, in step order). The engine is the one
 * source of moments; these helpers only find the neighbours of a cursor.
 */

/** The first moment after the cursor, or null when there is none. */
export function nextMoment(trace: Trace, cursor: number): KeyMoment | null {
  return trace.moments.find((m) => m.step > cursor) ?? null;
}

/** The last moment before the cursor, or null when there is none. */
export function previousMoment(trace: Trace, cursor: number): KeyMoment | null {
  let found: KeyMoment | null = null;
  for (const m of trace.moments) {
    if (m.step >= cursor) break;
    found = m;
  }
  return found;
}

/** The moments at exactly this step (two CPUs' moments never share a step, but be safe). */
export function momentsAt(trace: Trace, step: number): readonly KeyMoment[] {
  return trace.moments.filter((m) => m.step === step);
}
