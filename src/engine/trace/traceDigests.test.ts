import { describe, expect, it } from 'vitest';
import { PRESETS } from '../scenario/presets';
import { simulate } from '../simulate';
import digests from '../test/fixtures/traceDigests.json';
import { digestConfig } from '../test/fixtures/makeTraceDigests';
import { stepsPerDigest, traceDigest, type TraceDigest } from '../test/traceDigest';

/*
 * Every preset's trace shows exactly what it showed before the trace was compacted: the
 * fixture holds digests made by the code before (steps in their own key order, the world they
 * read). A change that means to alter what a step shows regenerates the fixture on purpose.
 */
const recorded = digests as Record<string, TraceDigest>;

describe('traces show what the fixture recorded', () => {
  for (const p of PRESETS)
    it(
      p.name,
      () => {
        const want = recorded[p.name];
        expect(want, `no digest for ${p.name}: regenerate the fixture`).toBeDefined();
        const got = traceDigest(simulate(digestConfig(p.name)));
        expect(got.steps).toBe(want!.steps);
        const per = stepsPerDigest(got.steps);
        const g = got.blocks.split(' ');
        const w = want!.blocks.split(' ');
        const first = g.findIndex((d, i) => d !== w[i]);
        expect(first < 0 ? 'all' : `steps ${first * per + 1}-${(first + 1) * per}`).toBe('all');
        expect(got.world).toBe(want!.world);
      },
      60_000,
    );
});
