import { useEffect, useState } from 'react';
import { selectTheme } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Resolves the theme preference against the system's and puts it on <html data-theme>. */
export function useTheme(): 'light' | 'dark' {
  const pref = useAppStore(selectTheme);
  const [systemDark, setSystemDark] = useState(
    () => window.matchMedia?.(DARK_QUERY).matches ?? false,
  );
  useEffect(() => {
    const mq = window.matchMedia?.(DARK_QUERY);
    if (!mq) return;
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const theme = pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
