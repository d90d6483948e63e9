import { hex } from '../arch/hex';
import type { HypVa } from '../arch/types';
import type { HypEnv, RunEnd } from '../cpu/hypRun';
import { isStale } from '../cpu/tlb';
import { walk } from '../cpu/walk';
import { hvcFromSvc } from '../kernel/hvcCalls';
import type { CodeSymbols } from '../kernel/initHypMode';
import type { KernelContext } from '../kernel/kernelContext';
import { RUNTIME_CALL } from '../source/cListings';
import type { Listing } from '../source/listing';
import type { Outcome, Phase } from '../trace/types';
import { endToOutcome } from './outcomes';

/** The init region: the idmap section and the init vectors' VA (= PA). */
export type Section = { start: number; end: number; vector: number };

/** __hyp_get_vectors through the stub, as init_hyp_mode does first in both designs. */
export function getVectors(ctx: KernelContext, env: HypEnv, sym: CodeSymbols, L: Listing): RunEnd {
  const end = hvcFromSvc(
    env,
    {
      cpu: 0,
      phase: 'pl1-setup',
      args: [0xffffffff],
      // __hyp_get_vectors is "mov r0, #-1" falling through into __hyp_set_vectors: the hvc
      // that runs (and that ELR_hyp returns past) is __hyp_set_vectors' own
      hvcVa: sym.hypSetVectorsVa,
      listing: L,
      tag: 'get-vectors',
      title: `CPU0: __hyp_get_vectors(): r0 = -1 at ${hex(sym.hypGetVectorsVa)}, then the hvc #0 of __hyp_set_vectors`,
      why: "KVM keeps the stub's vector address so that it could hand HYP back later. __hyp_get_vectors sets r0 = -1 and falls through into __hyp_set_vectors, whose hvc #0 it shares; the stub answers r0 = -1 with the current HVBAR.",
    },
    () => 'pl1-setup',
  );
  if (end.kind === 'returned')
    ctx.step(
      L,
      'get-vectors',
      `hyp_default_vectors = ${hex(ctx.rec.state.cpus[0]!.r[0] ?? 0)}`,
      'The stub returned its own vectors in r0.',
      () =>
        ctx.setVars(
          { hypDefaultVectors: ctx.rec.state.cpus[0]!.r[0] ?? 0 },
          { hypDefaultVectors: 'hyp_default_vectors' },
        ),
    );
  return end;
}

/** The first runtime HYP calls (and the probe) on one CPU; null when they all return cleanly. */
export function runtimeCalls(
  ctx: KernelContext,
  env: HypEnv,
  sym: CodeSymbols,
  cpu: number,
  phase: Phase,
): Outcome | null {
  const phaseOf = () => phase;
  const end = hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [sym.flushVmContextVa],
      hvcVa: sym.kvmCallHypVa,
      listing: RUNTIME_CALL,
      tag: 'flush',
      title: `CPU${cpu}: kvm_call_hyp(__kvm_flush_vm_context): hvc #0`,
      why: 'The first real HYP call, as when the first VM gets its VMID. It exercises the runtime tables: the vector fetch, the stack pushes and the call all go through the runtime PGD.',
    },
    phaseOf,
  );
  if (end.kind !== 'returned') return endToOutcome(end, cpu, 'on its first runtime HYP call');
  const probe = ctx.config.probeVa;
  if (probe < 0) return null;
  const before = ctx.rec.steps.length;
  const pend = hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [sym.probeFnVa, probe],
      hvcVa: sym.kvmCallHypVa,
      listing: RUNTIME_CALL,
      tag: 'probe',
      title: `CPU${cpu}: hypstep probe: kvm_call_hyp(hypstep_probe, ${hex(probe)}): hvc #0`,
      why: `An instrument, not kernel code: HYP loads one word from VA ${hex(probe)}, standing in for any runtime access whose VA happens to equal that address (possible when RAM sits at or above 0xC0000000).`,
    },
    phaseOf,
  );
  if (pend.kind !== 'returned') return endToOutcome(pend, cpu, `on the probe of ${hex(probe)}`);
  // did the probe load hit a TLB entry that a fresh walk of the runtime PGD disagrees with?
  for (let i = before; i < ctx.rec.steps.length; i++) {
    const s = ctx.rec.steps[i]!;
    const load = s.accesses.find((a) => a.type === 'read' && a.va === probe);
    if (!load || load.tlb !== 'hit' || load.tlbIndex === null) continue;
    const c = s.state.cpus[cpu]!;
    const prev = i > 0 ? ctx.rec.steps[i - 1]!.state.cpus[cpu]! : c;
    const entry = prev.tlb.entries[load.tlbIndex];
    if (entry && isStale(ctx.world, s.state.version, c.httbr, entry)) {
      const fresh = walk(ctx.world, s.state.version, c.httbr, probe as HypVa, 'coherent', null);
      return {
        kind: 'corruption',
        summary: `The stale boot-PGD entry is used after the switch: HYP read ${hex(load.value ?? 0, 8)} at ${hex(probe)} from the init page (PA ${hex(load.pa ?? 0)})`,
        detail: `The TLB entry was filled under the boot PGD (HTTBR ${hex(entry.httbr)}) and never invalidated. A fresh walk of the runtime PGD ${fresh.fault ? `faults at level ${fresh.fault.level}` : `gives ${hex(fresh.pa ?? 0)}`}, so without the stale entry this access would ${fresh.fault ? 'fault' : 'reach another page'}. No exception, no message: silent corruption.`,
        step: s.index,
      };
    }
  }
  return null;
}
