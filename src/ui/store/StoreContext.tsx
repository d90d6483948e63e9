import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createAppStore, type AppData, type AppState, type AppStore } from './appStore';

const StoreContext = createContext<AppStore | null>(null);

/** One store per provider, so tests, the presenter and the audience window each get their own. */
export function StoreProvider({
  initial,
  store: given,
  children,
}: {
  initial?: Partial<AppData>;
  store?: AppStore;
  children: ReactNode;
}) {
  const [store] = useState(() => given ?? createAppStore(initial));
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore must be used inside <StoreProvider>');
  return store;
}

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
