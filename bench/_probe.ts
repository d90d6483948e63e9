import { findPreset, presetConfig } from '../src/engine/scenario/presets';
import { simulate } from '../src/engine/simulate';
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers; };
export function main() {
  const h0 = heap();
  const t = simulate(presetConfig(findPreset('stress')!)) as any;
  const h1 = heap();
  const mb = (x: number) => (x / 1048576).toFixed(1) + ' MiB';
  console.log('total', mb(h1 - h0), t.steps.length);
  const titles = new Set(t.steps.map((s: any) => s.title)).size, whys = new Set(t.steps.map((s: any) => s.why)).size;
  console.log('distinct titles', titles, 'whys', whys);
  let hPrev = h1;
  const drop = (name: string, f: () => void) => { f(); const h = heap(); console.log(name, mb(hPrev - h)); hPrev = h; };
  drop('changes', () => { for (const s of t.steps) s.changes = null; });
  drop('titles/why', () => { for (const s of t.steps) { s.title = null; s.why = null; } });
  drop('states', () => { for (const s of t.steps) s.state = null; });
  drop('accesses/instr/source', () => { for (const s of t.steps) { s.accesses = null; s.instruction = null; s.source = null; } });
  drop('steps', () => { t.steps.length = 0; });
  drop('dirty', () => { t.world.memory.dirty = null; });
  drop('poc', () => { t.world.memory.poc = null; });
  drop('pageCount', () => { t.world.pageCount = null; });
  drop('owners', () => { t.world.owners = null; });
  return 0;
}
