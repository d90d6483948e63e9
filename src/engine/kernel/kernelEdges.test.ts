import { describe, expect, test } from 'vitest';
import { PAGE_HYP } from '../arch/pageProt';
import type { Config } from '../scenario/config';
import { createHypMappings, unmapRange } from './hypMappings';
import type { KernelContext } from './kernelContext';
import {
  freeBootHypPgd,
  freeHypPgds,
  hypIdmapSetupV39,
  kvmMmuInit,
  PGD_BYTES,
  type IdmapSection,
} from './kvmMmuInit';
import { freshKernel } from './testHarness';

/*
 * Corners of the kernel model the first round of mutation testing found unpinned (issue 13):
 * the exact wording around the facts the steps state, the kernel log levels, which PGD a
 * descriptor change belongs to, and boundaries (a 4096-byte section, a section ending on 2 MiB).
 */

const LISTING = { id: 't', file: 't', func: 't', lines: [{ tag: 'x', text: 'x' }] };
const ONE_PAGE: IdmapSection = { start: 0x8032_0f00, end: 0x8032_0fe4, vector: 0x8032_0f00 };
const CROSSING: IdmapSection = { start: 0x8032_0fa0, end: 0x8032_1084, vector: 0x8032_0fa0 };
const kernel = (o: Partial<Config> = {}) => freshKernel(o);
const stepTitled = (k: KernelContext, title: string | RegExp) =>
  k.rec.steps.find((s) => (typeof title === 'string' ? s.title === title : title.test(s.title)))!;
const logs = (k: KernelContext) =>
  k.rec.steps.flatMap((s) => s.changes.flatMap((c) => (c.kind === 'message' ? [c.text] : [])));
const descPgds = (k: KernelContext, from = 0) =>
  new Set(
    k.rec.steps
      .slice(from)
      .flatMap((s) => s.changes.flatMap((c) => (c.kind === 'descriptor' ? [c.pgd] : []))),
  );

describe('create/unmap corners', () => {
  function withPgd() {
    const k = kernel();
    let pgd = 0;
    k.step(LISTING, 'x', 'pgd', 't', () => (pgd = k.allocObject('pgd', PGD_BYTES)!));
    return { k, pgd };
  }
  const map = (pgd: number, start: number) => ({
    pgd,
    pgdName: 'runtime' as const,
    start,
    end: start + 0x1000,
    pfn: 0x80000,
    prot: PAGE_HYP,
    label: 'x',
  });
  test('a fresh level-2 table: allocated without clearing the empty entry first, explained without a bad value', () => {
    const { k, pgd } = withPgd();
    createHypMappings(k, map(pgd, 0xc020_0000));
    const alloc = stepTitled(k, 'Allocate a level-2 table for runtime PGD L1[3]');
    expect(alloc.changes[0]!.kind).toBe('alloc');
    expect(alloc.why).toMatch(/ yet\. pmd_alloc_one/);
    const l3 = stepTitled(k, 'Allocate a level-3 table for runtime PGD L2[1]');
    expect(l3.why).toMatch(/The 2 MiB block at 0xc0200000 /);
  });
  test('nothing below an empty level-1 entry is read: a table-like value at PA 0 stays', () => {
    const { k, pgd } = withPgd();
    k.world.memory.uncachedWrite32(0, 0x8010_0003, 0); // would be "L2[0] -> a table" if followed
    const n = k.rec.steps.length;
    unmapRange(k, pgd, 'runtime', 0x0, 0x4000_0000, 'x');
    expect(k.rec.steps.length).toBe(n);
    expect(k.world.memory.read32(0, k.v, 'coherent')).toBe(0x8010_0003);
  });
  test("the log: 'kvm [err]' for failed allocations, 'kvm [info]' for the bounce page", () => {
    const pmd = kernel({ failAlloc: 3 });
    kvmMmuInit(pmd, ONE_PAGE);
    expect(logs(pmd)).toContain('kvm [err]: Cannot allocate Hyp pmd');
    const pte = kernel({ failAlloc: 4 });
    kvmMmuInit(pte, ONE_PAGE);
    expect(logs(pte)).toContain('kvm [err]: Cannot allocate Hyp pte');
    const ok = kernel();
    kvmMmuInit(ok, CROSSING);
    expect(logs(ok).some((l) => /^kvm \[info\]: Using HYP init bounce page @/.test(l))).toBe(true);
    const bounce = kernel({ failAlloc: 1 });
    kvmMmuInit(bounce, CROSSING);
    expect(logs(bounce)).toContain("kvm [err]: Couldn't allocate HYP init bounce page");
    const pgdFail = kernel({ failAlloc: 1 });
    kvmMmuInit(pgdFail, ONE_PAGE);
    expect(logs(pgdFail)).toContain('kvm [err]: Hyp mode PGD not allocated');
    for (const [n, text] of [
      [3, /^kvm \[err\]: Failed to idmap /],
      [5, /^kvm \[err\]: Failed to map trampoline @ffff0000 into boot HYP pgd$/],
      [7, /^kvm \[err\]: Failed to map trampoline @ffff0000 into runtime HYP pgd$/],
    ] as const) {
      const k = kernel({ failAlloc: n });
      kvmMmuInit(k, ONE_PAGE);
      expect(
        logs(k).some((l) => text.test(l)),
        `allocation ${n}`,
      ).toBe(true);
    }
  });
  test('descriptor changes name their PGD: boot and runtime while building, each again while freeing', () => {
    const k = kernel();
    kvmMmuInit(k, ONE_PAGE);
    expect(descPgds(k)).toEqual(new Set(['boot', 'runtime']));
    const n = k.rec.steps.length;
    freeBootHypPgd(k, 'no-hotplug');
    expect(descPgds(k, n)).toEqual(new Set(['boot', 'runtime']));
    expect(stepTitled(k, 'Unmap the idmap: boot PGD VA 0x80320f00')).toBeDefined();
    expect(stepTitled(k, 'Unmap the trampoline: boot PGD VA 0xffff0000')).toBeDefined();
    expect(stepTitled(k, 'Unmap the trampoline: runtime PGD VA 0xffff0000')).toBeDefined();
    const m = k.rec.steps.length;
    freeHypPgds(k);
    expect([...descPgds(k, m)].every((p) => p === 'runtime')).toBe(true);
  });
  test('v3.9 writes its tables as the one (runtime) HYP PGD; a section ending on 2 MiB gets no extra block', () => {
    const s = { start: 0x803f_ff00, end: 0x8040_0000, vector: 0x803f_ff00 };
    const k = kernel({ design: 'single-step' });
    hypIdmapSetupV39(k, s);
    expect(descPgds(k)).toEqual(new Set(['runtime']));
    expect(k.rec.steps.filter((x) => /a 2 MiB identity block$/.test(x.title))).toHaveLength(1);
  });
});

describe('kvm_mmu_init wording and boundaries', () => {
  test('one page: the step names the page; the done step names the physical page mapped three times', () => {
    const k = kernel();
    kvmMmuInit(k, ONE_PAGE);
    expect(stepTitled(k, 'The init code fits in one page').why).toMatch(/in page 0x80320000\./);
    expect(k.rec.steps.at(-1)!.why).toMatch(/^Physical page 0x80320000 /);
  });
  test('crossing: the explanation runs on from "different pages." and the copy names its offset', () => {
    const k = kernel();
    kvmMmuInit(k, CROSSING);
    expect(stepTitled(k, 'The init code crosses a page boundary').why).toMatch(
      /are in different pages\. Only one page/,
    );
    const b = k.vars.bounce!;
    expect(stepTitled(k, /^Use the copy/).why).toMatch(
      new RegExp(`move by 0x${(b - CROSSING.start).toString(16)},`),
    );
  });
  test('exactly 4096 bytes of code fit the buffer: no overflow is reported', () => {
    const s = { start: 0x8032_0f00, end: 0x8032_1f00, vector: 0x8032_0f00 };
    const k = kernel();
    kvmMmuInit(k, s);
    expect(stepTitled(k, /^Copy 4096 bytes/).why).not.toMatch(/past its end/);
  });
  test('the copy is made through the cache: a line of the section still dirty there is what gets copied', () => {
    const k = kernel();
    k.world.memory.cachedWrite32(CROSSING.start + 0x10, 0xe320_f000, 0);
    kvmMmuInit(k, CROSSING);
    expect(k.world.memory.read32(k.vars.bounce! + 0x10, k.v, 'poc')).toBe(0xe320_f000);
  });
  test('when hyp_pgd was never allocated, freeing does not touch a runtime PGD', () => {
    const k = kernel({ failAlloc: 1 });
    kvmMmuInit(k, ONE_PAGE);
    expect(k.rec.steps.some((s) => s.title === 'Unmap the trampoline from the runtime PGD')).toBe(
      false,
    );
  });
});
