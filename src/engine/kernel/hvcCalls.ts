import { hex } from '../arch/hex';
import type { HypEnv, RunEnd } from '../cpu/hypRun';
import { runHyp, takeHvcFromSvc } from '../cpu/hypRun';
import type { Listing } from '../source/listing';
import { sourceRef } from '../source/listing';
import type { Phase } from '../trace/types';

export interface HvcCall {
  cpu: number;
  phase: Phase;
  /** r0-r3 as the caller sets them. */
  args: readonly number[];
  /** Kernel VA of the hvc instruction (in kvm_call_hyp or __hyp_set_vectors). */
  hvcVa: number;
  title: string;
  why: string;
  listing: Listing;
  tag: string;
}

const ARG_NAMES = ['r0', 'r1', 'r2', 'r3'];

/**
 * An HVC made from SVC: one PL1 step that loads the arguments and executes "hvc #0", one HYP
 * step for the exception entry, then the HYP code until it ERETs back (or never does).
 */
export function hvcFromSvc(env: HypEnv, call: HvcCall, phaseOf: (region: string) => Phase): RunEnd {
  const { rec } = env;
  rec.begin({
    phase: call.phase,
    actor: 'PL1',
    cpu: call.cpu,
    title: call.title,
    why: call.why,
    source: sourceRef(call.listing, call.tag),
  });
  rec.updateCpu(call.cpu, (c) => {
    const r = c.r.slice();
    call.args.forEach((v, i) => (r[i] = v >>> 0));
    return { ...c, r, pc: call.hvcVa };
  });
  const before =
    rec.steps.length > 0
      ? rec.steps[rec.steps.length - 1]!.state.cpus[call.cpu]!
      : rec.initial.cpus[call.cpu]!;
  call.args.forEach((v, i) => {
    if ((before.r[i] ?? 0) !== v >>> 0)
      rec.change({
        kind: 'register',
        cpu: call.cpu,
        name: ARG_NAMES[i]!,
        before: hex(before.r[i] ?? 0, 8),
        after: hex(v >>> 0, 8),
      });
  });
  rec.instruction({ pc: call.hvcVa, word: 0xe1400070, text: 'hvc #0', executed: true });
  rec.commit();
  const cpu = rec.state.cpus[call.cpu]!;
  rec.begin({
    phase: call.phase,
    actor: 'HYP',
    cpu: call.cpu,
    title: `HVC taken to Hyp mode: vector ${hex(cpu.hvbar)} + 0x14`,
    why: `The HVC raises a Hypervisor Call exception: the CPU enters Hyp mode at HVBAR + 0x14 (${hex(cpu.hvbar + 0x14)}), saves the SVC return address in ELR_hyp and the SVC CPSR in SPSR_hyp, and writes HSR (EC 0x12).${cpu.hsctlr & 1 ? ' The HYP MMU is on, so the vector address is a VA and is translated.' : ' The HYP MMU is off, so HVBAR is a physical address.'}`,
    source: sourceRef(call.listing, call.tag),
  });
  takeHvcFromSvc(rec, call.cpu, call.hvcVa, 0);
  rec.commit();
  return runHyp(env, call.cpu, phaseOf);
}
