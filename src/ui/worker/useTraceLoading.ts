import { startTransition, useEffect, useState, useSyncExternalStore } from 'react';
import type { Config } from '../../engine/scenario/config';
import type { CostEstimate } from '../../engine/scenario/cost';
import type { Trace } from '../../engine/trace/types';
import type { UrlState } from '../../url/codec';
import { selectConfig, selectView } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import type { AppStore } from '../store/appStore';
import {
  CancelledError,
  cancelLoad,
  configKey,
  getLoadProgress,
  loadTrace,
  peekTrace,
  subscribeLoadProgress,
} from '../store/traceCache';
import { fallbackConfig, searchFor, stepFromLink } from '../url/urlState';
import {
  approvalsVersion,
  costOverBudget,
  isCostlyRunApproved,
  subscribeApprovals,
} from './costBudget';

const isLoading = (): boolean => getLoadProgress() !== null;

export type TraceStatus =
  | { readonly kind: 'ready' }
  /** Simulating: LoadingPanel follows the run's progress itself (only it re-renders). */
  | {
      readonly kind: 'loading';
      readonly key: string;
      /** The trace is in; its panels are being rendered. */
      readonly drawing: boolean;
    }
  /** Over budget and not approved: the app asks; the audience waits for its presenter. */
  | { readonly kind: 'confirm'; readonly cost: CostEstimate; readonly audience: boolean }
  | { readonly kind: 'failed' };

/** The link the page was opened with: its step is fitted once its trace arrives. */
let pendingLink: { key: string; link: UrlState } | null = null;
export function expectLink(config: Config, link: UrlState): void {
  pendingLink = { key: configKey(config), link };
}

const handled = new WeakSet<Promise<unknown>>();

/** The last scenario that simulated: where a cancelled or failed run goes back to. */
let lastGood: { presetName: string; config: Config } | null = null;

function arrived(store: AppStore, config: Config): void {
  const s = store.getState();
  const trace = peekTrace(config);
  if (!trace || s.config !== config) return;
  lastGood = { presetName: s.presetName, config };
  const key = configKey(config);
  if (pendingLink?.key === key) {
    // the cursor, not the link's step: a presenter's window may have moved it meanwhile
    const asked = pendingLink.link.step === null && s.cursor === 1 ? null : s.cursor;
    const moved = asked !== pendingLink.link.step;
    // a step moved since (by a presenter) or aligned (comparing) is no single event's number
    const link = {
      ...pendingLink.link,
      step: asked,
      ...(moved || s.compare ? { stepKey: null } : {}),
    };
    // comparing, the step is an aligned one: the compare view fits it once both sides are in
    const total = s.compare ? Number.MAX_SAFE_INTEGER : trace.steps.length;
    const r = stepFromLink(link, trace, total);
    pendingLink = null;
    s.goTo(r.step);
    if (r.messages.length) s.addMessages(r.messages);
  } else s.goTo(s.cursor); // clamps a cursor asked for before the length was known
  // the link gains the trace's fingerprint, which was unknown while it was simulated
  const search = searchFor(store.getState());
  if (search !== location.search) history.replaceState(history.state, '', search);
}

/** Leaves a scenario that will not be shown (cancelled, failed) for the last good one. */
function goBack(store: AppStore, message: string): boolean {
  const s = store.getState();
  const back = lastGood ?? {
    presetName: s.presetName,
    config: fallbackConfig(s.presetName),
  };
  s.addMessages([`${message}: showing the ${back.presetName} scenario.`]);
  if (configKey(back.config) === configKey(s.config)) return false;
  s.setScenario(back.presetName, back.config, lastGood ? s.cursor : 1);
  return true;
}

/** Cancels the run in flight and goes back to the last scenario shown. */
export function cancelAndGoBack(store: AppStore): void {
  const s = store.getState();
  cancelLoad();
  if (!goBack(store, `Cancelled simulating ${s.presetName}`)) stoppedKey = configKey(s.config);
}
/** A config whose run was stopped with nothing to go back to: shown as stopped until retried. */
let stoppedKey: string | null = null;
export function retryStopped(): void {
  stoppedKey = null;
}

/** What the page shows: the loading status of the store's config, and the trace on screen. */
export interface TraceLoading {
  readonly status: TraceStatus;
  /**
   * The trace the panels draw: the config's once its first render is committed, until then
   * the one shown before (kept on screen while the next is simulated), or null at first.
   */
  readonly shown: Trace | null;
}

/**
 * Simulates the store's config in the worker whenever it changes (cancelling the run in
 * flight), unless it is over budget and not approved; fits the cursor when the trace arrives.
 */
export function useTraceLoading(): TraceLoading {
  const store = useAppStoreApi();
  const config = useAppStore(selectConfig);
  const view = useAppStore(selectView);
  useSyncExternalStore(subscribeApprovals, approvalsVersion);
  // only whether a run is in flight (a cancel must re-render); its ticks re-render LoadingPanel
  useSyncExternalStore(subscribeLoadProgress, isLoading);
  const [, setStopped] = useState(0);
  const [shown, setShown] = useState<Trace | null>(null);
  const key = configKey(config);
  const trace = peekTrace(config);
  const approved = isCostlyRunApproved(config);

  useEffect(() => {
    if (trace) {
      // the panels' render of a new trace is the page's biggest: as a transition React
      // renders it in slices between frames instead of one long task, and the trace shown
      // before (or the progress) stays up meanwhile
      if (shown !== trace) startTransition(() => setShown(trace));
      return;
    }
    if (!approved) {
      cancelLoad(); // changing scenario stops the run in flight
      return;
    }
    if (stoppedKey === key) return;
    const run = loadTrace(config);
    // StrictMode and re-renders may subscribe twice to one run: it is acted on once
    if (handled.has(run)) return;
    handled.add(run);
    run.then(
      // the re-render that the run's end causes shows the trace (above); this fits the cursor
      () => arrived(store, config),
      (err: unknown) => {
        if (err instanceof CancelledError || store.getState().config !== config) return;
        const why = err instanceof Error ? err.message : String(err);
        if (!goBack(store, `The scenario could not be simulated (${why})`)) {
          stoppedKey = key;
          setStopped((n) => n + 1);
        }
      },
    );
  }, [store, config, key, trace, shown, approved]);

  const status: TraceStatus =
    trace && shown === trace
      ? { kind: 'ready' }
      : trace
        ? { kind: 'loading', key, drawing: true }
        : !approved
          ? { kind: 'confirm', cost: costOverBudget(config)!, audience: view === 'audience' }
          : stoppedKey === key
            ? { kind: 'failed' }
            : { kind: 'loading', key, drawing: false };
  return { status, shown };
}
