import { useEffect } from 'react';
import type { Move } from '../store/appStore';
import { useAppStoreApi } from '../store/StoreContext';
import { doBlank, doMove } from '../sync/remote';

/** The keyboard map, shown by `?` and in the README. */
export const KEY_MAP: readonly { readonly keys: string; readonly action: string }[] = [
  { keys: '→ / ←', action: 'next / previous step (key moments only: next / previous moment)' },
  { keys: 'Shift + → / ←', action: '10 steps forward / back' },
  { keys: 'n / Shift + n', action: 'next / previous key moment' },
  { keys: 'm', action: 'key moments only on / off (talk mode)' },
  { keys: 'g', action: 'go to a step, an instruction, a kernel function or a VA' },
  { keys: 'Home / End', action: 'first / last step' },
  {
    keys: 'PageDown / PageUp',
    action:
      'next / previous phase (presenter view: next / previous step, as clickers send; key moments only: next / previous moment)',
  },
  { keys: '] / [', action: 'next / previous phase' },
  { keys: 'Space', action: 'play / pause' },
  { keys: 'p', action: 'presenter view on / off' },
  { keys: 'f', action: 'full screen on / off' },
  {
    keys: 'b or .',
    action: 'blank the screen / show it again (presenter view: the audience window only)',
  },
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
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return type !== 'range' && type !== 'checkbox';
  }
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
        if (s.view === 'presenter') {
          if (s.blanked) s.toggleBlank();
          if (s.audienceBlanked) s.setAudienceBlanked(false);
        } else if (s.blanked) doBlank(store, false);
        return; // dialogs close themselves on Escape
      }
      if (typingInto(e.target) || s.helpOpen || s.exportOpen || s.goToOpen) return;
      const onRange = e.target instanceof HTMLInputElement && e.target.type === 'range';
      const slides = s.view === 'presenter' || s.view === 'audience';
      const move = (m: Move) => doMove(store, m);
      let handled = true;
      switch (e.key) {
        case 'ArrowRight':
        case 'ArrowDown':
          if (onRange) return;
          move(e.shiftKey ? 'forward10' : 'forward');
          break;
        case 'ArrowLeft':
        case 'ArrowUp':
          if (onRange) return;
          move(e.shiftKey ? 'back10' : 'back');
          break;
        case 'Home':
          move('first');
          break;
        case 'End':
          move('last');
          break;
        // clickers send PageDown / PageUp: one slide is one step, or one moment in talk mode
        case 'PageDown':
          move(slides || s.momentsOnly ? 'forward' : 'nextPhase');
          break;
        case 'PageUp':
          move(slides || s.momentsOnly ? 'back' : 'previousPhase');
          break;
        case ']':
          move('nextPhase');
          break;
        case '[':
          move('previousPhase');
          break;
        case 'n':
          move('nextMoment');
          break;
        case 'N':
          move('previousMoment');
          break;
        case 'm':
          if (s.view === 'audience') return;
          s.setMomentsOnly(!s.momentsOnly);
          break;
        case 'g':
          if (s.view === 'audience') return;
          s.setGoToOpen(true);
          break;
        case ' ':
          if (e.target instanceof HTMLButtonElement) return; // Space presses the focused button
          if (e.target instanceof HTMLInputElement && e.target.type === 'checkbox') return;
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
          doBlank(store);
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
