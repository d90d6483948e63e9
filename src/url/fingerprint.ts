import type { Trace } from '../engine/trace/types';

/**
 * A short fingerprint of what a trace shows (FNV-1a over every step's phase, CPU and title):
 * a link made by a version of hypstep whose engine produces another trace for the same
 * config gets a different fingerprint, so the app can say so instead of silently showing
 * another step.
 */
export function traceFingerprint(trace: Trace): string {
  // a trace never changes, and hashing 390k step titles costs a third of a second: once each
  const known = fingerprints.get(trace);
  if (known !== undefined) return known;
  const fp = computeFingerprint(trace);
  fingerprints.set(trace, fp);
  return fp;
}

const fingerprints = new WeakMap<Trace, string>();

/** Records a fingerprint computed elsewhere (the simulation worker) for the same trace. */
export function rememberFingerprint(trace: Trace, fp: string): void {
  fingerprints.set(trace, fp);
}

function computeFingerprint(trace: Trace): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  mix(String(trace.steps.length));
  for (const s of trace.steps) mix(`${s.index}|${s.phase}|${s.cpu}|${s.title}\n`);
  mix(trace.outcome.kind);
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, 6);
}
