import { useEffect } from 'react';
import type { AppState } from '../store/appStore';
import { useAppStoreApi } from '../store/StoreContext';
import { dataFromSearch, searchFor } from './urlState';

/*
 * Safari refuses more than about 100 history updates in 30 s; a presenter holding an arrow
 * key makes 30 steps a second. One replaceState per 400 ms at most (trailing, so the last step
 * is always written) keeps under that with room to spare.
 */
const REPLACE_EVERY_MS = 400;

const scenarioChanged = (a: AppState, b: AppState) =>
  a.presetName !== b.presetName || a.config !== b.config || a.compare !== b.compare;

/** The one writer of the URL: a store subscriber. Scenario changes push, stepping replaces. */
export function useUrlSync(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    let timer: number | null = null;
    let lastWrite = 0;
    let applyingPop = false;
    const write = () => {
      timer = null;
      lastWrite = performance.now();
      const search = searchFor(store.getState());
      if (search !== location.search) history.replaceState(null, '', search);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (applyingPop) return;
      if (scenarioChanged(s, prev)) {
        if (timer !== null) window.clearTimeout(timer);
        timer = null;
        lastWrite = performance.now();
        history.pushState(null, '', searchFor(s));
        return;
      }
      if (
        s.cursor === prev.cursor &&
        s.view === prev.view &&
        s.tablesTab === prev.tablesTab &&
        s.inspectText === prev.inspectText &&
        s.momentsOnly === prev.momentsOnly
      )
        return;
      if (timer !== null) return;
      const wait = Math.max(0, REPLACE_EVERY_MS - (performance.now() - lastWrite));
      timer = window.setTimeout(write, wait);
    });
    const onPop = () => {
      const d = dataFromSearch(location.search);
      applyingPop = true;
      try {
        const s = store.getState();
        if (s.presetName !== d.presetName || JSON.stringify(s.config) !== JSON.stringify(d.config))
          s.setScenario(d.presetName, d.config, d.cursor);
        else s.goTo(d.cursor);
        if (JSON.stringify(s.compare) !== JSON.stringify(d.compare))
          s.setCompare(d.compare, d.cursor);
        s.setView(d.view);
        if (d.tablesTab) s.setTablesTab(d.tablesTab);
        if (d.inspectText) s.setInspectText(d.inspectText);
        s.setMomentsOnly(d.momentsOnly);
        if (d.messages.length) s.addMessages(d.messages);
      } finally {
        applyingPop = false;
      }
    };
    // leaving the page (closing the tab, session restore) keeps the last step, not the throttled one
    const flush = () => {
      if (timer === null) return;
      window.clearTimeout(timer);
      write();
    };
    window.addEventListener('popstate', onPop);
    window.addEventListener('pagehide', flush);
    // the first render already shows the link's state; write back its normalised form
    history.replaceState(null, '', searchFor(store.getState()));
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('pagehide', flush);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [store]);
}
