import type { Phase, Trace } from '../../engine/trace/types';

/** Short names for the timeline's bands. */
export const PHASE_SHORT: Readonly<Record<Phase, string>> = {
  'pl1-setup': 'PL1',
  'hyp-phase1': 'HYP 1',
  'hyp-phase2': 'HYP 2',
  runtime: 'runtime',
  hotplug: 'hotplug',
  teardown: 'teardown',
};

export const PHASE_LABEL: Readonly<Record<Phase, string>> = {
  'pl1-setup': 'PL1 setup',
  'hyp-phase1': 'HYP phase 1',
  'hyp-phase2': 'HYP phase 2',
  runtime: 'runtime',
  hotplug: 'hotplug',
  teardown: 'teardown',
};

/** A run of consecutive steps in one phase: [first, last], 1-based. */
export interface PhaseSegment {
  readonly phase: Phase;
  readonly first: number;
  readonly last: number;
}

const segmentsOf = new WeakMap<Trace, PhaseSegment[]>();

/** The trace cut into runs of one phase, in step order (a phase may come back, e.g. after hotplug). */
export function phaseSegments(trace: Trace): readonly PhaseSegment[] {
  const cached = segmentsOf.get(trace);
  if (cached) return cached;
  const out: PhaseSegment[] = [];
  for (const s of trace.steps) {
    const last = out[out.length - 1];
    if (last && last.phase === s.phase) out[out.length - 1] = { ...last, last: s.index };
    else out.push({ phase: s.phase, first: s.index, last: s.index });
  }
  segmentsOf.set(trace, out);
  return out;
}

/** First step of the next phase segment, or the last step when there is none. */
export function nextPhaseStep(trace: Trace, cursor: number): number {
  const next = phaseSegments(trace).find((seg) => seg.first > cursor);
  return next ? next.first : trace.steps.length;
}

/** Start of this segment, or of the previous one when already at its start. */
export function previousPhaseStep(trace: Trace, cursor: number): number {
  const segs = phaseSegments(trace);
  const i = segs.findIndex((seg) => cursor >= seg.first && cursor <= seg.last);
  const seg = segs[i];
  if (!seg) return 1;
  if (cursor > seg.first) return seg.first;
  return segs[i - 1]?.first ?? 1;
}
