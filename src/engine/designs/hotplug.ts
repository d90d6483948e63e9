import { hex } from '../arch/hex';
import type { HypEnv } from '../cpu/hypRun';
import { cpuInitHypModeDual, cpuInitHypModeSingle, type CodeSymbols } from '../kernel/initHypMode';
import type { KernelContext } from '../kernel/kernelContext';
import { initialCpu } from '../machine/cpuState';
import { HOTPLUG } from '../source/cListings';
import { sourceRef } from '../source/listing';
import type { Outcome } from '../trace/types';
import { endToOutcome } from './outcomes';
import { runtimeCalls } from './runtime';

/** A CPU goes offline and comes back through the hyp stub; the notifier re-runs the init. */
export function hotplug(ctx: KernelContext, env: HypEnv, sym: CodeSymbols): Outcome | null {
  const { rec, config } = ctx;
  const cpu = config.hotplugCpu;
  ctx.phase = 'hotplug';
  ctx.cpu = cpu;
  ctx.step(
    HOTPLUG,
    'cpu-down',
    `CPU${cpu} goes offline`,
    `Power is removed from CPU${cpu}: its registers and TLB are lost.`,
    () => {
      rec.updateCpu(cpu, (c) => ({
        ...initialCpu(cpu, 0, config.tlbEntries, false),
        hvbar: c.hvbar,
      }));
      const online = ctx.vars.online.slice();
      online[cpu] = false;
      ctx.setVars({ online });
    },
  );
  rec.begin({
    phase: 'hotplug',
    actor: 'HYP',
    cpu,
    title: `CPU${cpu} comes back in HYP: the hyp stub takes HYP over again`,
    why: `Firmware restarts CPU${cpu} in Hyp mode. __hyp_stub_install_secondary zeroes HCR, HCPTR and HSTR, writes HSCTLR = 0 (MMU and caches off), points HVBAR at the stub vectors and drops to SVC. The TLB comes out of reset empty.`,
    source: sourceRef(HOTPLUG, 'stub'),
  });
  const stubVectors = rec.initial.cpus[cpu]!.hvbar;
  rec.updateCpu(cpu, () => initialCpu(cpu, stubVectors, config.tlbEntries, true));
  rec.change({ kind: 'register', cpu, name: 'HVBAR', before: '-', after: hex(stubVectors, 8) });
  rec.change({
    kind: 'register',
    cpu,
    name: 'HSCTLR',
    before: '-',
    after: hex(rec.state.cpus[cpu]!.hsctlr, 8),
  });
  rec.commit();
  ctx.step(
    HOTPLUG,
    'notify',
    `CPU_STARTING on CPU${cpu}: cpu_init_hyp_mode again`,
    config.design === 'dual-step'
      ? 'The boot PGD was kept (CONFIG_HOTPLUG_CPU), so the incoming CPU can repeat the whole dual-step sequence.'
      : 'Before the patch the idmap was torn down after the first init: the incoming CPU has nothing to turn its MMU on from.',
    () => {
      const online = ctx.vars.online.slice();
      online[cpu] = true;
      ctx.setVars({ online });
    },
  );
  const end =
    config.design === 'dual-step'
      ? cpuInitHypModeDual(ctx, env, cpu, sym, { p1: 'hotplug', p2: 'hotplug' })
      : cpuInitHypModeSingle(ctx, env, cpu, sym, 'hotplug');
  if (end.kind !== 'returned') {
    const o = endToOutcome(end, cpu, 'on re-init after hotplug');
    return config.design === 'single-step'
      ? {
          ...o,
          summary: `Re-init of the hot-plugged CPU${cpu} faults because the idmap is gone: ${end.reason}`,
        }
      : o;
  }
  if (config.design === 'single-step') return null;
  return runtimeCalls(ctx, env, sym, cpu, 'hotplug');
}
