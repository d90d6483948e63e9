import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Config } from '../../engine/scenario/config';
import type { CostEstimate } from '../../engine/scenario/cost';
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
  | { readonly kind: 'loading'; readonly key: string }
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

/**
 * Simulates the store's config in the worker whenever it changes (cancelling the run in
 * flight), unless it is over budget and not approved; fits the cursor when the trace arrives.
 */
export function useTraceLoading(): TraceStatus {
  const store = useAppStoreApi();
  const config = useAppStore(selectConfig);
  const view = useAppStore(selectView);
  useSyncExternalStore(subscribeApprovals, approvalsVersion);
  // only whether a run is in flight (a cancel must re-render); its ticks re-render LoadingPanel
  useSyncExternalStore(subscribeLoadProgress, isLoading);
  const [, setArrivals] = useState(0);
  const key = configKey(config);
  const ready = peekTrace(config) !== undefined;
  const approved = isCostlyRunApproved(config);

  useEffect(() => {
    if (ready) return;
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
      () => {
        arrived(store, config);
        setArrivals((n) => n + 1);
      },
      (err: unknown) => {
        if (err instanceof CancelledError || store.getState().config !== config) return;
        const why = err instanceof Error ? err.message : String(err);
        if (!goBack(store, `The scenario could not be simulated (${why})`)) {
          stoppedKey = key;
          setArrivals((n) => n + 1);
        }
      },
    );
  }, [store, config, key, ready, approved]);

  if (ready) return { kind: 'ready' };
  if (!approved)
    return { kind: 'confirm', cost: costOverBudget(config)!, audience: view === 'audience' };
  if (stoppedKey === key) return { kind: 'failed' };
  return { kind: 'loading', key };
}
