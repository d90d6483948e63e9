import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { HypVa } from './arch/types';
import { freeSet } from './kernel/allocator';
import { isStale } from './cpu/tlb';
import { walk } from './cpu/walk';
import { DEFAULT_CONFIG, type Config } from './scenario/config';
import { simulate } from './simulate';

/* Invariants over random valid layouts (STYLE.md practice 12), with a fixed seed so every run
   (and every mutant Stryker tries) sees the same layouts. Under mutation testing
   (vitest.mutation.config.ts) fewer layouts run, to keep `npm run mutate` in its time. */
const RUNS = import.meta.env.HYPSTEP_MUTATION ? 4 : 25;

const layoutArb = fc.record({
  // 32-byte aligned, inside the kernel text after the HYP code, across many page offsets
  idmapStart: fc.integer({ min: 0x802da000 / 32, max: 0x8040f000 / 32 }).map((n) => n * 32),
  cpus: fc.integer({ min: 1, max: 3 }),
  tlbEntries: fc.integer({ min: 4, max: 40 }),
  skipTlbi: fc.boolean(),
  hotplug: fc.boolean(),
});

function configOf(
  l: { idmapStart: number; cpus: number; tlbEntries: number; skipTlbi: boolean; hotplug: boolean },
  extra: Partial<Config> = {},
): Config {
  return {
    ...DEFAULT_CONFIG,
    idmapStart: l.idmapStart,
    cpus: l.cpus,
    tlbEntries: l.tlbEntries,
    skipTlbi: l.skipTlbi,
    hotplugCpu: l.hotplug && l.cpus > 1 ? 1 : -1,
    ...extra,
  };
}

describe('properties over random layouts', () => {
  test('every TLB hit agrees with a walk of the table its entry was filled from', () => {
    fc.assert(
      fc.property(layoutArb, (l) => {
        const t = simulate(configOf(l));
        for (const s of t.steps) {
          for (const a of s.accesses) {
            if (a.tlb !== 'hit' || a.tlbIndex === null) continue;
            const e = a.tlbEntry!;
            const w = walk(t.world, s.state.version, e.httbr, a.va as HypVa, 'coherent', null);
            expect(w.pa).toBe(a.pa);
          }
        }
      }),
      { numRuns: RUNS, seed: 0x5eed },
    );
  });

  test('after a successful init every TLB entry that is not stale agrees with the runtime PGD', () => {
    fc.assert(
      fc.property(layoutArb, (l) => {
        const t = simulate(configOf(l));
        if (t.outcome.kind !== 'success') return;
        const last = t.steps[t.steps.length - 1]!.state;
        for (const c of last.cpus) {
          for (const e of c.tlb.entries) {
            if (!e || isStale(t.world, last.version, c.httbr, e)) continue;
            const w = walk(
              t.world,
              last.version,
              last.kernel.hypPgd!,
              e.vaPage as HypVa,
              'coherent',
              null,
            );
            expect(w.pa).toBe(e.paPage);
          }
          expect(c.httbr).toBe(last.kernel.hypPgd);
        }
      }),
      { numRuns: RUNS, seed: 0x5eed },
    );
  });

  test('with TLBIALLH, no boot-PGD entry survives init; the boot PGD idmaps the init page', () => {
    fc.assert(
      fc.property(layoutArb, (l) => {
        const t = simulate(configOf({ ...l, skipTlbi: false }));
        expect(t.outcome.kind).toBe('success');
        const last = t.steps[t.steps.length - 1]!.state;
        for (const c of last.cpus)
          expect(c.tlb.entries.every((e) => e === null || e.httbr !== last.kernel.bootPgd)).toBe(
            true,
          );
        const start = last.kernel.idmapStart;
        expect(
          walk(t.world, last.version, last.kernel.bootPgd!, start as HypVa, 'coherent', null).pa,
        ).toBe(start);
      }),
      { numRuns: RUNS, seed: 0x5eed },
    );
  });

  test('a failure at every possible allocation of kvm_mmu_init: everything is freed but empty L2 tables (v3.10 unmap_range)', () => {
    fc.assert(
      fc.property(layoutArb, (l) => {
        const ok = simulate(configOf(l));
        // how many allocations kvm_mmu_init makes in this layout: count them in the successful run
        const mmuInitEnd = ok.steps.findIndex(
          (s) => s.source.listing === 'kvm_mmu_init' && s.source.text.startsWith('return 0'),
        );
        const allocs = ok.steps
          .slice(0, mmuInitEnd)
          .flatMap((s) => s.changes.filter((c) => c.kind === 'alloc')).length;
        expect(allocs).toBeGreaterThanOrEqual(2 + 3); // two PGDs, plus at least L2+L3 for the idmap and a table for the trampolines
        for (let n = 1; n <= allocs; n++) {
          const t = simulate(configOf(l, { failAlloc: n }));
          expect(t.outcome.kind).toBe('init-error');
          const end = t.steps[t.steps.length - 1]!.state;
          const a = freeSet(end.alloc);
          const b = freeSet(t.initial.alloc);
          // slab objects (PGDs) and the bounce page always come back
          expect(a.slabFree).toEqual(b.slabFree);
          expect(a.slab4kFree).toEqual(b.slab4kFree);
          // every page still out is a level-2 table without a single valid entry: unmap_range
          // only frees a level-2 table when it empties a level-3 table below it (facts §2.4)
          const out: number[] = [];
          for (let p = b.nextFresh; p < a.nextFresh; p++) if (!a.freed.includes(p)) out.push(p);
          for (const p of out) {
            expect(t.world.owners.get(p, end.version)?.kind).toBe('l2-table');
            for (let i = 0; i < 512; i++)
              expect(t.world.memory.read64(p * 4096 + i * 8, end.version, 'coherent')).toBe(0n);
          }
          // the leak happens exactly when the failed allocation is a level-3 table under a fresh level-2 table
          const failedL3 = t.steps.some((s) =>
            s.changes.some((c) => c.kind === 'alloc-failed' && c.what.startsWith('L3')),
          );
          if (!failedL3) expect(a).toEqual(b);
          expect(end.kernel.bootPgd).toBeNull();
          expect(end.kernel.hypPgd).toBeNull();
          expect(end.kernel.bounce).toBeNull();
        }
      }),
      { numRuns: Math.min(RUNS, 15), seed: 0x5eed },
    );
  });
});
