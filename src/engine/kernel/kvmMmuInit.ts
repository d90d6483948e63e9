import { hex } from '../arch/hex';
import { TRAMPOLINE_VA } from '../arch/lpae';
import { PAGE_HYP } from '../arch/pageProt';
import { tableDescriptor } from '../arch/lpae';
import { pa } from '../arch/types';
import {
  FREE_HYP_PGDS,
  HYP_IDMAP_SETUP_V39,
  KVM_MMU_INIT,
  KVM_MMU_INIT_V39,
} from '../source/cListings';
import { armFailure, disarmFailure } from './allocator';
import { createHypMappings, ENOMEM, unmapRange } from './hypMappings';
import type { KernelContext } from './kernelContext';

export const PGD_BYTES = 4 * 8; // PTRS_PER_PGD * sizeof(pgd_t): 32 bytes

/** Where the init section is before any bounce: what the linker put in the image. */
export interface IdmapSection {
  start: number;
  end: number;
  vector: number;
}

/** kvm_mmu_init after the dual-step patch (v3.10, facts §2.2). Returns 0 or -ENOMEM. */
export function kvmMmuInit(ctx: KernelContext, section: IdmapSection): number {
  const L = KVM_MMU_INIT;
  ctx.rec.update((s) => ({ ...s, alloc: armFailure(s.alloc, ctx.config.failAlloc) }));
  ctx.step(
    L,
    'symbols',
    `Locate the init code: ${hex(section.start)}-${hex(section.end)}`,
    `HYP must first run this code with its MMU off, so the kernel needs its physical addresses: the start and end of .hyp.idmap.text, and the init vector table __kvm_hyp_init at its start (${hex(section.vector)}).`,
    () =>
      ctx.setVars(
        { idmapStart: section.start, idmapEnd: section.end, idmapVector: section.vector },
        {
          idmapStart: 'hyp_idmap_start',
          idmapEnd: 'hyp_idmap_end',
          idmapVector: 'hyp_idmap_vector',
        },
      ),
  );
  const crosses =
    ((section.start ^ section.end) & ~0xfff) !== 0 ||
    Math.floor(section.start / 4096) !== Math.floor(section.end / 4096);
  const endsOnBoundary = section.end % 4096 === 0;
  ctx.step(
    L,
    'crosses',
    crosses ? 'The init code crosses a page boundary' : 'The init code fits in one page',
    crosses
      ? `(start ^ end) & PAGE_MASK is non-zero: ${hex(section.start)} and ${hex(section.end)} are in different pages${endsOnBoundary ? ' (the test uses the exclusive end, so code that ends exactly on a boundary counts as crossing: an unneeded bounce page)' : ''}. Only one page can be mapped at the trampoline VA, so the code must be copied into a page of its own.`
      : `(start ^ end) & PAGE_MASK is zero: both ends are in page ${hex((section.start & ~0xfff) >>> 0)}. That single page is what will be mapped at the trampoline VA, so no bounce page is needed.`,
  );
  if (crosses && ctx.config.noBounce) {
    ctx.step(
      L,
      'bounce-alloc',
      'Skipped: the bounce page (no-bounce what-if)',
      `The code crosses a page, but this what-if leaves it in place. The idmap will cover both pages, while the trampoline VA maps only the first: anything past that page is unreachable after the jump to the trampoline.`,
    );
  } else if (crosses) {
    const len = section.end - section.start;
    let bounce: number | null = null;
    ctx.step(
      L,
      'bounce-alloc',
      'Allocate the bounce page',
      `kmalloc(PAGE_SIZE) gives a page-aligned 4 KiB buffer in practice, so a copy of the code placed at its start cannot cross a page.`,
      () => {
        bounce = ctx.kmallocPage('init bounce page', {
          kind: 'bounce',
          label: 'HYP init bounce page',
        });
        if (bounce === null) {
          ctx.message('err', "Couldn't allocate HYP init bounce page");
          ctx.rec.retitle('Allocation of the bounce page fails: -ENOMEM');
        } else ctx.setVars({ bounce }, { bounce: 'init_bounce_page' });
      },
    );
    if (bounce === null) return failOut(ctx, ENOMEM);
    const b: number = bounce;
    ctx.step(
      L,
      'bounce-copy',
      `Copy ${len} bytes of init code to the bounce page`,
      `memcpy goes through the data cache: the copy now sits in dirty cache lines, and DRAM under the bounce page still holds whatever it held before.${len > 4096 ? ` The code is longer than the 4096-byte buffer: the copy runs ${len - 4096} bytes past its end into the next kmalloc-4096 object (a heap overflow; the linker's size ASSERT exists to prevent this).` : ''}`,
      () => {
        for (let off = 0; off < len; off += 4) {
          ctx.world.memory.cachedWrite32(
            b + off,
            ctx.world.memory.read32(section.start + off, ctx.v, 'coherent'),
            ctx.v,
          );
        }
        ctx.rec.change({
          kind: 'memory',
          pa: b,
          length: len,
          what: 'init code copy (dirty in the cache)',
        });
      },
    );
    if (ctx.config.skipFlush) {
      ctx.step(
        L,
        'bounce-clean',
        'Skipped: clean the bounce page to the PoC (no-flush what-if)',
        `HYP will fetch this code with its MMU and caches off, straight from DRAM, which does not have the copy yet.`,
      );
    } else {
      ctx.step(
        L,
        'bounce-clean',
        'Clean the bounce page to the PoC',
        `HYP fetches this code with its MMU and caches off, reading DRAM directly. Until the dirty lines are cleaned to the point of coherency, DRAM does not hold the copy and HYP would execute stale bytes.`,
        () => ctx.cleanToPoc(b, len),
      );
    }
    ctx.step(
      L,
      'bounce-relocate',
      `Use the copy: idmap now ${hex(b)}-${hex(b + len)}`,
      `Everything that follows uses the copy: the idmap, the trampoline and the vector move by ${hex(b - section.start)}, so the vector keeps its offset (and its 32-byte alignment) inside the code.`,
      () => {
        ctx.setVars(
          { idmapStart: b, idmapEnd: b + len, idmapVector: section.vector + (b - section.start) },
          {
            idmapStart: 'hyp_idmap_start',
            idmapEnd: 'hyp_idmap_end',
            idmapVector: 'hyp_idmap_vector',
          },
        );
        ctx.message('info', `Using HYP init bounce page @${b.toString(16)}`);
      },
    );
  }

  let hypPgd: number | null = null;
  let bootPgd: number | null = null;
  ctx.step(
    L,
    'alloc-hyp-pgd',
    'Allocate the runtime PGD (hyp_pgd)',
    `The runtime tables' level-1 table: 4 entries of 8 bytes, one per GiB. kzalloc takes a 64-byte object from the kmalloc-64 slab, so it meets HTTBR's 32-byte alignment.`,
    () => {
      hypPgd = ctx.allocObject('hyp_pgd (runtime PGD)', PGD_BYTES);
      if (hypPgd !== null) ctx.setVars({ hypPgd }, { hypPgd: 'hyp_pgd' });
    },
  );
  ctx.step(
    L,
    'alloc-boot-pgd',
    'Allocate the boot PGD (boot_hyp_pgd)',
    `A second, separate level-1 table for the boot mappings (idmap + trampoline), so that the runtime tables never hold the idmap and the boot tables can be kept for CPUs that come back later.`,
    () => {
      bootPgd = ctx.allocObject('boot_hyp_pgd (boot PGD)', PGD_BYTES);
      if (bootPgd !== null) ctx.setVars({ bootPgd }, { bootPgd: 'boot_hyp_pgd' });
    },
  );
  if (hypPgd === null || bootPgd === null) {
    ctx.step(
      L,
      'pgd-check',
      'No PGD: -ENOMEM',
      `A PGD allocation failed; both were attempted before the check, as the kernel does.`,
      () => ctx.message('err', 'Hyp mode PGD not allocated'),
    );
    return failOut(ctx, ENOMEM);
  }
  const boot: number = bootPgd;
  const runtime: number = hypPgd;
  const v = ctx.vars;
  let err = createHypMappings(ctx, {
    pgd: boot,
    pgdName: 'boot',
    start: v.idmapStart,
    end: v.idmapEnd,
    pfn: Math.floor(v.idmapStart / 4096),
    prot: PAGE_HYP,
    label: 'the idmap',
  });
  if (err) {
    ctx.step(
      L,
      'map-idmap',
      'Mapping the idmap failed',
      'The error path frees everything built so far.',
      () => ctx.message('err', `Failed to idmap ${hex(v.idmapStart)}-${hex(v.idmapEnd)}`),
    );
    return failOut(ctx, err);
  }
  err = createHypMappings(ctx, {
    pgd: boot,
    pgdName: 'boot',
    start: TRAMPOLINE_VA,
    end: TRAMPOLINE_VA + 4096,
    pfn: Math.floor(v.idmapStart / 4096),
    prot: PAGE_HYP,
    label: 'the trampoline',
  });
  if (err) {
    ctx.step(
      L,
      'map-boot-tramp',
      'Mapping the trampoline into the boot PGD failed',
      'The error path frees everything built so far.',
      () =>
        ctx.message(
          'err',
          `Failed to map trampoline @${TRAMPOLINE_VA.toString(16)} into boot HYP pgd`,
        ),
    );
    return failOut(ctx, err);
  }
  err = createHypMappings(ctx, {
    pgd: runtime,
    pgdName: 'runtime',
    start: TRAMPOLINE_VA,
    end: TRAMPOLINE_VA + 4096,
    pfn: Math.floor(v.idmapStart / 4096),
    prot: PAGE_HYP,
    label: 'the trampoline',
  });
  if (err) {
    ctx.step(
      L,
      'map-runtime-tramp',
      'Mapping the trampoline into the runtime PGD failed',
      'The error path frees everything built so far.',
      () =>
        ctx.message(
          'err',
          `Failed to map trampoline @${TRAMPOLINE_VA.toString(16)} into runtime HYP pgd`,
        ),
    );
    return failOut(ctx, err);
  }
  ctx.rec.update((s) => ({ ...s, alloc: disarmFailure(s.alloc) }));
  ctx.step(
    L,
    'done',
    'kvm_mmu_init done: the init page is mapped three times',
    `Physical page ${hex(Math.floor(v.idmapStart / 4096) * 4096)} is now reachable at its identity VA and at ${hex(TRAMPOLINE_VA)} in the boot PGD, and at ${hex(TRAMPOLINE_VA)} in the runtime PGD: the one VA valid in both tables, from which HYP can switch tables safely.`,
  );
  return 0;
}

function failOut(ctx: KernelContext, err: number): number {
  ctx.rec.update((s) => ({ ...s, alloc: disarmFailure(s.alloc) }));
  ctx.step(
    KVM_MMU_INIT,
    'out',
    `Error ${err}: undo everything`,
    `Every error in kvm_mmu_init leaves through the same exit, free_hyp_pgds(), which unmaps and frees whatever was built, including the bounce page.`,
  );
  freeHypPgds(ctx);
  return err;
}

/** free_boot_hyp_pgd (v3.10, facts §2.5). */
export function freeBootHypPgd(ctx: KernelContext, why: 'no-hotplug' | 'error-path'): void {
  const L = FREE_HYP_PGDS;
  const v = ctx.vars;
  if (v.bootPgd !== null) {
    const boot = v.bootPgd;
    ctx.step(
      L,
      'boot-unmap-idmap',
      'free_boot_hyp_pgd: unmap the idmap page from the boot PGD',
      why === 'no-hotplug'
        ? 'The boot tables are only needed to bring a CPU into HYP; without CPU hotplug they can go once every CPU has been initialised. free_boot_hyp_pgd unmaps one page at hyp_idmap_start.'
        : 'free_hyp_pgds is undoing a failed kvm_mmu_init: the boot tables go first. free_boot_hyp_pgd unmaps one page at hyp_idmap_start.',
    );
    unmapRange(ctx, boot, 'boot', v.idmapStart, 4096, 'the idmap');
    ctx.step(
      L,
      'boot-unmap-tramp',
      'Unmap the trampoline from the boot PGD',
      'Second of the two pages the boot PGD maps.',
    );
    unmapRange(ctx, boot, 'boot', TRAMPOLINE_VA, 4096, 'the trampoline');
    ctx.step(
      L,
      'boot-free',
      'kfree the boot PGD',
      'The boot level-1 table goes back to the slab; tables still referenced below it would be leaked.',
      () => {
        ctx.kfreeObject(boot, 'boot_hyp_pgd', PGD_BYTES);
        ctx.setVars({ bootPgd: null }, { bootPgd: 'boot_hyp_pgd' });
      },
    );
  }
  if (v.hypPgd !== null) {
    ctx.step(
      L,
      'runtime-unmap-tramp',
      'Unmap the trampoline from the runtime PGD',
      'The trampoline is only used while switching tables; v3.10 removes it from the runtime tables together with the boot tables.',
    );
    unmapRange(ctx, v.hypPgd, 'runtime', TRAMPOLINE_VA, 4096, 'the trampoline');
  }
  if (ctx.vars.bounce !== null) {
    const b = ctx.vars.bounce;
    ctx.step(
      L,
      'bounce-free',
      'kfree the bounce page',
      'The copy of the init code is no longer needed once the boot tables are gone.',
      () => {
        ctx.kfreePage(b, 'init bounce page');
        ctx.setVars({ bounce: null }, { bounce: 'init_bounce_page' });
      },
    );
  }
}

/** free_hyp_pgds (v3.10, facts §2.5). */
export function freeHypPgds(ctx: KernelContext): void {
  const L = FREE_HYP_PGDS;
  if (ctx.config.design === 'dual-step') {
    ctx.step(
      L,
      'call-boot',
      'free_hyp_pgds: first the boot tables',
      'free_boot_hyp_pgd undoes the boot PGD, the runtime trampoline and the bounce page.',
    );
    freeBootHypPgd(ctx, 'error-path');
  }
  const hyp = ctx.vars.hypPgd;
  if (hyp === null) return;
  ctx.step(
    L,
    'lowmem',
    'Unmap the lowmem range from the runtime PGD',
    'For each GiB from PAGE_OFFSET while the address is lowmem, unmap_range clears what is mapped and frees emptied tables.',
  );
  for (
    let addr = ctx.layout.pageOffset;
    addr < ctx.layout.highMemory && addr < 2 ** 32;
    addr += 2 ** 30
  )
    unmapRange(ctx, hyp, 'runtime', addr, 2 ** 30, 'runtime mappings');
  ctx.step(
    L,
    'vmalloc',
    'Unmap the vmalloc range from the runtime PGD',
    'The same for the vmalloc window, where device mappings such as the GIC live.',
  );
  for (let addr = ctx.layout.vmallocStart; addr < ctx.layout.vmallocEnd; addr += 2 ** 30)
    unmapRange(ctx, hyp, 'runtime', addr, 2 ** 30, 'runtime mappings');
  ctx.step(
    L,
    'hyp-free',
    'kfree the runtime PGD',
    'The runtime level-1 table goes back to the slab.',
    () => {
      ctx.kfreeObject(hyp, 'hyp_pgd', PGD_BYTES);
      ctx.setVars({ hypPgd: null }, { hypPgd: 'hyp_pgd' });
    },
  );
}

/**
 * v3.9: the one HYP PGD and its idmap come from arch/arm/mm/idmap.c at boot (an early
 * initcall): 2 MiB sections (SECT | AP1 | AF, AttrIndx 0), no references, flush_cache_louis
 * only (research notes §2d). kvm_mmu_init just checks that hyp_pgd exists.
 */
export function hypIdmapSetupV39(ctx: KernelContext, section: IdmapSection): number {
  const L = HYP_IDMAP_SETUP_V39;
  let hypPgd: number | null = null;
  ctx.step(
    L,
    'alloc-hyp-pgd',
    'Boot (early_initcall): allocate the one HYP PGD',
    'Before the patch, the generic idmap code builds hyp_pgd at boot: a single HYP table that first holds the idmap and later every runtime mapping.',
    () => {
      hypPgd = ctx.allocObject('hyp_pgd', PGD_BYTES);
      if (hypPgd !== null) ctx.setVars({ hypPgd }, { hypPgd: 'hyp_pgd' });
    },
  );
  if (hypPgd === null) return ENOMEM;
  const pgd: number = hypPgd;
  for (let addr = section.start - (section.start % 2 ** 21); addr < section.end; addr += 2 ** 21) {
    const l1 = Math.floor(addr / 2 ** 30);
    const pudPa = pgd + l1 * 8;
    if (ctx.readDesc(pudPa) === 0n) {
      let l2: number | null = null;
      ctx.step(
        L,
        'pmd-alloc',
        `Allocate a level-2 table for HYP PGD L1[${l1}] and link it`,
        'identity_mapping_add links a zeroed level-2 table (PA | 3). The generic idmap code takes no page references.',
        () => {
          l2 = ctx.allocPage(
            `L2 table (HYP PGD L1[${l1}])`,
            { kind: 'l2-table', label: `HYP PGD L2 for L1[${l1}]` },
            true,
          );
          if (l2 !== null) ctx.writeDesc(pudPa, tableDescriptor(pa(l2)), 1, l1, 'runtime');
        },
      );
      if (l2 === null) return ENOMEM;
    }
    const l2pa = Number(ctx.readDesc(pudPa) & 0xff_ffff_f000n);
    const i2 = Math.floor(addr / 2 ** 21) % 512;
    const desc = BigInt(addr) | 0x441n; // PMD_TYPE_SECT | PMD_SECT_AP1 | PMD_SECT_AF
    ctx.step(
      L,
      'section',
      `HYP PGD L2[${i2}] = ${hex(desc, 16)}: a 2 MiB identity block`,
      `The idmap is a section (block) mapping: VA ${hex(addr)} -> PA ${hex(addr)}, 2 MiB, AP[1] set, AF set, AttrIndx 0 (strongly ordered).`,
      () => ctx.writeDesc(l2pa + i2 * 8, desc, 2, i2, 'runtime'),
    );
  }
  ctx.step(
    L,
    'louis',
    'flush_cache_louis()',
    'Cleans the data cache to the inner-shareable point of unification only, not to the PoC. Nothing on this v3.9 path cleans the HYP tables to the PoC: those cleans came with the v3.10 patch [I].',
  );
  return 0;
}

export function kvmMmuInitV39(ctx: KernelContext, section: IdmapSection): number {
  const L = KVM_MMU_INIT_V39;
  ctx.setVarsQuiet({
    idmapStart: section.start,
    idmapEnd: section.end,
    idmapVector: section.vector,
  });
  ctx.step(
    L,
    'check',
    'kvm_mmu_init: hyp_pgd exists',
    'In v3.9 KVM only checks that the boot-time HYP PGD with its idmap is there.',
  );
  return ctx.vars.hypPgd === null ? ENOMEM : 0;
}
