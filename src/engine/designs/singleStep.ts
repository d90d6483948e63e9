import type { HypEnv } from '../cpu/hypRun';
import { isStale } from '../cpu/tlb';
import { kvmClearHypIdmap } from '../kernel/clearHypIdmap';
import {
  allocStacks,
  cpuInitHypModeSingle,
  mapRuntime,
  mapVgic,
  type CodeSymbols,
} from '../kernel/initHypMode';
import type { KernelContext } from '../kernel/kernelContext';
import { hypIdmapSetupV39, kvmMmuInitV39 } from '../kernel/kvmMmuInit';
import { INIT_HYP_MODE_V39 } from '../source/cListings';
import type { Outcome } from '../trace/types';
import { agree, count } from '../util/words';
import { hotplug } from './hotplug';
import { endToOutcome, initErrorOutcome, initFailure } from './outcomes';
import { getVectors, runtimeCalls, type Section } from './runtime';

/** v3.9 init_hyp_mode: one HYP PGD holding the idmap, one-call init, then kvm_clear_hyp_idmap. */
export function runSingleStep(
  ctx: KernelContext,
  env: HypEnv,
  sym: CodeSymbols,
  section: Section,
): Outcome {
  const { rec, config } = ctx;
  const start = rec.state;
  const L = INIT_HYP_MODE_V39;
  if (hypIdmapSetupV39(ctx, section)) return initErrorOutcome(ctx, -12, start);
  const err = kvmMmuInitV39(ctx, section);
  if (err) return initErrorOutcome(ctx, err, start);
  const gv = getVectors(ctx, env, sym, L);
  if (gv.kind !== 'returned') return endToOutcome(gv, 0, 'in the stub');
  if (!allocStacks(ctx, 'single-step'))
    return initFailure(ctx, 'A HYP stack page could not be allocated');
  for (let cpu = 0; cpu < config.cpus; cpu++) {
    ctx.step(
      L,
      'per-cpu',
      `smp_call_function_single(CPU${cpu}, cpu_init_hyp_mode)`,
      'Each online CPU runs the one-call init while the idmap is still in the HYP PGD.',
    );
    const end = cpuInitHypModeSingle(ctx, env, cpu, sym, 'hyp-phase1');
    if (end.kind !== 'returned') return endToOutcome(end, cpu, 'during init');
  }
  ctx.phase = 'teardown';
  kvmClearHypIdmap(ctx);
  ctx.phase = 'pl1-setup';
  if (mapRuntime(ctx, sym, 'single-step')) return initFailure(ctx, 'A runtime mapping failed');
  if (mapVgic(ctx, 'single-step')) return initFailure(ctx, 'Mapping the GIC failed');
  ctx.step(
    L,
    'ok',
    'Hyp mode initialized successfully',
    'HYP works, but every CPU still holds TLB entries for the idmap that PL1 could not invalidate.',
    () => ctx.message('info', 'Hyp mode initialized successfully'),
  );
  ctx.phase = 'runtime';
  const rt = runtimeCalls(ctx, env, sym, 0, 'runtime');
  if (rt) return rt;
  if (config.hotplugCpu > 0) {
    const h = hotplug(ctx, env, sym);
    if (h) return h;
  }
  const stale = rec.state.cpus.reduce(
    (n, c) =>
      n + c.tlb.entries.filter((e) => e && isStale(ctx.world, rec.version, c.httbr, e)).length,
    0,
  );
  return {
    kind: 'success',
    summary: `HYP is live, but ${count(stale, 'stale idmap TLB entry', 'stale idmap TLB entries')} ${agree(stale, 'remains', 'remain')}: PL1 cannot invalidate the HYP TLB`,
    detail: [
      'kvm_clear_hyp_idmap removed the idmap from the HYP PGD but not from the TLBs: the CPU may use those entries for a runtime access whose VA equals the idmap PA, until something invalidates them.',
      ...ctx.outcomeNotes,
    ].join(' '),
    step: rec.steps.length,
  };
}
