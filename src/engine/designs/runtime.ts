import { hex } from '../arch/hex';
import type { HypVa } from '../arch/types';
import type { HypEnv, RunEnd } from '../cpu/hypRun';
import { isStale } from '../cpu/tlb';
import { walk } from '../cpu/walk';
import { hvcFromSvc } from '../kernel/hvcCalls';
import type { CodeSymbols } from '../kernel/initHypMode';
import type { KernelContext } from '../kernel/kernelContext';
import { isLowmemVa, virtToPhys } from '../scenario/layout';
import { RUNTIME_CALL } from '../source/cListings';
import { pgdName } from '../trace/tableNames';
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
  // did the probe load hit a TLB entry that a fresh walk of the current tables disagrees with?
  for (let i = before; i < ctx.rec.steps.length; i++) {
    const s = ctx.rec.steps[i]!;
    const load = s.accesses.find((a) => a.type === 'read' && a.va === probe);
    if (!load || load.tlb !== 'hit' || load.tlbEntry === null) continue;
    const c = s.state.cpus[cpu]!;
    const entry = load.tlbEntry;
    if (!isStale(ctx.world, s.state.version, c.httbr, entry)) continue;
    const single = ctx.config.design === 'single-step';
    const k = s.state.kernel;
    const fresh = walk(ctx.world, s.state.version, c.httbr, probe as HypVa, 'coherent', null);
    // what a kernel pointer equal to the probe VA means: HYP VA = kernel VA (facts §3)
    const meant =
      fresh.pa !== null
        ? fresh.pa
        : isLowmemVa(ctx.layout, probe)
          ? virtToPhys(ctx.layout, probe)
          : null;
    const got = load.pa ?? entry.paPage;
    const from = `filled under the ${pgdName(k, entry.httbr, single)} at step ${entry.filledAt} and not invalidated`;
    if (meant !== null && Math.floor(meant / 4096) === Math.floor(got / 4096)) {
      ctx.outcomeNotes.push(
        `At step ${s.index} the probe of ${hex(probe)} hit a stale TLB entry (${from}), but it leads to PA ${hex(got)}, the same page the kernel's linear map gives that VA (PAGE_OFFSET ${hex(ctx.layout.pageOffset)} = PHYS_OFFSET ${hex(ctx.layout.physOffset)} makes the idmap VA the kernel VA of the same page): stale, but not corruption.`,
      );
      return null;
    }
    return {
      kind: 'corruption',
      summary: `A stale TLB entry can be used after the ${single ? 'idmap is cleared' : 'switch'}: here HYP's read of ${hex(probe)} hits it and gets ${hex(load.value ?? 0, 8)} from PA ${hex(got)} (the init page)`,
      detail: `The entry was ${from}: the architecture allows the CPU to keep using it until a TLB invalidation, and here it does. A fresh walk of the ${pgdName(k, c.httbr, single)} ${fresh.fault ? `faults at level ${fresh.fault.level}` : `gives PA ${hex(fresh.pa ?? 0)}`}${meant !== null ? `; a kernel object at that VA lives at PA ${hex(meant)}` : ''}. Real hardware may have evicted the entry by then (and ${fresh.fault ? 'fault' : 'reach the right page'}) or not: what HYP reads or writes depends on TLB state. No exception, no message: silent corruption when it happens.`,
      step: s.index,
    };
  }
  return null;
}
