import type { Trace } from './types';

/*
 * Memory's epochs: epoch[v] counts the versions up to v at which any memory line was written
 * (in the caches or at the PoC). Versions are written in order, so two versions with the same
 * epoch see the very same memory: a view derived from memory alone (the PGD trees) can be
 * reused across every step that wrote nothing, which is most of them.
 */

const epochsOf = new WeakMap<Trace, Uint32Array>();

function count(trace: Trace): Uint32Array {
  const n = trace.steps.length;
  const written = new Uint8Array(n + 1);
  for (const map of [trace.world.memory.poc, trace.world.memory.dirty])
    for (const [, e] of map.timelineEntries()) {
      if ('versions' in e) for (const v of e.versions) written[v] = 1;
      else written[e.v] = 1;
    }
  const epochs = new Uint32Array(n + 1);
  let e = 0;
  for (let v = 0; v <= n; v++) epochs[v] = e += written[v]!;
  return epochs;
}

/** Every version's epoch (index = version, 0 to the step count). Counted once per trace. */
export function memoryEpochs(trace: Trace): Uint32Array {
  let epochs = epochsOf.get(trace);
  if (!epochs) epochsOf.set(trace, (epochs = count(trace)));
  return epochs;
}

/** The epoch of `version`: equal epochs, equal memory. */
export function memoryEpoch(trace: Trace, version: number): number {
  const epochs = memoryEpochs(trace);
  return epochs[Math.min(Math.max(0, version), epochs.length - 1)]!;
}

/** Takes epochs counted by memoryEpochs for the same trace elsewhere (the simulation worker). */
export function adoptMemoryEpochs(trace: Trace, epochs: Uint32Array): void {
  if (epochs.length !== trace.steps.length + 1)
    throw new RangeError(`${epochs.length} epochs for ${trace.steps.length} steps`);
  epochsOf.set(trace, epochs);
}
