import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from './scenario/config';
import { simulate } from './simulate';
import { insnStep } from './test/traceQueries';

/*
 * How many HYP TLB entries the phase-2 TLBIALLH drops in the default layout (facts §4.4-§4.5):
 * between turning the MMU on and the flush, HYP fetches from exactly two pages through the
 * boot PGD: the init page at its identity VA (0x8032_0f00-0x8032_0fe4 lies in one page) and
 * the same page at TRAMPOLINE_VA. The init code makes no data access. So: two entries.
 */

describe('TLBIALLH in phase 2 (default preset)', () => {
  test('drops exactly the idmap page and the trampoline page on each CPU, filled under the boot PGD', () => {
    const t = simulate(DEFAULT_CONFIG);
    const boot = t.steps.at(-1)!.state.kernel.bootPgd;
    for (const cpu of [0, 1]) {
      const s = insnStep(t, cpu, /TLBIALLH/);
      expect(s.title).toMatch(/TLBIALLH: 2 HYP TLB entries invalidated/);
      const inv = s.changes.find((c) => c.kind === 'tlb-invalidate');
      if (inv?.kind !== 'tlb-invalidate') throw new Error('no tlb-invalidate change');
      expect(inv.cpu).toBe(cpu);
      expect(inv.dropped.map((e) => e.vaPage).sort((a, b) => a - b)).toEqual([
        0x8032_0000, 0xffff_0000,
      ]);
      expect(inv.dropped.every((e) => e.paPage === 0x8032_0000 && e.httbr === boot)).toBe(true);
      expect(s.state.cpus[cpu]!.tlb.entries.every((e) => e === null)).toBe(true);
    }
  });
});
