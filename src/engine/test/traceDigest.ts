import { plainStep } from '../trace/stepLog';
import type { Trace } from '../trace/types';

/*
 * Short digests of what a trace shows (its steps as plain objects, in their own key order,
 * and the world every step reads), so a test can pin a trace against one recorded earlier
 * without keeping the trace itself. Not for security: a changed step is caught with
 * certainty ~1 - 2^-32 per block.
 */

/** JSON that keeps what JSON drops or refuses: bigints, typed arrays, undefined values. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `0x${v.toString(16)}n`;
    if (ArrayBuffer.isView(v)) return Array.from(v as Uint32Array);
    if (v === undefined) return '(undefined)';
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (Object.is(v, -0)) return '-0';
    return v;
  });
}

/** FNV-1a, 32 bits, over UTF-16 units, as 8 hex digits. */
export function fnv32(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Steps per digest: at least 8, at most 32 digests a trace (the plain-vs-packed test says which field). */
export function stepsPerDigest(steps: number): number {
  return Math.max(8, Math.ceil(steps / 32));
}

export interface TraceDigest {
  readonly steps: number;
  /** One digest per stepsPerDigest(steps) steps, space-separated. */
  readonly blocks: string;
  /** initial state, outcome, moments, and the owners/refcounts/memory steps read, sampled. */
  readonly world: string;
}

export function traceDigest(t: Trace): TraceDigest {
  const per = stepsPerDigest(t.steps.length);
  const blocks: string[] = [];
  for (let i = 0; i < t.steps.length; i += per)
    blocks.push(
      fnv32(
        t.steps
          .slice(i, i + per)
          .map((s) => canonicalJson(plainStep(s)))
          .join('\n'),
      ),
    );
  const w = t.world;
  const parts: string[] = [canonicalJson([t.initial, t.outcome, t.moments])];
  const versions = new Set([0, t.steps.length]);
  for (let v = 0; v < t.steps.length; v += per) versions.add(v);
  for (const v of versions) {
    const at: unknown[] = [v];
    for (const k of w.owners.keys()) at.push(k, w.owners.get(k, v));
    for (const k of w.pageCount.keys()) at.push(k, w.pageCount.get(k, v));
    parts.push(canonicalJson(at));
  }
  const last = t.steps.length;
  for (const map of [w.memory.poc, w.memory.dirty]) {
    const at: unknown[] = [map.size];
    for (const k of map.keys()) at.push(k, map.get(k, last), map.changedAt(k, last));
    parts.push(canonicalJson(at));
  }
  return { steps: t.steps.length, blocks: blocks.join(' '), world: fnv32(parts.join('\n')) };
}
