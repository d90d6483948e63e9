import { hex } from '../arch/hex';
import { TRAMPOLINE_VA } from '../arch/lpae';
import type { HypEnv } from '../cpu/hypRun';
import { describeHtcrWalks } from '../cpu/mmu';
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
import { count } from '../util/words';
import { hotplug } from './hotplug';
import { describeLeftTables, leftTables } from './leftovers';
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
      `error initializing Hyp mode: ${err}`,
      'init_hyp_mode gives up; KVM stays disabled. out_err only prints: kvm_mmu_init already ran free_hyp_pgds on its own error path.',
      () => ctx.message('err', `error initializing Hyp mode: ${err}`),
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
    const idmapPage = Math.floor(ctx.vars.idmapStart / 4096) * 4096;
    freeBootHypPgd(ctx, 'no-hotplug');
    const tables = leftTables(ctx, 'boot');
    if (tables.length) {
      const shared = idmapPage === TRAMPOLINE_VA;
      leak = {
        kind: 'leak',
        summary: `The boot tables leak: ${count(tables.length, 'table page', 'table pages')} still allocated after free_boot_hyp_pgd`,
        detail: `free_boot_hyp_pgd unmaps one page at hyp_idmap_start (${hex(idmapPage)}) and the trampoline page from the boot PGD, then kfrees the PGD itself whatever is still below it.${shared ? ' Here the idmap page is the trampoline page, so both boot mappings wrote the same entry.' : ''} Left allocated, and never freed: ${describeLeftTables(tables, { start: ctx.vars.idmapStart, end: ctx.vars.idmapEnd })}.`,
        step: rec.steps.length,
      };
    }
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
    detail: [
      config.skipTlbi
        ? 'No fault, but TLBIALLH was skipped: boot-PGD entries stay in the TLBs (marked stale), and the CPU may use them until something invalidates them.'
        : 'No TLB entry filled under the boot PGD survives the switch.',
      ...(config.skipFlush && config.walkerCoherent && !rec.state.kernel.bounce
        ? [
            `No descriptor was cleaned to the PoC, and still no fault: phase 1 set HSCTLR.C with M and HTCR = ${hex(c0.htcr)} (${describeHtcrWalks(c0.htcr)}), so the walks are cacheable and the Cortex-A15 walker looks into the data cache, where the kernel's descriptors are (Linux relies on this on such cores: proc-v7.S treats MP extensions as implying L1 page-table walks) [I]. A walker that reads only the PoC would fault: compare the no-flush-noncoherent preset.`,
          ]
        : []),
      ...ctx.outcomeNotes,
    ].join(' '),
    step: rec.steps.length,
  };
}
