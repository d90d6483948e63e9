import { useEffect, useState } from 'react';

/** The presenter's talk timer: minutes and seconds since the view opened, with a reset. */
export function Elapsed() {
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
