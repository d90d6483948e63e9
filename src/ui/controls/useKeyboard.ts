import { useEffect } from 'react';
import { useAppStoreApi } from '../store/StoreContext';

/** The keyboard map, shown by `?` and in the README. */
export const KEY_MAP: readonly { readonly keys: string; readonly action: string }[] = [
  { keys: '→ / ←', action: 'next / previous step' },
  { keys: 'Shift + → / ←', action: '10 steps forward / back' },
  { keys: 'Home / End', action: 'first / last step' },
  {
    keys: 'PageDown / PageUp',
    action: 'next / previous phase (in the presenter view: next / previous step, as clickers send)',
  },
  { keys: '] / [', action: 'next / previous phase' },
  { keys: 'Space', action: 'play / pause' },
  { keys: 'p', action: 'presenter view on / off' },
  { keys: 'f', action: 'full screen on / off' },
  { keys: 'b or .', action: 'blank the screen / show it again' },
  { keys: 't', action: 'theme: system, light, dark' },
  { keys: 'e', action: 'edit the scenario (every config key) on / off' },
  { keys: '?', action: 'this keyboard map' },
  { keys: 'Esc', action: 'close a dialog, unblank' },
];

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return (target as HTMLInputElement).type !== 'range';
  return false;
}

export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** One window-level listener: keys work wherever the focus is, except while typing. */
export function useKeyboard(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const s = store.getState();
      if (e.key === 'Escape') {
        if (s.blanked) s.toggleBlank();
        return; // dialogs close themselves on Escape
      }
      if (typingInto(e.target) || s.helpOpen || s.exportOpen) return;
      const onRange = e.target instanceof HTMLInputElement && e.target.type === 'range';
      const slides = s.view === 'presenter' || s.view === 'audience';
      let handled = true;
      switch (e.key) {
        case 'ArrowRight':
        case 'ArrowDown':
          if (onRange) return;
          s.stepBy(e.shiftKey ? 10 : 1);
          break;
        case 'ArrowLeft':
        case 'ArrowUp':
          if (onRange) return;
          s.stepBy(e.shiftKey ? -10 : -1);
          break;
        case 'Home':
          s.first();
          break;
        case 'End':
          s.last();
          break;
        case 'PageDown':
          if (slides) s.stepBy(1);
          else s.nextPhase();
          break;
        case 'PageUp':
          if (slides) s.stepBy(-1);
          else s.previousPhase();
          break;
        case ']':
          s.nextPhase();
          break;
        case '[':
          s.previousPhase();
          break;
        case ' ':
          if (e.target instanceof HTMLButtonElement) return; // Space presses the focused button
          s.togglePlay();
          break;
        case 'p':
          if (s.view === 'embed' || s.view === 'audience') return;
          s.setView(s.view === 'presenter' ? 'app' : 'presenter');
          break;
        case 'f':
          toggleFullscreen();
          break;
        case 'b':
        case '.':
          s.toggleBlank();
          break;
        case 't':
          s.setTheme(s.theme === 'system' ? 'light' : s.theme === 'light' ? 'dark' : 'system');
          break;
        case 'e':
          if (s.view !== 'app') return;
          s.setEditorOpen(!s.editorOpen);
          break;
        case '?':
          s.setHelpOpen(true);
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
