import { useShallow } from 'zustand/react/shallow';
import { SPEEDS } from '../store/appStore';
import { selectCursor, selectPlaying, selectSpeed } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useTrace } from '../store/useStep';

const selectNav = (s: import('../store/appStore').AppState) => ({
  first: s.first,
  last: s.last,
  stepBy: s.stepBy,
  togglePlay: s.togglePlay,
  setSpeed: s.setSpeed,
});

export function StepCounter() {
  const total = useTrace().steps.length;
  const cursor = useAppStore(selectCursor);
  return (
    <p className="step-counter" data-testid="step-counter" aria-live="off">
      Step {cursor} of {total}
    </p>
  );
}

/** First, back, play/pause, forward, last, speed. */
export function StepControls() {
  const total = useTrace().steps.length;
  const cursor = useAppStore(selectCursor);
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const nav = useAppStore(useShallow(selectNav));
  return (
    <div className="step-controls" role="group" aria-label="Step controls">
      <button
        type="button"
        onClick={nav.first}
        disabled={cursor <= 1}
        aria-label="First step"
        title="First step (Home)"
      >
        |◀
      </button>
      <button
        type="button"
        onClick={() => nav.stepBy(-1)}
        disabled={cursor <= 1}
        aria-label="Back"
        title="Back (←)"
      >
        ◀
      </button>
      <button
        type="button"
        className="play"
        onClick={nav.togglePlay}
        aria-label={playing ? 'Pause' : 'Play'}
        aria-pressed={playing}
        title="Play / pause (Space)"
      >
        {playing ? '⏸' : '▶▶'}
      </button>
      <button
        type="button"
        onClick={() => nav.stepBy(1)}
        disabled={cursor >= total}
        aria-label="Forward"
        title="Forward (→)"
      >
        ▶
      </button>
      <button
        type="button"
        onClick={nav.last}
        disabled={cursor >= total}
        aria-label="Last step"
        title="Last step (End)"
      >
        ▶|
      </button>
      <label className="speed">
        <span className="sr-only">Speed</span>
        <select
          value={speed}
          onChange={(e) => nav.setSpeed(Number(e.target.value))}
          aria-label="Speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} step{s === 1 ? '' : 's'}/s
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
