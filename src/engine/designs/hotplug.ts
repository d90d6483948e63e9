import { hex } from '../arch/hex';
import type { HypEnv } from '../cpu/hypRun';
import { hvcFromSvc } from '../kernel/hvcCalls';
import { cpuInitHypModeDual, type CodeSymbols } from '../kernel/initHypMode';
import type { KernelContext } from '../kernel/kernelContext';
import { initialCpu } from '../machine/cpuState';
import { HOTPLUG, RUNTIME_CALL } from '../source/cListings';
import { sourceRef } from '../source/listing';
import type { Outcome } from '../trace/types';
import { endToOutcome } from './outcomes';
import { runtimeCalls } from './runtime';

/** A CPU goes offline and comes back through the hyp stub; v3.10's notifier re-runs the init. */
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
  if (config.design === 'single-step') return v39Incoming(ctx, env, sym, cpu);
  ctx.step(
    HOTPLUG,
    'notify',
    `CPU_STARTING on CPU${cpu}: cpu_init_hyp_mode again`,
    'The boot PGD was kept (CONFIG_HOTPLUG_CPU), so the incoming CPU can repeat the whole dual-step sequence.',
    () => {
      const online = ctx.vars.online.slice();
      online[cpu] = true;
      ctx.setVars({ online });
    },
  );
  const end = cpuInitHypModeDual(ctx, env, cpu, sym, { p1: 'hotplug', p2: 'hotplug' });
  if (end.kind !== 'returned') return endToOutcome(end, cpu, 'on re-init after hotplug');
  return runtimeCalls(ctx, env, sym, cpu, 'hotplug');
}

/**
 * v3.9 has no KVM CPU notifier (it came with v3.10): the incoming CPU keeps the stub. Its first
 * kvm_call_hyp(fn) reaches the stub, which sees r0 != -1 and sets HVBAR = fn, a kernel VA, then
 * returns as if fn had run; the next HVC vectors to fn + 0x14 used as a physical address with
 * the HYP MMU off (facts §7 #13).
 */
function v39Incoming(ctx: KernelContext, env: HypEnv, sym: CodeSymbols, cpu: number): Outcome {
  ctx.step(
    HOTPLUG,
    'no-notify',
    `CPU${cpu} comes online: no KVM notifier in v3.9`,
    `v3.9 registers no CPU notifier for HYP (hyp_init_cpu_notify came with v3.10), so nothing re-runs cpu_init_hyp_mode: CPU${cpu} keeps the stub's vectors with its HYP MMU off, and KVM does not know.`,
    () => {
      const online = ctx.vars.online.slice();
      online[cpu] = true;
      ctx.setVars({ online });
    },
  );
  for (const nth of [1, 2]) {
    const end = hvcFromSvc(
      env,
      {
        cpu,
        phase: 'hotplug',
        args: [sym.flushVmContextVa],
        hvcVa: sym.kvmCallHypVa,
        listing: RUNTIME_CALL,
        tag: 'flush',
        title: `CPU${cpu}: kvm_call_hyp(__kvm_flush_vm_context): hvc #0 (call ${nth} on this CPU)`,
        why:
          nth === 1
            ? `KVM calls into HYP on CPU${cpu} as on any CPU. The HVC goes to the stub's vectors: the stub reads r0 = ${hex(sym.flushVmContextVa)} (not -1) as "set the vectors" and writes HVBAR = that kernel VA, then returns r0 unchanged. KVM takes it as the function's result.`
            : `The next HYP call on CPU${cpu}: HVBAR is now the kernel VA of __kvm_flush_vm_context, and with the HYP MMU off the HVC's vector ${hex(sym.flushVmContextVa + 0x14)} is used as a physical address.`,
      },
      () => 'hotplug',
    );
    if (end.kind !== 'returned') {
      const o = endToOutcome(end, cpu, 'after coming back without a HYP init');
      return {
        ...o,
        summary: `CPU${cpu} came back without a HYP init (v3.9 has no KVM notifier): its first HYP call set HVBAR = ${hex(sym.flushVmContextVa)} in the stub, the second one faults: ${end.reason}`,
      };
    }
  }
  return {
    kind: 'hang',
    summary: `CPU${cpu} came back without a HYP init (v3.9 has no KVM notifier) and runs kernel text as HYP vectors`,
    detail: 'Unpredictable on hardware.',
    step: ctx.rec.steps.length,
  };
}
