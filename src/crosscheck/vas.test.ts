import { describe, expect, test } from 'vitest';
import type { HypVa } from '../engine/arch/types';
import { walk } from '../engine/cpu/walk';
import { mappedPages, mappedRanges } from '../engine/inspect/ptdump';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import { exportConfig, type Exported } from './export';
import { SAMPLE_ABOVE, selectVas, type VaProbe } from './vas';

let cached: Exported | undefined;
const dual = () => (cached ??= exportConfig({ ...DEFAULT_CONFIG }));
const has = (vas: readonly VaProbe[], pgd: string, page: number) =>
  vas.some((v) => v.pgd === pgd && v.va >>> 12 === page >>> 12);

describe('VA selection (issue 13 item 2)', () => {
  test('every mapped page of each PGD, and one page either side of each range', () => {
    const ex = dual();
    const vas = selectVas(ex);
    for (const [name, pgd] of [
      ['boot', ex.bootPgd],
      ['runtime', ex.runtimePgd],
    ] as const) {
      const pages = mappedPages(ex.trace.world, ex.state.version, pgd);
      expect(pages.length).toBeGreaterThan(0);
      for (const p of pages) expect(has(vas, name, p.va)).toBe(true);
      for (const r of mappedRanges(pages)) {
        expect(has(vas, name, r.vaStart - 4096)).toBe(true);
        if (r.vaEnd < 2 ** 32) expect(has(vas, name, r.vaEnd)).toBe(true);
      }
    }
  });

  test('the idmap and trampoline pages are on both lists', () => {
    const vas = selectVas(dual());
    for (const pgd of ['boot', 'runtime']) {
      expect(has(vas, pgd, 0x80320f00)).toBe(true);
      expect(has(vas, pgd, 0xffff0000)).toBe(true);
    }
  });

  test('each PGD gets VAs that fault at level 1, 2 and 3 (translation faults 0x05, 0x06, 0x07)', () => {
    const ex = dual();
    const vas = selectVas(ex);
    for (const [name, pgd] of [
      ['boot', ex.bootPgd],
      ['runtime', ex.runtimePgd],
    ] as const) {
      const fscs = new Set(
        vas
          .filter((v) => v.pgd === name)
          .map(
            (v) =>
              walk(ex.trace.world, ex.state.version, pgd, v.va as HypVa, 'coherent', 'read').fault
                ?.fsc,
          ),
      );
      expect([...fscs].filter((f) => f !== undefined).sort()).toEqual([5, 6, 7]);
    }
  });

  test("no VA falls in L1 slot 1, the harness's own GiB", () => {
    for (const v of selectVas(dual())) expect(Math.floor(v.va / 2 ** 30)).not.toBe(1);
  });

  test('seeded: the same list every time, another seed gives other random VAs', () => {
    const a = selectVas(dual());
    expect(selectVas(dual())).toEqual(a);
    expect(selectVas(dual(), 99)).not.toEqual(a);
  });

  test('above the threshold a PGD is sampled: first and last page of each range plus seeded random ones', () => {
    const ex = dual();
    const pages = mappedPages(ex.trace.world, ex.state.version, ex.runtimePgd);
    expect(SAMPLE_ABOVE).toBeGreaterThan(1000); // a few thousand, as issue 13 asks
    const vas = selectVas(ex, 13, { above: 4, size: 3 }).filter(
      (v) => v.pgd === 'runtime' && v.why.includes('page of a range'),
    );
    const ranges = mappedRanges(pages);
    expect(pages.length).toBeGreaterThan(4);
    for (const r of ranges) {
      expect(has(vas, 'runtime', r.vaStart)).toBe(true);
      expect(has(vas, 'runtime', r.vaEnd - 4096)).toBe(true);
    }
    const sampled = selectVas(ex, 13, { above: 4, size: 3 }).filter(
      (v) => v.why === 'sampled mapped page',
    );
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThanOrEqual(6); // 3 per PGD, duplicates dropped
  });
});
