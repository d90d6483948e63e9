import { useEffect } from 'react';
import type { AppState } from '../store/appStore';
import { useAppStoreApi } from '../store/StoreContext';

/*
 * Windows of hypstep on one machine follow each other over a BroadcastChannel: the presenter's
 * window and the audience window on the projector. Every window posts what it shows when that
 * changes by its own hand, and applies what others post; applying an equal state posts nothing,
 * so there is no echo.
 */
const CHANNEL = 'hypstep-sync';

interface SyncMessage {
  readonly type: 'state' | 'hello';
  readonly presetName?: string;
  readonly config?: AppState['config'];
  readonly cursor?: number;
  readonly blanked?: boolean;
}

export function useWindowSync(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(CHANNEL);
    let applying = false;
    const post = (s: AppState) =>
      channel.postMessage({
        type: 'state',
        presetName: s.presetName,
        config: s.config,
        cursor: s.cursor,
        blanked: s.blanked,
      } satisfies SyncMessage);
    const unsubscribe = store.subscribe((s, prev) => {
      if (applying) return;
      if (
        s.cursor !== prev.cursor ||
        s.presetName !== prev.presetName ||
        s.config !== prev.config ||
        s.blanked !== prev.blanked
      )
        post(s);
    });
    channel.onmessage = (e: MessageEvent<SyncMessage>) => {
      const m = e.data;
      const s = store.getState();
      if (m.type === 'hello') {
        // a window that just opened asks what to show; the presenter answers
        if (s.view === 'presenter' || s.view === 'app') post(s);
        return;
      }
      if (typeof m.presetName !== 'string' || typeof m.cursor !== 'number' || !m.config) return;
      applying = true;
      try {
        if (m.presetName !== s.presetName || JSON.stringify(m.config) !== JSON.stringify(s.config))
          s.setScenario(m.presetName, m.config, m.cursor);
        else if (m.cursor !== s.cursor) s.goTo(m.cursor);
        if (typeof m.blanked === 'boolean' && m.blanked !== store.getState().blanked)
          store.getState().toggleBlank();
      } finally {
        applying = false;
      }
    };
    if (store.getState().view === 'audience')
      channel.postMessage({ type: 'hello' } satisfies SyncMessage);
    return () => {
      unsubscribe();
      channel.close();
    };
  }, [store]);
}
