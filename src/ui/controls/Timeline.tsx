import { useMemo } from 'react';
import { PHASE_LABEL, PHASE_SHORT, phaseSegments } from '../model/phases';
import { selectCursor } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useTrace } from '../store/useStep';

const selectGoTo = (s: import('../store/appStore').AppState) => s.goTo;

/**
 * The slider over all steps, with the phases drawn under it as labelled bands. Bands get a
 * minimum width so that a 30-step phase stays visible next to a long PL1 setup.
 */
export function Timeline() {
  const trace = useTrace();
  const cursor = useAppStore(selectCursor);
  const goTo = useAppStore(selectGoTo);
  const total = trace.steps.length;
  const segs = phaseSegments(trace);
  const bands = useMemo(() => {
    const min = 0.06;
    const raw = segs.map((s) => (s.last - s.first + 1) / total);
    const bumped = raw.map((r) => Math.max(min, r));
    const sum = bumped.reduce((a, b) => a + b, 0);
    return segs.map((s, i) => ({ ...s, width: bumped[i]! / sum }));
  }, [segs, total]);
  // the slider itself is linear in steps; bands sit under it as a legend with their ranges
  const current = segs.find((s) => cursor >= s.first && cursor <= s.last);
  return (
    <div className="timeline">
      <input
        type="range"
        min={1}
        max={total}
        value={cursor}
        onChange={(e) => goTo(Number(e.target.value))}
        aria-label="Step"
        aria-valuetext={`Step ${cursor} of ${total}${current ? `, ${PHASE_LABEL[current.phase]}` : ''}`}
      />
      <ol className="phase-bands" aria-label="Phases">
        {bands.map((b) => {
          const here = cursor >= b.first && cursor <= b.last;
          return (
            <li
              key={b.first}
              style={{ flexGrow: b.width }}
              className={`phase-band phase-${b.phase}${here ? ' here' : ''}`}
            >
              <button
                type="button"
                onClick={() => goTo(b.first)}
                aria-current={here ? 'step' : undefined}
                title={`${PHASE_LABEL[b.phase]}: steps ${b.first}–${b.last}`}
              >
                <span aria-hidden="true">{PHASE_SHORT[b.phase]}</span>
                <span className="sr-only">
                  {PHASE_LABEL[b.phase]}, steps {b.first} to {b.last}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
