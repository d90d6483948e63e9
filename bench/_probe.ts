import { findPreset, presetConfig } from '../src/engine/scenario/presets';
import { simulate } from '../src/engine/simulate';
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers; };
export function main() {
  const h0 = heap();
  const t0 = performance.now();
  const t = simulate(presetConfig(findPreset('stress')!)) as any;
  const dt = performance.now() - t0;
  const h1 = heap();
  const mb = (x: number) => (x / 1048576).toFixed(1) + ' MiB';
  console.log('total', mb(h1 - h0), t.steps.length, dt.toFixed(0), 'ms');
  let hPrev = h1;
  const drop = (name: string, f: () => void) => { f(); const h = heap(); console.log(name, mb(hPrev - h)); hPrev = h; };
  drop('states', () => { for (const s of t.steps) s.state = null; });
  drop('steps', () => { t.steps.length = 0; });
  drop('dirty', () => { t.world.memory.dirty = null; });
  drop('poc', () => { t.world.memory.poc = null; });
  drop('pageCount', () => { t.world.pageCount = null; });
  drop('owners', () => { t.world.owners = null; });
  return 0;
}
