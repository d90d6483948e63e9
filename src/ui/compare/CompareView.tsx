import { useEffect, useMemo } from 'react';
import type { Trace } from '../../engine/trace/types';
import { MessageBar } from '../controls/MessageBar';
import { Toolbar } from '../controls/Toolbar';
import { selectConfig, selectCursor, selectPresetName } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import { useTrace } from '../store/useStep';
import { currentPair } from './applyPair';
import { CompareBar, type CompareMarker } from './CompareBar';
import { CompareColumn } from './CompareColumn';
import { CompareNotes } from './CompareNotes';
import { handleCompareKey } from './compareKeys';
import {
  comparePair,
  differencesAtPosition,
  positionOfStep,
  type ComparedPair,
} from './compareModel';
import { claimSteppingFocus } from '../views/surfaceFocus';
import { sideLabel } from './sideLabel';
import { useCompareSide } from './useCompareSide';
import { groupedCount } from '../model/format';
import './compare.css';

const selectCompare = (s: import('../store/appStore').AppState) => s.compare;

/** Key moments of a comparison: where the sides first part, and each side's consequence. */
function compareMarkers(c: ComparedPair): CompareMarker[] {
  const out: CompareMarker[] = [];
  const first = c.firstDifference ?? c.starts[0];
  if (first !== undefined) out.push({ position: first, label: 'first divergence' });
  const consequence = (t: Trace, side: 'left' | 'right') => {
    for (const m of t.moments)
      if (m.kind === 'consequence')
        out.push({ position: positionOfStep(c, side, m.step), label: `${side}: ${m.label}` });
  };
  consequence(c.left, 'left');
  consequence(c.right, 'right');
  return out.sort((a, b) => a.position - b.position);
}

/**
 * Two scenarios side by side, stepping in lockstep on matching events (the alignment). In the
 * presenter and audience windows (`chrome` off) the same columns fill the screen, without the
 * toolbar; the presenter's keys and the window sync drive them as they drive one scenario, and
 * the presenter's window has its notes under them.
 */
export default function CompareView({
  chrome = true,
  notes = false,
}: {
  chrome?: boolean;
  /** The presenter's window: notes under the columns. */
  notes?: boolean;
}) {
  const store = useAppStoreApi();
  const compare = useAppStore(selectCompare)!;
  const presetName = useAppStore(selectPresetName);
  const config = useAppStore(selectConfig);
  const cursor = useAppStore(selectCursor);
  const left = useTrace();
  const right = useCompareSide(compare.config);
  const leftSide = useMemo(() => ({ preset: presetName, config }), [presetName, config]);
  const compared = right.kind === 'ready' ? comparePair(left, right.trace) : null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (
        t instanceof HTMLElement &&
        (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA') &&
        (t as HTMLInputElement).type !== 'range'
      )
        return;
      if (handleCompareKey(e, store)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const markers = useMemo(() => (compared ? compareMarkers(compared) : []), [compared]);
  const pair = currentPair(leftSide, compare);
  const leftLabel = sideLabel(leftSide);
  const rightLabel = sideLabel(compare);

  let body;
  if (!compared) {
    body = (
      <div className="compare-status" role="status">
        {right.kind === 'loading' && <p>Simulating the compared scenario ({rightLabel})…</p>}
        {right.kind === 'failed' && (
          <p>The compared scenario could not be simulated: {right.message}</p>
        )}
        {right.kind === 'too-costly' && (
          <p>
            The compared scenario would take about {groupedCount(right.steps)} steps: too many to
            align in the page. Compare it with the CLI:{' '}
            <code>
              npx hypstep diff --left {presetName} --right {compare.preset}
            </code>
          </p>
        )}
      </div>
    );
  } else {
    const total = compared.alignment.pairs.length;
    const position = Math.min(Math.max(0, cursor - 1), total - 1);
    const p = compared.alignment.pairs[position]!;
    const differences = differencesAtPosition(compared, position);
    body = (
      <>
        <CompareBar
          compared={compared}
          position={position}
          differences={differences}
          markers={markers}
          teaches={pair?.teaches ?? null}
        />
        <main className="compare-main" id="stepping-surface" tabIndex={-1} ref={claimSteppingFocus}>
          <CompareColumn
            side="left"
            label={leftLabel}
            trace={compared.left}
            shown={compared.shownLeft[position]!}
            present={p.left !== null}
            differences={differences}
          />
          <CompareColumn
            side="right"
            label={rightLabel}
            trace={compared.right}
            shown={compared.shownRight[position]!}
            present={p.right !== null}
            differences={differences}
          />
        </main>
        {notes && (
          <CompareNotes
            compared={compared}
            position={position}
            leftLabel={leftLabel}
            rightLabel={rightLabel}
          />
        )}
      </>
    );
  }
  return (
    <div className={`compare-view${chrome ? '' : ' compare-slides'}`}>
      {chrome ? (
        <header className="app-header">
          <Toolbar />
          <MessageBar />
        </header>
      ) : (
        <h1 className="compare-slide-title">
          {leftLabel} <span className="dim">vs</span> {rightLabel}
        </h1>
      )}
      {body}
    </div>
  );
}
