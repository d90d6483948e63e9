import { useShallow } from 'zustand/react/shallow';
import { SPEEDS } from '../store/appStore';
import { selectCursor, selectMomentsOnly, selectPlaying, selectSpeed } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useTrace } from '../store/useStep';
import { PauseIcon, PlayIcon, StepBackIcon, StepForwardIcon } from './mediaIcons';
import './stepControls.css';

/* First and last as arrows to a bar; step back / forward and play as media-player icons. */
const ICON = { first: '⇤', last: '⇥' } as const;

const selectNav = (s: import('../store/appStore').AppState) => ({
  first: s.first,
  last: s.last,
  stepBy: s.stepBy,
  togglePlay: s.togglePlay,
  setSpeed: s.setSpeed,
  move: s.move,
  setMomentsOnly: s.setMomentsOnly,
});

/** "Key moments only": forward / back (keys, clickers, buttons) go from moment to moment. */
export function MomentsToggle() {
  const on = useAppStore(selectMomentsOnly);
  const set = useAppStore((s) => s.setMomentsOnly);
  const count = useTrace().moments.length;
  return (
    <label
      className="moments-toggle"
      title={`Key moments only (m): → and ← go from one key moment to the next (${count} in this scenario)`}
    >
      <input type="checkbox" checked={on} onChange={(e) => set(e.target.checked)} />
      Key moments only
    </label>
  );
}

export function StepCounter() {
  const total = useTrace().steps.length;
  const cursor = useAppStore(selectCursor);
  return (
    <p className="step-counter" data-testid="step-counter" aria-live="off">
      Step {cursor} of {total}
    </p>
  );
}

/** First, back, play/pause, forward, last, speed, and the talk mode's "key moments only". */
export function StepControls() {
  const trace = useTrace();
  const total = trace.steps.length;
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const momentsOnly = useAppStore(selectMomentsOnly);
  const nav = useAppStore(useShallow(selectNav));
  // flags, not the cursor: a step re-renders the controls only when a button turns on or off
  const atFirst = useAppStore((s) => s.cursor <= 1);
  const atLast = useAppStore((s) => s.cursor >= total);
  const canBack = useAppStore((s) =>
    momentsOnly ? trace.moments.some((m) => m.step < s.cursor) : s.cursor > 1,
  );
  const canForward = useAppStore((s) =>
    momentsOnly ? trace.moments.some((m) => m.step > s.cursor) : s.cursor < total,
  );
  return (
    <div className="step-controls" role="group" aria-label="Step controls">
      <button
        type="button"
        onClick={nav.first}
        disabled={atFirst}
        aria-label="First step"
        title="First step (Home)"
      >
        {ICON.first}
      </button>
      <button
        type="button"
        onClick={() => nav.move('back')}
        disabled={!canBack}
        aria-label="Back"
        title={momentsOnly ? 'Previous key moment (←)' : 'Step back (←)'}
      >
        <StepBackIcon />
      </button>
      <button
        type="button"
        className="play"
        onClick={nav.togglePlay}
        aria-label={playing ? 'Pause' : 'Play'}
        aria-pressed={playing}
        title="Play / pause (Space)"
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button
        type="button"
        onClick={() => nav.move('forward')}
        disabled={!canForward}
        aria-label="Forward"
        title={momentsOnly ? 'Next key moment (→)' : 'Step forward (→)'}
      >
        <StepForwardIcon />
      </button>
      <button
        type="button"
        onClick={nav.last}
        disabled={atLast}
        aria-label="Last step"
        title="Last step (End)"
      >
        {ICON.last}
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
      <MomentsToggle />
    </div>
  );
}
