import { TRAMPOLINE_VA } from '../arch/lpae';
import { HSCTLR_M, type CpuState } from '../machine/cpuState';
import { pgdName } from './tableNames';
import type { KernelVars, KeyMoment, MachineState, Outcome, Step } from './types';

/*
 * The key moments of a trace, read off the model's own state from step to step (never off
 * titles): a CPU's HSCTLR.M going from 0 to 1, its PC entering the trampoline page, HTTBR
 * changing from one table to another, a TLB invalidation the HYP code executed, the init
 * code's final return to SVC, and the step where a what-if's consequence shows.
 */

const PAGE = 4096;
const trampolinePage = Math.floor(TRAMPOLINE_VA / PAGE);

function fromInitCode(s: Step): boolean {
  return s.source.file.startsWith('arch/arm/kvm/init.S');
}

/** The consequence's short label, from the outcome's kind. */
function consequenceLabel(o: Outcome, cpu: number): string {
  switch (o.kind) {
    case 'corruption':
      return `CPU${cpu} stale TLB entry used`;
    case 'hang':
      return `CPU${cpu} fault`;
    case 'panic':
      return `CPU${cpu} panic`;
    case 'init-error':
      return 'init fails';
    case 'leak':
      return 'boot tables leak';
    case 'success':
      return 'outcome';
  }
}

function momentsOfStep(
  s: Step,
  before: CpuState,
  after: CpuState,
  k: KernelVars,
  singleStep: boolean,
): KeyMoment[] {
  const out: KeyMoment[] = [];
  const cpu = s.cpu;
  const at = (kind: KeyMoment['kind'], label: string) =>
    out.push({ step: s.index, cpu, kind, label: `CPU${cpu} ${label}` });
  if ((before.hsctlr & HSCTLR_M) === 0 && (after.hsctlr & HSCTLR_M) !== 0) at('mmu-on', 'MMU on');
  if (
    s.instruction?.executed &&
    after.mode === 'hyp' &&
    Math.floor(s.instruction.pc / PAGE) !== trampolinePage &&
    Math.floor(after.pc / PAGE) === trampolinePage
  )
    at('trampoline-jump', 'jump to trampoline');
  if (before.httbr !== 0 && after.httbr !== before.httbr)
    at('httbr-switch', `HTTBR → ${pgdName(k, after.httbr, singleStep).replace(' PGD', '')}`);
  if (s.actor === 'HYP' && s.changes.some((c) => c.kind === 'tlb-invalidate' && c.cpu === cpu))
    at('tlbiallh', 'TLBIALLH');
  if (
    before.mode === 'hyp' &&
    after.mode === 'svc' &&
    fromInitCode(s) &&
    after.hvbar !== k.idmapVector
  )
    at('return-svc', 'back in SVC');
  return out;
}

/** Every key moment of a trace, in step order (one pass; no per-step allocation when none). */
export function keyMoments(
  initial: MachineState,
  steps: readonly Step[],
  outcome: Outcome,
  singleStep: boolean,
): KeyMoment[] {
  const out: KeyMoment[] = [];
  // the step before, not its state: a packed step decodes its state only when read
  let prev: Step | null = null;
  for (const s of steps) {
    if (s.actor === 'HYP' || s.instruction) {
      const before = (prev ? prev.state : initial).cpus[s.cpu];
      const after = s.state.cpus[s.cpu];
      if (before && after && before !== after)
        out.push(...momentsOfStep(s, before, after, s.state.kernel, singleStep));
    }
    prev = s;
  }
  if (outcome.kind !== 'success' && outcome.step >= 1 && outcome.step <= steps.length) {
    const cpu = steps[outcome.step - 1]!.cpu;
    const m: KeyMoment = {
      step: outcome.step,
      cpu,
      kind: 'consequence',
      label: consequenceLabel(outcome, cpu),
    };
    // after every other moment of the same step
    let i = out.length;
    while (i > 0 && out[i - 1]!.step > m.step) i--;
    out.splice(i, 0, m);
  }
  return out;
}
