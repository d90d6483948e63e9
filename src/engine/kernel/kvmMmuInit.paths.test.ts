import { describe, expect, test } from 'vitest';
import type { HypVa } from '../arch/types';
import { walk } from '../cpu/walk';
import type { Config } from '../scenario/config';
import { PAGE_HYP } from '../arch/pageProt';
import { freeSet } from './allocator';
import { createHypMappings } from './hypMappings';
import {
  freeBootHypPgd,
  freeHypPgds,
  hypIdmapSetupV39,
  kvmMmuInit,
  kvmMmuInitV39,
  PGD_BYTES,
  type IdmapSection,
} from './kvmMmuInit';
import type { KernelContext } from './kernelContext';
import { freshKernel } from './testHarness';

/*
 * kvm_mmu_init, free_boot_hyp_pgd and free_hyp_pgds after the dual-step patch (v3.10, facts
 * §2.2, §2.5), run on a bare kernel context, plus v3.9's boot-time idmap. The init section's
 * words are planted at its PA so the bounce copy can be checked byte for byte.
 */

function kernelWith(section: IdmapSection, overrides: Partial<Config> = {}) {
  const k = freshKernel(overrides);
  for (let a = section.start - (section.start % 4); a < section.end; a += 4)
    k.world.memory.uncachedWrite32(a, (0xe320_f000 + ((a >>> 2) & 0xff)) >>> 0, 0); // nop-like words
  k.world.memory.uncachedWrite32(section.end, 0xdead_beef, 0); // the word after the section
  return k;
}
const titles = (k: KernelContext) => k.rec.steps.map((s) => s.title);
const last = (k: KernelContext) => k.rec.state;
const translate = (k: KernelContext, pgd: number, va: number) =>
  walk(k.world, k.v, pgd, va as HypVa, 'coherent', null).pa;

const ONE_PAGE: IdmapSection = { start: 0x8032_0f00, end: 0x8032_0fe4, vector: 0x8032_0f00 };
const CROSSING: IdmapSection = { start: 0x8032_0fa0, end: 0x8032_1084, vector: 0x8032_0fa0 };
const ON_BOUNDARY: IdmapSection = { start: 0x8032_0f1c, end: 0x8032_1000, vector: 0x8032_0f20 };

describe('kvm_mmu_init: the init section fits in one page', () => {
  test('no bounce page; the idmap page is mapped at its PA in the boot PGD and at TRAMPOLINE_VA in both', () => {
    const k = kernelWith(ONE_PAGE);
    expect(kvmMmuInit(k, ONE_PAGE)).toBe(0);
    const v = k.vars;
    expect(v.bounce).toBeNull();
    expect([v.idmapStart, v.idmapEnd, v.idmapVector]).toEqual([
      0x8032_0f00, 0x8032_0fe4, 0x8032_0f00,
    ]);
    expect(titles(k)).toContain('The init code fits in one page');
    expect(translate(k, v.bootPgd!, 0x8032_0f00)).toBe(0x8032_0f00);
    expect(translate(k, v.bootPgd!, 0xffff_0f00)).toBe(0x8032_0f00);
    expect(translate(k, v.hypPgd!, 0xffff_0f00)).toBe(0x8032_0f00);
    expect(translate(k, v.hypPgd!, 0x8032_0f00)).toBeNull();
    expect(k.rec.steps.at(-1)!.title).toBe(
      'kvm_mmu_init done: the init page is mapped three times',
    );
    // the PGDs are two 32-byte objects, 32-byte aligned for HTTBR
    expect(v.bootPgd! % 32).toBe(0);
    expect(v.hypPgd! % 32).toBe(0);
    expect(v.bootPgd).not.toBe(v.hypPgd);
    expect(PGD_BYTES).toBe(32);
  });
});

describe("the kernel's variables (facts §2.1), by their C names", () => {
  const varChanges = (k: KernelContext) =>
    k.rec.steps.flatMap((s) => s.changes.flatMap((c) => (c.kind === 'kernel-var' ? [c.name] : [])));
  test('kvm_mmu_init sets hyp_idmap_start/end/vector, init_bounce_page, hyp_pgd, boot_hyp_pgd; the free path clears them', () => {
    const k = kernelWith(CROSSING);
    kvmMmuInit(k, CROSSING);
    expect(new Set(varChanges(k))).toEqual(
      new Set([
        'hyp_idmap_start',
        'hyp_idmap_end',
        'hyp_idmap_vector',
        'init_bounce_page',
        'hyp_pgd',
        'boot_hyp_pgd',
      ]),
    );
    const n = k.rec.steps.length;
    freeHypPgds(k);
    const freed = k.rec.steps
      .slice(n)
      .flatMap((s) => s.changes.flatMap((c) => (c.kind === 'kernel-var' ? [c.name] : [])));
    expect(new Set(freed)).toEqual(new Set(['init_bounce_page', 'hyp_pgd', 'boot_hyp_pgd']));
  });
  test('v3.9 names its one PGD hyp_pgd', () => {
    const k = kernelWith(ONE_PAGE, { design: 'single-step' });
    hypIdmapSetupV39(k, ONE_PAGE);
    expect(varChanges(k)).toEqual(['hyp_pgd']);
  });
});

describe('the bounce page (a section that crosses a page)', () => {
  test('its length is end - start: the copy, the clean and the idmap cover exactly that many bytes', () => {
    const k = kernelWith(CROSSING);
    expect(kvmMmuInit(k, CROSSING)).toBe(0);
    const b = k.vars.bounce!;
    expect(b % 4096).toBe(0);
    const len = 0x8032_1084 - 0x8032_0fa0; // 0xe4 = 228
    expect(titles(k)).toContain(`Copy ${len} bytes of init code to the bounce page`);
    const copy = k.rec.steps.find((s) => s.source.text && /^Copy /.test(s.title))!;
    expect(copy.changes).toContainEqual({
      kind: 'memory',
      pa: b,
      length: len,
      what: expect.stringMatching(/copy/),
    });
    expect(copy.why).not.toMatch(/heap overflow/);
    const clean = k.rec.steps.find((s) => s.title === 'Clean the bounce page to the PoC')!;
    expect(clean.changes[0]).toMatchObject({ kind: 'cache-clean', pa: b, length: len });
    // every word of the section is at the PoC under the bounce page, and nothing past it
    for (let off = 0; off < len; off += 4)
      expect(k.world.memory.read32(b + off, k.v, 'poc')).toBe(
        k.world.memory.read32(0x8032_0fa0 + off, k.v, 'poc'),
      );
    expect(k.world.memory.read32(b + len, k.v, 'coherent')).toBe(0);
    expect([k.vars.idmapStart, k.vars.idmapEnd, k.vars.idmapVector]).toEqual([b, b + len, b]);
    expect(k.vars.messages).toContain(`Using HYP init bounce page @${b.toString(16)}`);
    expect(translate(k, k.vars.bootPgd!, b + 0x40)).toBe(b + 0x40);
    expect(translate(k, k.vars.hypPgd!, 0xffff_0000)).toBe(b);
  });
  test('the vector keeps its offset inside the code when it is not at the start', () => {
    const s = { start: 0x8032_0f80, end: 0x8032_1064, vector: 0x8032_0fa0 };
    const k = kernelWith(s);
    kvmMmuInit(k, s);
    expect(k.vars.idmapVector - k.vars.bounce!).toBe(0x20);
    expect(
      titles(k).some(
        (t) =>
          t ===
          `Use the copy: idmap now 0x${k.vars.bounce!.toString(16)}-0x${(k.vars.bounce! + 0xe4).toString(16)}`,
      ),
    ).toBe(true);
  });
  test('a section that ends exactly on a page boundary counts as crossing (the exclusive end, facts §7 #24)', () => {
    const k = kernelWith(ON_BOUNDARY);
    kvmMmuInit(k, ON_BOUNDARY);
    expect(k.vars.bounce).not.toBeNull();
    const crosses = k.rec.steps.find((s) => s.title === 'The init code crosses a page boundary')!;
    expect(crosses.why).toMatch(/exclusive end/);
    const plain = kernelWith(CROSSING);
    kvmMmuInit(plain, CROSSING);
    expect(
      plain.rec.steps.find((s) => s.title === 'The init code crosses a page boundary')!.why,
    ).not.toMatch(/exclusive end/);
  });
  test('code longer than the 4096-byte buffer: the copy runs past it (the step says by how much)', () => {
    const s = { start: 0x8032_0f00, end: 0x8032_2010, vector: 0x8032_0f00 };
    const k = kernelWith(s);
    kvmMmuInit(k, s);
    const copy = k.rec.steps.find((x) => /^Copy 4368 bytes/.test(x.title))!;
    expect(copy.why).toMatch(/runs 272 bytes past its end/);
  });
  test('no-flush what-if: the copy is left dirty, DRAM under the bounce page does not hold it', () => {
    const k = kernelWith(CROSSING, { skipFlush: true });
    kvmMmuInit(k, CROSSING);
    const b = k.vars.bounce!;
    expect(titles(k)).toContain('Skipped: clean the bounce page to the PoC (no-flush what-if)');
    expect(k.world.memory.read32(b, k.v, 'poc')).toBe(0);
    expect(k.world.memory.read32(b, k.v, 'coherent')).toBe(
      k.world.memory.read32(0x8032_0fa0, k.v, 'poc'),
    );
  });
  test('no-bounce what-if: no copy; the idmap covers both pages, the trampoline only the first', () => {
    const k = kernelWith(CROSSING, { noBounce: true });
    expect(kvmMmuInit(k, CROSSING)).toBe(0);
    expect(k.vars.bounce).toBeNull();
    expect(titles(k)).toContain('Skipped: the bounce page (no-bounce what-if)');
    expect(translate(k, k.vars.bootPgd!, 0x8032_1000)).toBe(0x8032_1000);
    expect(translate(k, k.vars.bootPgd!, 0xffff_0000)).toBe(0x8032_0000);
    expect(translate(k, k.vars.bootPgd!, 0xffff_1000)).toBeNull();
  });
  test('free_boot_hyp_pgd frees the bounce page, the boot PGD and the trampoline mappings', () => {
    const k = kernelWith(CROSSING);
    const before = freeSet(last(k).alloc);
    kvmMmuInit(k, CROSSING);
    const b = k.vars.bounce!;
    const hyp = k.vars.hypPgd!;
    freeBootHypPgd(k, 'no-hotplug');
    expect(k.vars.bounce).toBeNull();
    expect(k.vars.bootPgd).toBeNull();
    expect(k.vars.hypPgd).toBe(hyp);
    expect(titles(k)).toContain('kfree the bounce page');
    const kfree = k.rec.steps.find((s) => s.title === 'kfree the bounce page')!;
    expect(kfree.changes).toContainEqual({
      kind: 'free',
      what: 'init bounce page',
      pa: b,
      size: 4096,
    });
    expect(freeSet(last(k).alloc).slab4kFree).toEqual(before.slab4kFree);
    expect(translate(k, hyp, 0xffff_0000)).toBeNull();
    // the runtime PGD is still allocated, the boot one went back to the slab
    expect(freeSet(last(k).alloc).slabFree).toHaveLength(before.slabFree.length - 1);
  });
});

describe('free_hyp_pgds and the error paths of kvm_mmu_init', () => {
  test('free_hyp_pgds after a successful init gives back every page and object', () => {
    const k = kernelWith(CROSSING);
    const before = freeSet(last(k).alloc);
    kvmMmuInit(k, CROSSING);
    freeHypPgds(k);
    expect(freeSet(last(k).alloc)).toEqual({ ...before, freed: expect.any(Array) });
    expect(k.vars.hypPgd).toBeNull();
    expect(titles(k)).toEqual(
      expect.arrayContaining(['free_hyp_pgds: first the boot tables', 'kfree the runtime PGD']),
    );
  });
  test('free_hyp_pgds unmaps lowmem and vmalloc from the runtime PGD (runtime mappings made after init)', () => {
    const k = kernelWith(ONE_PAGE);
    kvmMmuInit(k, ONE_PAGE);
    const hyp = k.vars.hypPgd!;
    // stand-ins for init_hyp_mode's runtime mappings: one lowmem page, one vmalloc page
    const lowmem = k.layout.pageOffset + 0x0030_0000;
    const vmalloc = k.layout.vmallocStart + 0x1000;
    createHypMappings(k, {
      pgd: hyp,
      pgdName: 'runtime',
      start: lowmem,
      end: lowmem + 0x1000,
      pfn: 0x80300,
      prot: PAGE_HYP,
      label: 'l',
    });
    createHypMappings(k, {
      pgd: hyp,
      pgdName: 'runtime',
      start: vmalloc,
      end: vmalloc + 0x1000,
      pfn: 0x2c000,
      prot: PAGE_HYP,
      label: 'v',
    });
    expect(translate(k, hyp, lowmem)).toBe(0x8030_0000);
    freeHypPgds(k);
    expect(titles(k)).toContain('Unmap the lowmem range from the runtime PGD');
    expect(titles(k)).toContain('Unmap the vmalloc range from the runtime PGD');
    expect(titles(k)).toContain(`Unmap runtime mappings: runtime PGD VA 0x${lowmem.toString(16)}`);
    expect(titles(k)).toContain(`Unmap runtime mappings: runtime PGD VA 0x${vmalloc.toString(16)}`);
  });
  test('free_boot_hyp_pgd a second time only unmaps the (already absent) runtime trampoline again', () => {
    const k = kernelWith(ONE_PAGE);
    kvmMmuInit(k, ONE_PAGE);
    freeBootHypPgd(k, 'no-hotplug');
    const n = k.rec.steps.length;
    freeBootHypPgd(k, 'no-hotplug');
    expect(k.rec.steps.slice(n).map((s) => s.title)).toEqual([
      'Unmap the trampoline from the runtime PGD',
    ]);
  });
  test('a failure armed past the last allocation is disarmed once kvm_mmu_init succeeds', () => {
    const k = kernelWith(ONE_PAGE, { failAlloc: 40 });
    expect(kvmMmuInit(k, ONE_PAGE)).toBe(0);
    expect(last(k).alloc.failAt).toBe(0);
  });
  test('single-step design: free_hyp_pgds has no boot tables to free first', () => {
    const k = kernelWith(ONE_PAGE, { design: 'single-step' });
    expect(hypIdmapSetupV39(k, ONE_PAGE)).toBe(0);
    freeHypPgds(k);
    expect(titles(k)).not.toContain('free_hyp_pgds: first the boot tables');
    expect(k.vars.hypPgd).toBeNull();
  });
  const failAt = (n: number, section = CROSSING) => {
    const k = kernelWith(section, { failAlloc: n });
    const before = freeSet(last(k).alloc);
    const r = kvmMmuInit(k, section);
    return { k, r, before };
  };
  test('each failing allocation: -ENOMEM, the kernel message, and everything given back', () => {
    // allocation order with a crossing section: bounce, hyp_pgd, boot_hyp_pgd, then tables
    const cases: [number, string][] = [
      [1, "Couldn't allocate HYP init bounce page"],
      [2, 'Hyp mode PGD not allocated'],
      [3, 'Hyp mode PGD not allocated'],
      [4, 'Cannot allocate Hyp pmd'],
      [5, 'Cannot allocate Hyp pte'],
    ];
    for (const [n, message] of cases) {
      const { k, r, before } = failAt(n);
      expect(r, `allocation ${n}`).toBe(-12);
      expect(k.vars.messages, `allocation ${n}`).toContain(message);
      expect(k.vars.bootPgd).toBeNull();
      expect(k.vars.hypPgd).toBeNull();
      expect(k.vars.bounce).toBeNull();
      const after = freeSet(last(k).alloc);
      expect(after.slabFree).toEqual(before.slabFree);
      expect(after.slab4kFree).toEqual(before.slab4kFree);
      expect(k.rec.steps.some((s) => s.title === 'Error -12: undo everything')).toBe(true);
      // the allocator is disarmed again: the next allocation succeeds
      expect(last(k).alloc.failAt).toBe(0);
    }
    expect(failAt(1).k.vars.messages).not.toContain('Hyp mode PGD not allocated');
  });
  test('a failure while mapping names the mapping that failed', () => {
    const idmap = failAt(4).k.vars.messages;
    expect(idmap.some((m) => /^Failed to idmap 0x[0-9a-f]+-0x[0-9a-f]+$/.test(m))).toBe(true);
    // one page, not crossing: hyp_pgd, boot_hyp_pgd, L2+L3 (idmap), L2+L3 (boot tramp), L2+L3 (runtime tramp)
    const boot = failAt(5, ONE_PAGE).k.vars.messages;
    expect(boot).toContain('Failed to map trampoline @ffff0000 into boot HYP pgd');
    const runtime = failAt(7, ONE_PAGE).k.vars.messages;
    expect(runtime).toContain('Failed to map trampoline @ffff0000 into runtime HYP pgd');
  });
});

describe('v3.9: the boot-time HYP idmap of 2 MiB sections', () => {
  test('SECT | AP1 | AF, AttrIndx 0, identity: one section per 2 MiB the section touches', () => {
    const s = { start: 0x803f_ff00, end: 0x8040_0010, vector: 0x803f_ff00 };
    const k = kernelWith(s, { design: 'single-step' });
    expect(hypIdmapSetupV39(k, s)).toBe(0);
    const pgd = k.vars.hypPgd!;
    const l2 = Number(k.readDesc(pgd + 2 * 8) & 0xff_ffff_f000n);
    expect(k.readDesc(pgd + 2 * 8) & 3n).toBe(3n);
    expect(k.readDesc(l2 + 1 * 8)).toBe(0x8020_0441n);
    expect(k.readDesc(l2 + 2 * 8)).toBe(0x8040_0441n);
    expect(k.readDesc(l2 + 3 * 8)).toBe(0n);
    expect(translate(k, pgd, 0x803f_ff00)).toBe(0x803f_ff00);
    expect(translate(k, pgd, 0x8040_0008)).toBe(0x8040_0008);
    expect(titles(k)).toContain('flush_cache_louis()');
    expect(kvmMmuInitV39(k, s)).toBe(0);
    expect([k.vars.idmapStart, k.vars.idmapEnd, k.vars.idmapVector]).toEqual([
      s.start,
      s.end,
      s.vector,
    ]);
  });
  test('no HYP PGD: kvm_mmu_init returns -ENOMEM', () => {
    const k = kernelWith(ONE_PAGE, { design: 'single-step', failAlloc: 1 });
    k.rec.update((st) => ({ ...st, alloc: { ...st.alloc, failAt: 1, counted: 0 } }));
    expect(hypIdmapSetupV39(k, ONE_PAGE)).toBe(-12);
    expect(kvmMmuInitV39(k, ONE_PAGE)).toBe(-12);
    const l2fail = kernelWith(ONE_PAGE, { design: 'single-step' });
    l2fail.rec.update((st) => ({ ...st, alloc: { ...st.alloc, failAt: 2, counted: 0 } }));
    expect(hypIdmapSetupV39(l2fail, ONE_PAGE)).toBe(-12);
  });
});
