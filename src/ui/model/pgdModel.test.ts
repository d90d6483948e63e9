import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate } from '../../engine/simulate';
import { buildPgdModel, pgdModelAt } from './pgdModel';

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
