import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectTheme } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import { linkFor } from '../url/urlState';
import { ComparePicker } from '../compare/ComparePicker';
import { ScenarioPicker } from './ScenarioPicker';
import './toolbar.css';

// what the toolbar shows and does, not the whole state: a step must not re-render it
const selectActions = (s: import('../store/appStore').AppState) => ({
  editorOpen: s.editorOpen,
  setEditorOpen: s.setEditorOpen,
  setExportOpen: s.setExportOpen,
  setHelpOpen: s.setHelpOpen,
  setTheme: s.setTheme,
  setView: s.setView,
});

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function currentLink(
  store: ReturnType<typeof useAppStoreApi>,
  view?: 'app' | 'audience',
): string {
  const s = store.getState();
  return linkFor(
    { ...s, view: view ?? (s.view === 'embed' ? 'app' : s.view) },
    location.origin === 'null' ? location.href.split('?')[0]! : location.origin + location.pathname,
  );
}

const THEME_LABEL = { system: '◐ System', light: '☀ Light', dark: '☾ Dark' } as const;

export function Toolbar() {
  const store = useAppStoreApi();
  const theme = useAppStore(selectTheme);
  const a = useAppStore(useShallow(selectActions));
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    const link = currentLink(store);
    const ok = await copyText(link);
    setCopied(ok ? 'Link copied' : 'Copy failed: select the address bar');
    window.setTimeout(() => setCopied(null), 2500);
  };
  return (
    <div className="toolbar">
      <h1 className="brand">
        hyp<span>step</span>
      </h1>
      <ScenarioPicker />
      <ComparePicker />
      <div className="toolbar-right">
        <button type="button" onClick={() => void copy()} aria-describedby="copy-status">
          Copy link
        </button>
        <span id="copy-status" role="status" className="copy-status">
          {copied}
        </span>
        <button
          type="button"
          onClick={() => a.setEditorOpen(!a.editorOpen)}
          aria-pressed={a.editorOpen}
          title="Edit the scenario's config (e)"
        >
          Edit scenario
        </button>
        <button type="button" onClick={() => a.setExportOpen(true)}>
          Export
        </button>
        <button type="button" onClick={() => a.setView('presenter')} title="Presenter view (p)">
          Present
        </button>
        <button
          type="button"
          onClick={() =>
            a.setTheme(theme === 'system' ? 'light' : theme === 'light' ? 'dark' : 'system')
          }
          title="Switch theme (t)"
          aria-label={`Theme: ${theme}`}
        >
          {THEME_LABEL[theme]}
        </button>
        <button
          type="button"
          onClick={() => a.setHelpOpen(true)}
          aria-label="Keyboard map"
          title="Keyboard map (?)"
        >
          ?
        </button>
      </div>
    </div>
  );
}
