import type { AppStore } from '../store/appStore';
import { nextDivergence } from './compareModel';
import { peekCompared } from './peekCompared';

/** `d` / `Shift+D`: the next / previous place the two sides part. True when it handled the key. */
export function handleCompareKey(e: KeyboardEvent, store: AppStore): boolean {
  if (e.key !== 'd' && e.key !== 'D') return false;
  const s = store.getState();
  if (!s.compare) return false;
  const c = peekCompared(s.config, s.compare.config);
  if (!c) return false;
  const pos = nextDivergence(c, s.cursor - 1, e.shiftKey || e.key === 'D' ? -1 : 1);
  if (pos !== null) s.goTo(pos + 1);
  return true;
}
