import { useEffect, useMemo, useRef, useState } from 'react';
import { goToSearch } from '../model/goToSearch';
import type { AppState } from '../store/appStore';
import { selectGoToOpen } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import { useTrace } from '../store/useStep';
import './goTo.css';

const selectSetOpen = (s: AppState) => s.setGoToOpen;

/**
 * "Go to" (`g`): type a step number, an instruction or kernel function name, or a VA; the
 * matching steps are listed; Enter or a click jumps. A native modal <dialog>: focus stays in
 * it, Escape closes it.
 */
export function GoToDialog() {
  const open = useAppStore(selectGoToOpen);
  const setOpen = useAppStore(selectSetOpen);
  const store = useAppStoreApi();
  const trace = useTrace();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const result = useMemo(() => goToSearch(trace, text), [trace, text]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setText('');
      setActive(0);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);
  const jump = (step: number) => {
    store.getState().goTo(step);
    setOpen(false);
  };
  const onKey = (e: React.KeyboardEvent) => {
    const n = result.matches.length;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((active + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((active + n - 1) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const m = result.matches[active];
      if (m) jump(m.step);
    }
  };
  const status =
    result.kind === 'empty'
      ? 'Type a step number, an instruction (mcrr, eret), a kernel function or a VA.'
      : result.count === 0
        ? (result.note ?? 'No match.')
        : `${result.count} match${result.count === 1 ? '' : 'es'}${result.count > result.matches.length ? ` (first ${result.matches.length} shown)` : ''}${result.note ? `. ${result.note}` : ''}`;
  return (
    <dialog
      ref={ref}
      className="goto-dialog"
      aria-labelledby="goto-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="goto-title">Go to</h2>
      <input
        type="text"
        value={text}
        autoFocus
        spellCheck={false}
        autoComplete="off"
        aria-label="Step, instruction, kernel function or VA"
        aria-controls="goto-list"
        aria-activedescendant={result.matches.length ? `goto-${active}` : undefined}
        placeholder="e.g. 163, mcrr, __kvm_hyp_init, 0xffff0fbc"
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
      />
      <p className="goto-status" role="status">
        {status}
      </p>
      {result.matches.length > 0 && (
        <ul id="goto-list" role="listbox" aria-label="Matching steps" className="goto-list">
          {result.matches.map((m, i) => (
            <li
              key={m.step}
              id={`goto-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseEnter={() => setActive(i)}
              onClick={() => jump(m.step)}
            >
              <span className="goto-step">{m.step}</span>
              <span className="goto-title">{m.title}</span>
              <span className="goto-why mono">{m.why}</span>
            </li>
          ))}
        </ul>
      )}
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
