import { hex } from '../arch/hex';
import type { RunEnd } from '../cpu/hypRun';
import { liveAllocations } from '../kernel/allocator';
import type { KernelContext } from '../kernel/kernelContext';
import type { MachineState, Outcome } from '../trace/types';

/** How a HYP run that did not return ends the scenario. */
export function endToOutcome(end: RunEnd, cpu: number, what: string): Outcome {
  if (end.kind === 'returned')
    return { kind: 'success', summary: `CPU${cpu} returned`, detail: '', step: end.step };
  if (end.kind === 'panic')
    return {
      kind: 'panic',
      summary: `CPU${cpu} ${what}: ${end.reason}`,
      detail: end.reason,
      step: end.step,
    };
  return {
    kind: 'hang',
    summary: `CPU${cpu} hangs in HYP ${what}: ${end.reason}`,
    detail: end.reason,
    step: end.step,
  };
}

export function initErrorOutcome(ctx: KernelContext, err: number, start: MachineState): Outcome {
  const live = liveAllocations(ctx.rec.state.alloc, start.alloc);
  const clean = live.pages === 0 && live.objects === 0;
  const leaked = leakedTables(ctx);
  return {
    kind: 'init-error',
    summary: `kvm_mmu_init failed with ${err} (-ENOMEM); free_hyp_pgds ${clean ? 'gave back every page and object it took' : `left ${live.pages} page${live.pages === 1 ? '' : 's'} and ${live.objects} object${live.objects === 1 ? '' : 's'} allocated`}`,
    detail: `KVM is disabled: "error initializing Hyp mode". ${
      clean
        ? 'The allocator ends exactly where it started.'
        : `Leaked: ${leaked.map((p) => `${hex(p)} (${ctx.world.owners.get(p / 4096, ctx.rec.version)?.label ?? 'page'})`).join(', ')}. unmap_range frees a level-2 table only when it empties a level-3 table below it, so a level-2 table that never got one (its pte_alloc_one_kernel failed) is never freed.`
    }`,
    step: ctx.rec.steps.length,
  };
}

/** An init_hyp_mode step after kvm_mmu_init failed (an allocation of a stack or a mapping). */
export function initFailure(ctx: KernelContext, what: string): Outcome {
  return {
    kind: 'init-error',
    summary: `${what}: init_hyp_mode gives up`,
    detail: 'KVM stays disabled: "error initializing Hyp mode".',
    step: ctx.rec.steps.length,
  };
}

/** Table pages the allocator still has out (page count above zero) after the error path. */
export function leakedTables(ctx: KernelContext): number[] {
  const out: number[] = [];
  for (const pfn of ctx.world.owners.keys()) {
    const o = ctx.world.owners.get(pfn, ctx.rec.version);
    if (
      o &&
      (o.kind === 'l2-table' || o.kind === 'l3-table') &&
      (ctx.world.pageCount.get(pfn, ctx.rec.version) ?? 0) > 0
    )
      out.push(pfn * 4096);
  }
  return out;
}
