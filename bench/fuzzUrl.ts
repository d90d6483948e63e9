import fc from 'fast-check';
import { naturalIdmapLength } from '../src/engine/cpu/program/programs';
import { findPreset } from '../src/engine/scenario/presets';
import { validateConfig } from '../src/engine/scenario/validate';
import { decodeUrlState } from '../src/url/codec';
import { anyLinkArb } from '../src/url/urlArbitraries';

/* npm run fuzz: feeds the URL decoder random, mutated and oversized links; fails on any throw or invalid state. */
export function main(args: string[]): number {
  const runs = Number(args[0] ?? 100_000);
  const seed = Number(args[1] ?? 20261125);
  let threw = 0;
  let invalid = 0;
  let withMessages = 0;
  const t0 = performance.now();
  for (const link of fc.sample(anyLinkArb, { numRuns: runs, seed })) {
    try {
      const r = decodeUrlState(link);
      if (r.messages.length) withMessages++;
      const ok =
        findPreset(r.state.preset) &&
        validateConfig(r.state.config, naturalIdmapLength(r.state.config.design)).length === 0 &&
        (r.state.step === null || r.state.step >= 1);
      if (!ok) {
        invalid++;
        console.error(`invalid state from ${JSON.stringify(link).slice(0, 200)}`);
      }
    } catch (e) {
      threw++;
      console.error(`threw on ${JSON.stringify(link).slice(0, 200)}: ${String(e)}`);
    }
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `${runs} links decoded in ${s} s (seed ${seed}): ${threw} threw, ${invalid} invalid states, ${withMessages} answered with messages`,
  );
  return threw || invalid ? 1 : 0;
}
