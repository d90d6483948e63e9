import type { Difference } from '../../engine/compare/diff';
import { useAppStoreApi } from '../store/StoreContext';
import type { ComparedPair } from './compareModel';
import { nextDivergence } from './compareModel';
import { shortDifference } from './describeDifference';

export interface CompareMarker {
  readonly position: number; // 0-based aligned position
  readonly label: string;
}

/**
 * The shared controls of a comparison: aligned step, the two sides' own step numbers, the
 * differences here, jumps between differences, and a timeline of where the sides part.
 */
export function CompareBar(props: {
  compared: ComparedPair;
  position: number;
  differences: readonly Difference[];
  markers: readonly CompareMarker[];
  teaches: string | null;
}) {
  const { compared: c, position, differences, markers, teaches } = props;
  const store = useAppStoreApi();
  const total = c.alignment.pairs.length;
  const pair = c.alignment.pairs[position]!;
  const go = (pos: number | null) => pos !== null && store.getState().goTo(pos + 1);
  const starts = c.starts;
  const here =
    pair.left === null
      ? 'only the right side does this; the left holds'
      : pair.right === null
        ? 'only the left side does this; the right holds'
        : differences.length
          ? `differences: ${differences.map(shortDifference).join(', ')}`
          : 'the same on both sides';
  return (
    <div className="compare-bar">
      <div className="compare-bar-row">
        <span className="step-counter" data-testid="compare-counter" aria-live="polite">
          Aligned step {position + 1} of {total}
        </span>
        <button
          type="button"
          onClick={() => go(nextDivergence(c, position, -1))}
          title="Previous difference (Shift+D)"
          disabled={nextDivergence(c, position, -1) === null}
        >
          ◀ Difference
        </button>
        <button
          type="button"
          onClick={() => go(nextDivergence(c, position, 1))}
          title="Next difference (d)"
          disabled={nextDivergence(c, position, 1) === null}
        >
          Difference ▶
        </button>
        <span className="compare-summary">
          {c.alignment.matched} matched, {c.alignment.onlyLeft} only left, {c.alignment.onlyRight}{' '}
          only right; {starts.length} places they part
        </span>
      </div>
      <p
        className={`compare-here${differences.length || pair.left === null || pair.right === null ? ' differs' : ''}`}
        data-testid="compare-here"
        title={here}
      >
        Here: {here}
      </p>
      <div className="compare-timeline">
        <input
          type="range"
          min={1}
          max={total}
          value={position + 1}
          aria-label="Aligned step"
          onChange={(e) => store.getState().goTo(Number(e.target.value))}
        />
        <div className="compare-ticks" aria-hidden="true">
          {starts.map((p) => (
            <span
              key={p}
              className="compare-tick"
              style={{ left: `${(p / Math.max(1, total - 1)) * 100}%` }}
            />
          ))}
        </div>
        <div className="compare-markers">
          {markers.map((m) => (
            <button
              key={`${m.position}-${m.label}`}
              type="button"
              className="compare-marker"
              style={{ left: `${(m.position / Math.max(1, total - 1)) * 100}%` }}
              onClick={() => go(m.position)}
              title={`${m.label} (aligned step ${m.position + 1})`}
            >
              {m.label}
            </button>
          ))}
        </div>
      </div>
      {teaches && <p className="compare-teaches">{teaches}</p>}
    </div>
  );
}
