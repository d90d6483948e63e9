import type { KeyMoment, Phase, Trace } from '../../engine/trace/types';
import { PHASE_LABEL, PHASE_SHORT } from './phases';

/** Phases a CPU runs by itself: their bands name the CPU ("CPU1 HYP 2"). */
const PER_CPU: ReadonlySet<Phase> = new Set(['hyp-phase1', 'hyp-phase2', 'hotplug']);

export interface TimelineBand {
  readonly phase: Phase;
  readonly cpu: number | null;
  readonly first: number;
  readonly last: number;
  /** Share of the timeline's width (sums to 1). */
  readonly width: number;
  /** Where the band starts, as a share of the width. */
  readonly start: number;
  readonly short: string;
  readonly label: string;
  readonly moments: readonly KeyMoment[];
}

/** A band is at least this share wide, and each moment in it adds room for its marker. */
const MIN_SHARE = 0.06;
const PER_MOMENT = 0.05;

const bandsOf = new WeakMap<Trace, TimelineBand[]>();

/**
 * The timeline's bands: runs of one phase (and one CPU where a CPU runs it alone), widened so
 * a short phase stays readable and its key moments get room.
 */
export function timelineBands(trace: Trace): readonly TimelineBand[] {
  const cached = bandsOf.get(trace);
  if (cached) return cached;
  const runs: { phase: Phase; cpu: number | null; first: number; last: number }[] = [];
  for (const s of trace.steps) {
    const cpu = PER_CPU.has(s.phase) ? s.cpu : null;
    const last = runs[runs.length - 1];
    if (last && last.phase === s.phase && last.cpu === cpu) last.last = s.index;
    else runs.push({ phase: s.phase, cpu, first: s.index, last: s.index });
  }
  const total = trace.steps.length;
  const moments = runs.map((r) =>
    trace.moments.filter((m) => m.step >= r.first && m.step <= r.last),
  );
  const weights = runs.map(
    (r, i) => Math.max(MIN_SHARE, (r.last - r.first + 1) / total) + PER_MOMENT * moments[i]!.length,
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  let start = 0;
  const out = runs.map((r, i) => {
    const width = weights[i]! / sum;
    const cpu = r.cpu === null ? '' : `CPU${r.cpu} `;
    const band: TimelineBand = {
      ...r,
      width,
      start,
      short: cpu + PHASE_SHORT[r.phase],
      label: cpu + PHASE_LABEL[r.phase],
      moments: moments[i]!,
    };
    start += width;
    return band;
  });
  bandsOf.set(trace, out);
  return out;
}

/**
 * Takes bands made elsewhere (the simulation worker, which has every step at hand) for a trace
 * rebuilt on the page: finding the runs reads every step, 20 ms on stress.
 */
export function adoptTimelineBands(trace: Trace, bands: readonly TimelineBand[]): void {
  bandsOf.set(trace, [...bands]);
}

/**
 * Where a band's moments sit across the timeline, 0..1. Moments come in runs of adjacent steps
 * (the trampoline jump, the HTTBR switch and TLBIALLH are a few instructions apart), so inside
 * its band each gets an equal slot, in step order: the band, not the pixel, says when.
 */
export function momentPositions(band: TimelineBand): readonly number[] {
  const k = band.moments.length;
  return band.moments.map((_, j) => band.start + (band.width * (j + 0.5)) / k);
}

/** A moment's label inside a band that already names the CPU: "CPU0 MMU on" -> "MMU on". */
export function shortMomentLabel(band: TimelineBand, label: string): string {
  return band.cpu === null ? label : label.replace(new RegExp(`^CPU${band.cpu}:?\\s+`), '');
}
