import { useEffect, useState, useSyncExternalStore } from 'react';
import { getLoadProgress, subscribeLoadProgress } from '../store/traceCache';
import { useAppStoreApi } from '../store/StoreContext';
import { selectPresetName } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { approveCostlyRun, countInWords } from './costBudget';
import { cancelAndGoBack, retryStopped, type TraceStatus } from './useTraceLoading';
import './loading.css';
import { groupedCount } from '../model/format';

/** Ticks every 100 ms while mounted: the elapsed time of a run in flight. */
function useNow(): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(performance.now()), 100);
    return () => window.clearInterval(id);
  }, []);
  return now;
}

function Progress({ status }: { status: Extract<TraceStatus, { kind: 'loading' }> }) {
  const store = useAppStoreApi();
  const now = useNow();
  // subscribed here, not in App: a progress tick re-renders this panel only
  const progress = useSyncExternalStore(subscribeLoadProgress, getLoadProgress);
  const p = progress?.key === status.key ? progress : null;
  const elapsed = p ? (now - p.startedAt) / 1000 : 0;
  const receiving = p?.phase === 'receiving' && p.of > 0;
  const label = status.drawing
    ? 'Drawing the panels…'
    : !p
      ? 'Starting the simulation…'
      : receiving
        ? `Receiving the trace: ${groupedCount(p.steps)} of ${groupedCount(p.of)} steps`
        : `Simulating: ${groupedCount(p.steps)} steps`;
  return (
    <div className="load-panel" data-testid="load-progress" role="status" aria-live="polite">
      <p className="load-title">{label}</p>
      {receiving ? (
        <progress className="load-bar" max={p.of} value={p.steps} aria-label="Trace received" />
      ) : (
        <progress className="load-bar" aria-label="Simulating" />
      )}
      <p className="load-elapsed" data-testid="load-elapsed">
        {elapsed.toFixed(1)} s elapsed
      </p>
      <button type="button" data-testid="load-cancel" onClick={() => cancelAndGoBack(store)}>
        Cancel
      </button>
    </div>
  );
}

function CostPrompt({ status }: { status: Extract<TraceStatus, { kind: 'confirm' }> }) {
  const store = useAppStoreApi();
  const { cost, audience } = status;
  const question = `This layout maps ${countInWords(cost.pagesMapped)} pages`;
  const detail = `About ${countInWords(cost.steps)} steps and ${groupedCount(cost.bytes / 1e6)} MB of trace.`;
  if (audience)
    return (
      <div className="load-panel" data-testid="cost-prompt" role="status">
        <p className="load-title">
          {question}: waiting for the presenter to approve simulating it.
        </p>
        <p>{detail}</p>
      </div>
    );
  return (
    <div className="load-panel" data-testid="cost-prompt" role="alertdialog" aria-label={question}>
      <p className="load-title">{question}: simulate anyway?</p>
      <p>{detail} The page stays responsive while it runs, and you can cancel.</p>
      <div className="load-actions">
        <button
          type="button"
          data-testid="cost-approve"
          onClick={() => approveCostlyRun(store.getState().config)}
        >
          Simulate anyway
        </button>
        <button type="button" data-testid="cost-decline" onClick={() => cancelAndGoBack(store)}>
          Go back
        </button>
      </div>
    </div>
  );
}

function Stopped() {
  const store = useAppStoreApi();
  const presetName = useAppStore(selectPresetName);
  return (
    <div className="load-panel" data-testid="load-stopped" role="status">
      <p className="load-title">The {presetName} scenario was not simulated.</p>
      <button
        type="button"
        onClick={() => {
          retryStopped();
          // a fresh config object makes the loader run again
          store.getState().setScenario(presetName, { ...store.getState().config });
        }}
      >
        Simulate it
      </button>
    </div>
  );
}

/** What the app shows instead of the panels until the trace is in: progress, or the cost prompt. */
export function LoadingPanel({ status }: { status: Exclude<TraceStatus, { kind: 'ready' }> }) {
  if (status.kind === 'loading') return <Progress status={status} />;
  if (status.kind === 'confirm') return <CostPrompt status={status} />;
  return <Stopped />;
}
