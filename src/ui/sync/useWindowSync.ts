import { useEffect } from 'react';
import type { AppState } from '../store/appStore';
import { useAppStoreApi } from '../store/StoreContext';
import { peekTrace } from '../store/traceCache';
import { approveCostlyRun, isCostlyRunApproved } from '../worker/costBudget';
import { setRemote } from './remote';
import { parseSyncMessage, SYNC_CHANNEL, type StateMessage, type SyncMessage } from './syncMessage';

/*
 * The presenter's window leads, the audience window on the projector follows (BroadcastChannel,
 * same machine). The leader (a presenter or app window) posts what the audience should show
 * whenever that changes, when an audience says hello, and when it (re)loads, so a presenter
 * reload or a new link carries the audience along. An audience never posts its state: its keys
 * ask the leader to move, so the presenter is never dragged back to what the audience showed.
 */
const isAudience = (s: AppState) => s.view === 'audience';

/** What the audience shows: in the presenter view, blank means the audience window only. */
function audienceBlank(s: AppState): boolean {
  return s.view === 'presenter' ? s.audienceBlanked : s.blanked;
}

function stateOf(s: AppState, from: string): StateMessage {
  return {
    type: 'state',
    from,
    presetName: s.presetName,
    config: s.config,
    cursor: s.cursor,
    blanked: audienceBlank(s),
    approved: isCostlyRunApproved(s.config),
    compare: s.compare,
  };
}

/**
 * Applies a leader's state; false (and nothing changed) when its cursor is out of range of a
 * trace this window has. A trace still to be simulated here is checked when it arrives: the
 * store clamps the cursor then.
 */
function applyState(s: AppState, m: StateMessage): boolean {
  const total = m.compare ? undefined : peekTrace(m.config)?.steps.length;
  if (total !== undefined && m.cursor > total) return false;
  // a costly layout runs here only because the presenter approved it there
  if (m.approved) approveCostlyRun(m.config);
  if (JSON.stringify(m.compare) !== JSON.stringify(s.compare)) s.setCompare(m.compare, m.cursor);
  if (m.presetName !== s.presetName || JSON.stringify(m.config) !== JSON.stringify(s.config))
    s.setScenario(m.presetName, m.config, m.cursor);
  else if (m.cursor !== s.cursor) s.goTo(m.cursor);
  if (m.blanked !== s.blanked) s.toggleBlank();
  return true;
}

export function useWindowSync(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(SYNC_CHANNEL);
    const me = Math.random().toString(36).slice(2, 10) || '0';
    let leader: string | null = null;
    const send = (m: SyncMessage) => channel.postMessage(m);
    // sent after the key's task, coalesced: a step's frame is not kept waiting on a structured
    // clone of the config, and a held arrow key sends one state per task at most
    let stateQueued = false;
    let closed = false;
    const sendStateSoon = () => {
      if (stateQueued) return;
      stateQueued = true;
      window.setTimeout(() => {
        stateQueued = false;
        if (!closed && !isAudience(store.getState())) send(stateOf(store.getState(), me));
      }, 0);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (isAudience(s)) return;
      if (
        s.cursor !== prev.cursor ||
        s.presetName !== prev.presetName ||
        s.config !== prev.config ||
        s.compare !== prev.compare ||
        audienceBlank(s) !== audienceBlank(prev) ||
        s.view !== prev.view
      )
        sendStateSoon();
    });
    channel.onmessage = (e: MessageEvent<unknown>) => {
      const m = parseSyncMessage(e.data);
      if (!m) return; // junk, another build's message or an invalid config: never used
      const s = store.getState();
      if (isAudience(s)) {
        if (m.type === 'bye' && m.from === leader) {
          leader = null;
          setRemote(store, null);
        }
        if (m.type !== 'state') return;
        if (applyState(s, m)) {
          const to = m.from;
          leader = to;
          setRemote(store, {
            move: (move) => send({ type: 'move', to, move }),
            blank: (on) => send({ type: 'blank', to, on }),
          });
        }
        return;
      }
      if (s.view === 'embed') return;
      switch (m.type) {
        case 'hello':
          send(stateOf(s, me));
          break;
        case 'move':
          if (m.to === me) s.move(m.move);
          break;
        case 'blank':
          if (m.to !== me) break;
          if (s.view === 'presenter') s.setAudienceBlanked(m.on);
          else if (m.on !== s.blanked) s.toggleBlank();
          break;
        case 'state':
        case 'bye':
          break; // leaders do not follow each other
      }
    };
    // an audience asks what to show; a leader that just (re)loaded tells any audience at once
    if (isAudience(store.getState())) send({ type: 'hello' });
    else if (store.getState().view !== 'embed') send(stateOf(store.getState(), me));
    // a leader closing its window says so (a reload says hello again at once)
    const bye = () => {
      const v = store.getState().view;
      if (v === 'presenter' || v === 'app') send({ type: 'bye', from: me });
    };
    window.addEventListener('pagehide', bye);
    return () => {
      window.removeEventListener('pagehide', bye);
      unsubscribe();
      setRemote(store, null);
      closed = true;
      channel.close();
    };
  }, [store]);
}
