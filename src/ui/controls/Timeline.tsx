import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { KeyMoment } from '../../engine/trace/types';
import { PHASE_LABEL } from '../model/phases';
import {
  momentPositions,
  shortMomentLabel,
  timelineBands,
  type TimelineBand,
} from '../model/timelineBands';
import { selectCursor } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useTrace } from '../store/useStep';
import './timeline.css';

const selectGoTo = (s: import('../store/appStore').AppState) => s.goTo;

const ROWS = 2;
const GAP = 4;
/** Which labels win the room when moments crowd: the story's turning points first. */
const PRIORITY: readonly string[] = [
  'consequence',
  'httbr-switch',
  'tlbiallh',
  'mmu-on',
  'trampoline-jump',
  'return-svc',
];

/**
 * Gives each moment's label a row (and a side of its marker) where it runs into no other label,
 * most important moments first; a label with no room keeps its marker (its name in the tooltip
 * and the accessible name) and hides its text. Measured after layout and written to data
 * attributes, so a resize only moves labels and never re-renders.
 */
function placeLabels(row: HTMLElement): void {
  const width = row.clientWidth;
  const origin = row.getBoundingClientRect().left;
  const taken: [number, number][][] = Array.from({ length: ROWS }, () => []);
  const free = (r: number, a: number, b: number) =>
    a >= 0 && b <= width && taken[r]!.every(([x, y]) => b + GAP <= x || a >= y + GAP);
  const markers = [...row.querySelectorAll<HTMLElement>('.moment-marker')];
  const rank = (el: HTMLElement) => {
    const k = PRIORITY.findIndex((p) => el.classList.contains(`moment-${p}`));
    return k < 0 ? PRIORITY.length : k;
  };
  markers.sort((a, b) => rank(a) - rank(b));
  // measure every label shown (a hidden one measures 0), then place them all
  for (const el of markers) el.dataset.row = '0';
  const sizes = markers.map((el) => {
    const box = el.getBoundingClientRect();
    const label = el.querySelector<HTMLElement>('.moment-label');
    return { x: box.left - origin + box.width / 2, w: label ? label.scrollWidth : 0 };
  });
  for (const [k, el] of markers.entries()) {
    const { x, w } = sizes[k]!; // x: the diamond's centre
    let placed = false;
    for (let r = 0; r < ROWS && !placed; r++) {
      for (const flip of [false, true]) {
        const [a, b] = flip ? [x - w, x] : [x, x + w];
        if (!free(r, a, b)) continue;
        taken[r]!.push([a, b]);
        el.dataset.row = String(r);
        el.dataset.flip = flip ? '1' : '0';
        placed = true;
        break;
      }
    }
    if (!placed) el.dataset.row = 'none';
  }
}

const MomentMarker = memo(function MomentMarker({
  m,
  text,
  at,
  current,
  onGo,
}: {
  m: KeyMoment;
  text: string;
  at: number;
  current: boolean;
  onGo: (step: number) => void;
}) {
  const name = `${m.label} (step ${m.step})`;
  return (
    <li className="moment-item" style={{ left: `${at * 100}%` }}>
      <button
        type="button"
        className={`moment-marker moment-${m.kind}${current ? ' here' : ''}`}
        onClick={() => onGo(m.step)}
        aria-current={current ? 'step' : undefined}
        aria-label={`Key moment: ${name}`}
        title={name}
        data-step={m.step}
      >
        <span className="moment-diamond" aria-hidden="true">
          ◆
        </span>
        <span className="moment-label" aria-hidden="true">
          {text}
        </span>
      </button>
    </li>
  );
});

/** One phase's band; memoised, so a step re-renders only the bands it enters or leaves. */
const PhaseBand = memo(function PhaseBand({
  band: b,
  here,
  onGo,
}: {
  band: TimelineBand;
  here: boolean;
  onGo: (step: number) => void;
}) {
  return (
    <li
      style={{ flexGrow: b.width }}
      className={`phase-band phase-${b.phase}${here ? ' here' : ''}`}
      data-testid="phase-band"
    >
      <button
        type="button"
        onClick={() => onGo(b.first)}
        aria-current={here ? 'step' : undefined}
        title={`${b.label}: steps ${b.first}–${b.last}`}
      >
        <span aria-hidden="true" className="band-short">
          {b.short}
        </span>
        <span className="sr-only">
          {b.cpu === null ? PHASE_LABEL[b.phase] : b.label}, steps {b.first} to {b.last}
        </span>
      </button>
    </li>
  );
});

/**
 * The slider over all steps; under it the phases as labelled bands (naming their CPU) and the
 * engine's key moments as labelled markers placed in their band.
 */
export function Timeline() {
  const trace = useTrace();
  const cursor = useAppStore(selectCursor);
  const goTo = useAppStore(selectGoTo);
  const total = trace.steps.length;
  const bands = timelineBands(trace);
  const current = bands.find((s) => cursor >= s.first && cursor <= s.last);
  // what each marker shows depends on the trace only: worked out once, not on every step
  const markers = useMemo(
    () =>
      bands.flatMap((b) => {
        const at = momentPositions(b);
        return b.moments.map((m, j) => ({ m, text: shortMomentLabel(b, m.label), at: at[j]! }));
      }),
    [bands],
  );
  const rowRef = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    const row = rowRef.current;
    if (!row) return;
    // placed from the observer's first report, which comes in the frame's own layout pass:
    // measuring here, right after the commit, would force an extra layout of the whole page
    const ro = new ResizeObserver(() => placeLabels(row));
    ro.observe(row);
    return () => ro.disconnect();
  }, [trace]);
  return (
    <div className="timeline">
      <input
        type="range"
        min={1}
        max={total}
        value={cursor}
        onChange={(e) => goTo(Number(e.target.value))}
        aria-label="Step"
        aria-valuetext={`Step ${cursor} of ${total}${current ? `, ${current.label}` : ''}`}
      />
      <ol className="phase-bands" aria-label="Phases">
        {bands.map((b) => (
          <PhaseBand
            key={b.first}
            band={b}
            here={cursor >= b.first && cursor <= b.last}
            onGo={goTo}
          />
        ))}
      </ol>
      {trace.moments.length > 0 && (
        <ol className="moment-row" aria-label="Key moments" ref={rowRef}>
          {markers.map(({ m, text, at }) => (
            <MomentMarker
              key={`${m.step}-${m.kind}`}
              m={m}
              text={text}
              at={at}
              current={m.step === cursor}
              onGo={goTo}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
