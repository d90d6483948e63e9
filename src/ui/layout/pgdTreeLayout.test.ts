import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate } from '../../engine/simulate';
import type { Trace } from '../../engine/trace/types';
import { buildPgdModel } from '../model/pgdModel';
import { layoutPgdPair, MAX_WIDTH, NATURAL_WIDTH } from './pgdTreeLayout';

function pairAt(trace: Trace, index: number) {
  const step = trace.steps[index - 1]!;
  const k = step.state.kernel;
  const httbr = step.state.cpus[step.cpu]!.httbr;
  return [
    buildPgdModel(trace, step, 'boot', k.bootPgd, httbr),
    buildPgdModel(trace, step, 'runtime', k.hypPgd, httbr),
  ] as const;
}

describe('layoutPgdPair', () => {
  const dual = simulate(presetConfig(findPreset('dual-step')!));

  test('the init code fits one page: idmap and both trampolines reach one shared page', () => {
    const [boot, runtime] = pairAt(dual, 200);
    const l = layoutPgdPair(boot, runtime);
    expect(l.shared).toMatchObject({ pa: 0x80320000, ways: 3, idmap: true });
    expect(l.links.filter((x) => x.id.endsWith('->shared'))).toHaveLength(3);
    // that page is not drawn a second time as a PA node of its own
    expect(
      l.nodes.filter((n) => n.node.kind === 'pgd-page' && n.node.pa === 0x80320000),
    ).toHaveLength(0);
  });

  test.each([NATURAL_WIDTH, 900, MAX_WIDTH])(
    'at width %i every node lies inside the drawing and clear of the shared page',
    (width) => {
      const [boot, runtime] = pairAt(dual, 200);
      const l = layoutPgdPair(boot, runtime, width);
      expect(l.width).toBe(width);
      const s = l.shared!;
      for (const n of l.nodes) {
        expect(n.x).toBeGreaterThanOrEqual(0);
        expect(n.x + n.width).toBeLessThanOrEqual(l.width);
        expect(n.y).toBeLessThanOrEqual(l.height);
        const clear = n.x + n.width <= s.x || n.x >= s.x + s.width;
        expect(clear, `${n.id} under the shared page`).toBe(true);
      }
    },
  );
});
