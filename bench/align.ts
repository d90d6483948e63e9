import { alignTraces } from '../src/engine/compare/align';
import { divergences } from '../src/engine/compare/diff';
import { findPreset, presetConfig } from '../src/engine/scenario/presets';
import { simulate } from '../src/engine/simulate';
import type { Config } from '../src/engine/scenario/config';
import type { Trace } from '../src/engine/trace/types';

/* Trace alignment (issue 12): align + differences, timed apart from simulating. */

const cfg = (name: string, o: Partial<Config> = {}): Config => ({
  ...presetConfig(findPreset(name)!),
  ...o,
});

function timePair(label: string, a: Trace, b: Trace, runs: number): void {
  const t: number[] = [];
  const d: number[] = [];
  const cpu: number[] = [];
  let summary = '';
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < runs; i++) {
    gc?.(); // two stress traces fill the heap: time the alignment, not a collection
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const al = alignTraces(a, b);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    const divergent = divergences(a, b, al.pairs).length;
    d.push(performance.now() - t1);
    t.push(t1 - t0);
    summary = `${al.matched} matched, ${al.onlyLeft} only-left, ${al.onlyRight} only-right, ${divergent} divergent`;
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log(
    `align ${label}: ${med(t).toFixed(1)} ms (CPU ${med(cpu).toFixed(1)} ms) + differences ${med(d).toFixed(1)} ms (median of ${runs}); ${summary}`,
  );
}

export function benchAlign(): void {
  const dual = simulate(cfg('dual-step'));
  timePair('dual-step vs dual-step', dual, simulate(cfg('dual-step')), 20);
  timePair('single-step vs dual-step', simulate(cfg('single-step')), dual, 20);
  timePair('dual-step vs bounce-page', dual, simulate(cfg('bounce-page')), 20);
  const stress = simulate(cfg('stress'));
  timePair(
    'stress vs stress,skipTlbi=true',
    stress,
    simulate(cfg('stress', { skipTlbi: true })),
    1,
  );
  timePair('stress vs stress,cpus=4', stress, simulate(cfg('stress', { cpus: 4 })), 1);
}

export function main(): number {
  benchAlign();
  return 0;
}
