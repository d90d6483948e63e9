import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate } from '../../engine/simulate';
import { buildPgdModel, pgdModelAt, populatedEntry } from './pgdModel';
import { decodeDescriptor } from '../../engine/arch/lpae';
import { descriptor } from '../../engine/arch/types';

describe('remembered PGD models', () => {
  for (const name of ['dual-step', 'bounce-page', 'stale-tlb']) {
    test(`${name}: at every step, forward and back, the model equals one built afresh`, () => {
      const t = simulate(presetConfig(findPreset(name)!));
      const order = [...t.steps, ...[...t.steps].reverse()];
      for (const step of order) {
        const k = step.state.kernel;
        const httbr = step.state.cpus[step.cpu]!.httbr;
        for (const [side, pa] of [
          ['boot', k.bootPgd],
          ['runtime', k.hypPgd],
        ] as const)
          expect(pgdModelAt(t, step, side, pa, httbr), `${side} at step ${step.index}`).toEqual(
            buildPgdModel(t, step, side, pa, httbr),
          );
      }
    });
  }

  test('steps that change nothing the tree shows get the very same object', () => {
    const t = simulate(presetConfig(findPreset('dual-step')!));
    let shared = 0;
    for (let i = 1; i < t.steps.length; i++) {
      const [a, b] = [t.steps[i - 1]!, t.steps[i]!];
      const model = (s: typeof a) =>
        pgdModelAt(t, s, 'runtime', s.state.kernel.hypPgd, s.state.cpus[s.cpu]!.httbr);
      if (model(a) === model(b)) shared++;
    }
    expect(shared).toBeGreaterThan(t.steps.length / 2);
  });
});

describe('populatedEntry', () => {
  test('agrees with decodeDescriptor on every descriptor and level', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.constantFrom(1, 2, 3),
        (raw, level) => {
          const kind = decodeDescriptor(descriptor(raw), level as 1 | 2 | 3).kind;
          const populated = kind === 'table' || kind === 'block' || kind === 'page';
          return populatedEntry(Number(raw & 0xffffffffn), level as 1 | 2 | 3) === populated;
        },
      ),
      { numRuns: 2000 },
    );
    // the four low-bit patterns at level 3 and at level 2, spelled out
    expect([0, 1, 2, 3].map((b) => populatedEntry(b, 3))).toEqual([false, false, false, true]);
    expect([0, 1, 2, 3].map((b) => populatedEntry(b, 2))).toEqual([false, true, false, true]);
  });
});
