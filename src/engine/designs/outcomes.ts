import type { RunEnd } from '../cpu/hypRun';
import { liveAllocations } from '../kernel/allocator';
import type { KernelContext } from '../kernel/kernelContext';
import type { MachineState, Outcome } from '../trace/types';
import { count } from '../util/words';
import { describeLeftTables, leftTables } from './leftovers';

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
  const left = leftTables(ctx);
  return {
    kind: 'init-error',
    summary: `kvm_mmu_init failed with ${err} (-ENOMEM); free_hyp_pgds ${clean ? 'gave back every page and object it took' : `left ${count(live.pages, 'page', 'pages')} and ${count(live.objects, 'object', 'objects')} allocated`}`,
    detail: `KVM is disabled: "error initializing Hyp mode: ${err}". ${
      clean
        ? 'The allocator ends exactly where it started.'
        : `Left allocated: ${left.length ? describeLeftTables(left, { start: ctx.vars.idmapStart, end: ctx.vars.idmapEnd }) : 'no table page'}.`
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
