import { hex } from '../arch/hex';
import { PAGE_HYP, PAGE_HYP_DEVICE } from '../arch/pageProt';
import type { HypEnv, RunEnd } from '../cpu/hypRun';
import { GICH_BASE, GICH_SIZE, isLowmemVa, virtToPhys } from '../scenario/layout';
import {
  CPU_INIT_HYP_MODE,
  CPU_INIT_HYP_MODE_V39,
  INIT_HYP_MODE,
  INIT_HYP_MODE_V39,
} from '../source/cListings';
import type { Listing } from '../source/listing';
import type { Phase } from '../trace/types';
import { createHypMappings, EINVAL } from './hypMappings';
import { hvcFromSvc } from './hvcCalls';
import type { KernelContext } from './kernelContext';

/** Addresses of the modelled code the kernel calls into. */
export interface CodeSymbols {
  hypSetVectorsVa: number; // the hvc in __hyp_set_vectors (kernel VA)
  hypGetVectorsVa: number;
  kvmCallHypVa: number; // the hvc in kvm_call_hyp
  hypVectorVa: number; // __kvm_hyp_vector
  flushVmContextVa: number;
  probeFnVa: number;
}

/** create_hyp_mappings (v3.10): a lowmem kernel range, mapped at the same VA with PAGE_HYP. */
export function createHypMappingsKernel(
  ctx: KernelContext,
  from: number,
  to: number,
  label: string,
): number {
  if (!isLowmemVa(ctx.layout, from) || !isLowmemVa(ctx.layout, to - 1)) return EINVAL;
  const paStart = virtToPhys(ctx.layout, from);
  return createHypMappings(ctx, {
    pgd: ctx.vars.hypPgd!,
    pgdName: 'runtime',
    start: from,
    end: to,
    pfn: Math.floor(paStart / 4096),
    prot: PAGE_HYP,
    label,
  });
}

/** init_hyp_mode's runtime mappings, shared by both designs (facts §3). */
export function mapRuntime(
  ctx: KernelContext,
  sym: CodeSymbols,
  design: 'dual-step' | 'single-step',
): number {
  const L = design === 'dual-step' ? INIT_HYP_MODE : INIT_HYP_MODE_V39;
  const { layout, config } = ctx;
  ctx.step(
    L,
    'map-code',
    `Map the HYP text ${hex(layout.hypCodeStart)}-${hex(layout.hypCodeEnd)} into the runtime PGD`,
    `The world switch, the TLB helpers and __kvm_hyp_vector (${hex(sym.hypVectorVa)}) must be executable in HYP at the same VA the kernel knows them by: in v3.10 a HYP VA equals the kernel VA.`,
  );
  let err = createHypMappingsKernel(ctx, layout.hypCodeStart, layout.hypCodeEnd, 'HYP text');
  if (err) return err;
  for (let cpu = 0; cpu < config.cpus; cpu++) {
    const stack = ctx.vars.stackPages[cpu]!;
    ctx.step(
      L,
      'map-stacks',
      `Map CPU${cpu}'s HYP stack ${hex(stack)}`,
      `Each CPU's HYP code pushes onto its own stack page, so the page must be mapped (read/write) in the runtime PGD.`,
    );
    err = createHypMappingsKernel(ctx, stack, stack + 4096, `CPU${cpu} HYP stack`);
    if (err) return err;
  }
  for (let cpu = 0; cpu < config.cpus; cpu++) {
    const va = layout.percpuBase + cpu * layout.percpuUnit + layout.hostStateOffset;
    ctx.step(
      L,
      'map-host',
      `Map CPU${cpu}'s host state ${hex(va)}`,
      design === 'dual-step'
        ? `The world switch saves the host's registers into this CPU's kvm_cpu_context_t (a per-CPU object), which HYP reaches through its kernel VA.`
        : `The world switch saves the host's VFP state into this per-CPU object, which HYP reaches through its kernel VA.`,
    );
    err = createHypMappingsKernel(ctx, va, va + layout.hostStateSize, `CPU${cpu} host state`);
    if (err) return err;
  }
  if (config.mapLowmem) {
    ctx.step(
      L,
      'map-lowmem',
      `Stress: map all lowmem ${hex(layout.pageOffset)}-${hex(layout.highMemory)}`,
      'Not something v3.10 does: the stress scenario maps every lowmem page into the runtime PGD to measure the simulator with about 200,000 page descriptors.',
    );
    err = createHypMappingsKernel(ctx, layout.pageOffset, layout.highMemory, 'lowmem (stress)');
    if (err) return err;
  }
  return 0;
}

export function mapVgic(ctx: KernelContext, design: 'dual-step' | 'single-step'): number {
  const L = design === 'dual-step' ? INIT_HYP_MODE : INIT_HYP_MODE_V39;
  const va = ctx.layout.gichVa;
  ctx.step(
    L,
    'vgic',
    `kvm_vgic_hyp_init: map the GIC virtual interface control ${hex(GICH_BASE)} at ${hex(va)}`,
    `The GICH registers are ioremapped to a vmalloc VA and mapped into the runtime PGD with PAGE_HYP_DEVICE (device memory, execute-never). HYP programs them on every world switch. Adding entries that were invalid needs no TLB invalidation.`,
  );
  return createHypMappings(ctx, {
    pgd: ctx.vars.hypPgd!,
    pgdName: 'runtime',
    start: va,
    end: va + GICH_SIZE,
    pfn: GICH_BASE / 4096,
    prot: PAGE_HYP_DEVICE,
    label: 'GICH (device)',
  });
}

export function allocStacks(ctx: KernelContext, design: 'dual-step' | 'single-step'): boolean {
  const L = design === 'dual-step' ? INIT_HYP_MODE : INIT_HYP_MODE_V39;
  for (let cpu = 0; cpu < ctx.config.cpus; cpu++) {
    let ok = true;
    ctx.step(
      L,
      'stacks',
      `Allocate CPU${cpu}'s HYP stack page`,
      `__get_free_page: one page per possible CPU. HYP will use its top as the initial stack pointer.`,
      () => {
        const pa = ctx.allocPage(
          `CPU${cpu} HYP stack`,
          { kind: 'hyp-stack', label: `CPU${cpu} HYP stack` },
          false,
        );
        if (pa === null) {
          ok = false;
          return;
        }
        const stacks = ctx.vars.stackPages.slice();
        stacks[cpu] = pa - ctx.layout.physOffset + ctx.layout.pageOffset;
        ctx.setVars({ stackPages: stacks }, { stackPages: 'kvm_arm_hyp_stack_page' });
      },
    );
    if (!ok) return false;
  }
  return true;
}

/** __hyp_set_vectors(vector): an HVC to the hyp stub, which sets HVBAR (MMU off: a PA). */
function hypSetVectors(
  env: HypEnv,
  cpu: number,
  phase: Phase,
  sym: CodeSymbols,
  listing: Listing,
  why: string,
  vector: number,
): RunEnd {
  return hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [vector],
      hvcVa: sym.hypSetVectorsVa,
      listing,
      tag: 'set-vectors',
      title: `CPU${cpu}: __hyp_set_vectors(${hex(vector)}): hvc #0`,
      why,
    },
    () => phase,
  );
}

/** cpu_init_hyp_mode (v3.10): set the init vectors through the stub, then the two HVCs. */
export function cpuInitHypModeDual(
  ctx: KernelContext,
  env: HypEnv,
  cpu: number,
  sym: CodeSymbols,
  phases: { p1: Phase; p2: Phase },
): RunEnd {
  const L = CPU_INIT_HYP_MODE;
  const v = ctx.vars;
  let phase = phases.p1;
  const phaseOf = () => phase;
  let end = hypSetVectors(
    env,
    cpu,
    phase,
    sym,
    L,
    `The hyp stub still owns HYP on CPU${cpu}. Its only service: an HVC with r0 != -1 sets HVBAR to r0. The kernel passes the physical address of the init vectors${v.bounce !== null ? ' (in the bounce page)' : ''}, because HYP's MMU is still off.`,
    v.idmapVector,
  );
  if (end.kind !== 'returned') return end;
  const boot = v.bootPgd!;
  const runtime = v.hypPgd!;
  const stackTop = v.stackPages[cpu]! + 4096;
  end = hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [0, 0, boot % 2 ** 32, Math.floor(boot / 2 ** 32)],
      hvcVa: sym.kvmCallHypVa,
      listing: L,
      tag: 'call-1',
      title: `CPU${cpu}: kvm_call_hyp(NULL, 0, boot PGD ${hex(boot)}): hvc #0`,
      why: `Phase 1: r0 = 0 says "first call"; r2:r3 carry the boot PGD's 64-bit physical address (an AAPCS register pair, hence the unused r1).`,
    },
    phaseOf,
  );
  if (end.kind !== 'returned') return end;
  phase = phases.p2;
  return hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [stackTop, sym.hypVectorVa, runtime % 2 ** 32, Math.floor(runtime / 2 ** 32)],
      hvcVa: sym.kvmCallHypVa,
      listing: L,
      tag: 'call-2',
      title: `CPU${cpu}: kvm_call_hyp(stack ${hex(stackTop)}, vectors ${hex(sym.hypVectorVa)}, runtime PGD ${hex(runtime)}): hvc #0`,
      why: `Phase 2: the HYP stack top, the runtime vectors and the runtime PGD. HYP's MMU is on now, so this HVC's vector fetch goes through the boot PGD's idmap.`,
    },
    phaseOf,
  );
}

/** cpu_init_hyp_mode (v3.9): set the vectors, then one HVC that turns the MMU on and goes. */
export function cpuInitHypModeSingle(
  ctx: KernelContext,
  env: HypEnv,
  cpu: number,
  sym: CodeSymbols,
  phase: Phase,
): RunEnd {
  const L = CPU_INIT_HYP_MODE_V39;
  const v = ctx.vars;
  const phaseOf = () => phase;
  const end = hypSetVectors(
    env,
    cpu,
    phase,
    sym,
    L,
    'The hyp stub sets HVBAR to the physical address of the init vectors.',
    v.idmapVector,
  );
  if (end.kind !== 'returned') return end;
  const pgd = v.hypPgd!;
  const stackTop = v.stackPages[cpu]! + 4096;
  return hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [pgd % 2 ** 32, Math.floor(pgd / 2 ** 32), stackTop, sym.hypVectorVa],
      hvcVa: sym.kvmCallHypVa,
      listing: L,
      tag: 'call',
      title: `CPU${cpu}: kvm_call_hyp(hyp_pgd ${hex(pgd)}, stack ${hex(stackTop)}, vectors ${hex(sym.hypVectorVa)}): hvc #0`,
      why: `Before the patch a single call does everything: r0:r1 = the one HYP PGD, r2 = stack, r3 = vectors. The stack and vectors are not even mapped yet; they are mapped after the idmap is torn down.`,
    },
    phaseOf,
  );
}
