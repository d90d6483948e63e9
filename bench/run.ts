import { benchAlign } from './align';
import { benchCli } from './cli';
import { findPreset, presetConfig } from '../src/engine/scenario/presets';
import { simulate } from '../src/engine/simulate';
import type { Trace } from '../src/engine/trace/types';

/* Engine benchmarks: simulate times and what a trace keeps in memory. Numbers, never assertions. */

const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus ArrayBuffer backing stores: a packed trace keeps most of its data in the latter. */
function heap(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function timeIt(name: string, runs: number): { median: number; p95: number; trace: Trace } {
  const times: number[] = [];
  let trace!: Trace;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    trace = simulate(presetConfig(findPreset(name)!));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
    trace,
  };
}

function describeTrace(t: Trace): string {
  const lines = t.world.memory.poc.size + t.world.memory.dirty.size; // line versions
  const descriptorWrites = t.steps.reduce(
    (n, s) => n + s.changes.filter((c) => c.kind === 'descriptor').length,
    0,
  );
  return `${t.steps.length} steps, ${descriptorWrites} descriptor writes, ${lines} stored line versions (${((lines * 64) / 1024 / 1024).toFixed(1)} MiB of line data)`;
}

export function main(args: readonly string[] = []): number {
  if (!gc) console.log('(run with node --expose-gc for memory figures)');
  console.log('hypstep engine benchmark');
  const d = timeIt('dual-step', 30);
  console.log(
    `simulate dual-step:  median ${d.median.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms over 30 runs; ${describeTrace(d.trace)}`,
  );

  // a step costs memory in proportion to what it changed. One trace alone is lost in the
  // heap's noise (tens of KiB either way): the mean of traces kept at once is stable.
  const KEPT = 20;
  const b0 = heap();
  const dual = Array.from({ length: KEPT }, () => simulate(presetConfig(findPreset('dual-step')!)));
  const b1 = heap();
  const perTrace = (b1 - b0) / KEPT;
  if (gc)
    console.log(
      `memory kept by the dual-step trace: ${(perTrace / 1024).toFixed(0)} KiB = ${(perTrace / dual[0]!.steps.length).toFixed(0)} bytes per step (mean of ${KEPT} traces kept at once)`,
    );
  dual.length = 0;

  const before = heap();
  const s = timeIt('stress', 1);
  const after = heap();
  const kept = after - before;
  console.log(`simulate stress:     ${(s.median / 1000).toFixed(2)} s; ${describeTrace(s.trace)}`);
  const pages = s.trace.steps.filter((x) =>
    x.changes.some((c) => c.kind === 'descriptor' && c.level === 3),
  ).length;
  console.log(`stress page descriptors written: ${pages}`);
  if (gc)
    console.log(
      `memory kept by the stress trace: ${(kept / 1024 / 1024).toFixed(1)} MiB = ${(kept / s.trace.steps.length).toFixed(0)} bytes per step`,
    );
  void s;
  // --engine: the simulate and memory figures only (the align and CLI parts take longer)
  if (args.includes('--engine')) return 0;
  benchAlign();
  benchCli();
  return 0;
}
