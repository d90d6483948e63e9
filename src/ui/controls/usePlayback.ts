import { useEffect } from 'react';
import { selectPlaying, selectSpeed } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';

/** While playing, one step per 1/speed seconds; stepBy stops playing at the end. */
export function usePlayback(): void {
  const store = useAppStoreApi();
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => store.getState().stepBy(1), 1000 / speed);
    return () => window.clearInterval(id);
  }, [playing, speed, store]);
}
