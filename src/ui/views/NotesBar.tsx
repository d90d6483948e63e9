import { useEffect, useState, type ReactNode } from 'react';
import { currentLink } from '../controls/Toolbar';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';

const selectSetView = (s: import('../store/appStore').AppState) => s.setView;

/** The presenter's talk timer: minutes and seconds since the view opened, with a reset. */
function Elapsed() {
  const [start, setStart] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const s = Math.max(0, Math.floor((now - start) / 1000));
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return (
    <span className="elapsed">
      elapsed{' '}
      <strong className="mono" data-testid="elapsed">
        {text}
      </strong>{' '}
      <button
        type="button"
        onClick={() => {
          setStart(Date.now());
          setNow(Date.now());
        }}
      >
        Reset timer
      </button>
    </span>
  );
}

/**
 * The last line of the presenter's notes, one scenario or a comparison: the timer, what the
 * view adds (`children`), the audience window and the way back to the app.
 */
export function NotesBar({ children }: { children?: ReactNode }) {
  const store = useAppStoreApi();
  const setView = useAppStore(selectSetView);
  return (
    <p className="notes-bar">
      <Elapsed />
      {children}
      <button
        type="button"
        onClick={() => window.open(currentLink(store, 'audience'), 'hypstep-audience', 'popup')}
      >
        Open audience window
      </button>
      <button type="button" onClick={() => setView('app')}>
        Leave presenter view (p)
      </button>
    </p>
  );
}
