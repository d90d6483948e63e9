import { hex } from '../arch/hex';
import type { HypEnv } from '../cpu/hypRun';
import {
  allocStacks,
  cpuInitHypModeDual,
  mapRuntime,
  mapVgic,
  type CodeSymbols,
} from '../kernel/initHypMode';
import type { KernelContext } from '../kernel/kernelContext';
import { freeBootHypPgd, kvmMmuInit } from '../kernel/kvmMmuInit';
import { INIT_HYP_MODE } from '../source/cListings';
import type { Outcome } from '../trace/types';
import { hotplug } from './hotplug';
import { endToOutcome, initErrorOutcome, initFailure } from './outcomes';
import { getVectors, runtimeCalls, type Section } from './runtime';

/** v3.10 init_hyp_mode with the dual-step HYP init (the patch), then the first runtime calls. */
export function runDualStep(
  ctx: KernelContext,
  env: HypEnv,
  sym: CodeSymbols,
  section: Section,
): Outcome {
  const { rec, config } = ctx;
  const start = rec.state;
  const L = INIT_HYP_MODE;
  const err = kvmMmuInit(ctx, section);
  if (err) {
    ctx.phase = 'teardown';
    ctx.step(
      L,
      'out-err',
      'error initializing Hyp mode',
      'init_hyp_mode gives up; KVM stays disabled.',
      () => ctx.message('err', 'error initializing Hyp mode'),
    );
    return initErrorOutcome(ctx, err, start);
  }
  const gv = getVectors(ctx, env, sym, L);
  if (gv.kind !== 'returned') return endToOutcome(gv, 0, 'in the stub');
  if (!allocStacks(ctx, 'dual-step'))
    return initFailure(ctx, 'A HYP stack page could not be allocated');
  if (mapRuntime(ctx, sym, 'dual-step')) return initFailure(ctx, 'A runtime mapping failed');
  // on_each_cpu: smp_call_function runs the other CPUs (and waits), then the caller runs it
  const order = [...Array.from({ length: config.cpus - 1 }, (_, i) => i + 1), 0];
  ctx.step(
    L,
    'on-each-cpu',
    `on_each_cpu(cpu_init_hyp_mode): CPU${order.join(', CPU')}`,
    `Every runtime mapping exists before any CPU is initialised (v3.9 did it the other way round). on_each_cpu first has the other CPUs run the init through an IPI and waits for them, then runs it on the calling CPU. The simulator runs them one after another; each has its own registers and TLB.`,
  );
  for (const cpu of order) {
    const end = cpuInitHypModeDual(ctx, env, cpu, sym, { p1: 'hyp-phase1', p2: 'hyp-phase2' });
    if (end.kind !== 'returned') return endToOutcome(end, cpu, 'during init');
  }
  ctx.phase = 'pl1-setup';
  if (mapVgic(ctx, 'dual-step')) return initFailure(ctx, 'Mapping the GIC failed');
  ctx.step(
    L,
    'timer',
    'kvm_timer_hyp_init: no HYP mapping',
    'The virtual timer needs an interrupt and a workqueue, but nothing mapped in HYP.',
  );
  let leak: Outcome | null = null;
  if (!config.hotplugSupport) {
    ctx.phase = 'teardown';
    ctx.step(
      L,
      'free-boot',
      'No CONFIG_HOTPLUG_CPU: free the boot tables now',
      'Without CPU hotplug no CPU will ever run the init code again, so v3.10 frees the boot PGD, the runtime trampoline and the bounce page at the end of init_hyp_mode.',
    );
    const before = rec.state;
    freeBootHypPgd(ctx);
    const tables = [...ctx.world.owners.keys()].filter((pfn) => {
      const o = ctx.world.owners.get(pfn, rec.version);
      return (
        o &&
        (o.kind === 'l2-table' || o.kind === 'l3-table') &&
        o.label.startsWith('boot') &&
        (ctx.world.pageCount.get(pfn, rec.version) ?? 0) > 0
      );
    });
    if (tables.length) {
      leak = {
        kind: 'leak',
        summary: `The boot tables leak: ${tables.length} table page${tables.length === 1 ? '' : 's'} still allocated after free_boot_hyp_pgd`,
        detail: `The idmap page and the trampoline are the same page here, so both boot mappings wrote one PTE and took two references on its table. unmap_range drops one, the table never gets back to a count of 1, and its pages are never freed (${tables.map((p) => hex(p * 4096)).join(', ')}).`,
        step: rec.steps.length,
      };
    }
    void before;
  }
  ctx.phase = 'pl1-setup';
  ctx.step(
    L,
    'ok',
    'Hyp mode initialized successfully',
    'Every CPU runs with the runtime tables and vectors.',
    () => ctx.message('info', 'Hyp mode initialized successfully'),
  );
  ctx.phase = 'runtime';
  const rt = runtimeCalls(ctx, env, sym, 0, 'runtime');
  if (rt) return rt;
  if (config.hotplugCpu > 0) {
    const h = hotplug(ctx, env, sym);
    if (h) return h;
  }
  if (leak) return leak;
  const c0 = rec.state.cpus[0]!;
  return {
    kind: 'success',
    summary: `HYP is live on ${config.cpus} CPU${config.cpus > 1 ? 's' : ''}: HTTBR = runtime PGD ${hex(c0.httbr)}, HVBAR = ${hex(c0.hvbar)}${config.hotplugCpu > 0 ? `; CPU${config.hotplugCpu} came back and re-ran the init from the kept boot PGD` : ''}`,
    detail: config.skipTlbi
      ? 'No fault, but TLBIALLH was skipped: boot-PGD entries stay in the TLBs (marked stale).'
      : 'No TLB entry filled under the boot PGD survives the switch.',
    step: rec.steps.length,
  };
}
