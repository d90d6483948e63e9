import { findPreset, presetConfig } from '../src/engine/scenario/presets';
import { simulate } from '../src/engine/simulate';
export function main(argv: string[]): number {
  const t = simulate(presetConfig(findPreset(argv[0]!)!));
  for (const s of t.steps) console.log(s.index, s.cpu, s.actor, s.source.listing, s.source.line, '|', s.source.func, '|', s.source.text.slice(0,50), '|', s.title.slice(0,60));
  console.log(JSON.stringify(t.moments));
  return 0;
}
