import { useState } from 'react';
import { selectCursor } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useTrace } from '../store/useStep';
import './stepControls.css';

/** The first screen's one-line guide; it goes away with the first step and does not come back. */
export function FirstStepHint() {
  const cursor = useAppStore(selectCursor);
  const hasMoments = useTrace().moments.length > 0;
  const [first] = useState(cursor);
  const [stepped, setStepped] = useState(false);
  // derived state: once the cursor has moved, the hint has done its job
  if (!stepped && cursor !== first) setStepped(true);
  if (stepped || cursor !== first) return null;
  return (
    <p className="first-step-hint" data-testid="first-step-hint">
      Press <kbd>→</kbd> to step
      {hasMoments && (
        <>
          , <kbd>n</kbd> for the next key moment
        </>
      )}
      {' · '}
      <kbd>g</kbd> go to · <kbd>?</kbd> all keys
    </p>
  );
}
