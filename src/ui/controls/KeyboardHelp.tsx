import { useEffect, useRef } from 'react';
import { selectHelpOpen } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { KEY_MAP } from './useKeyboard';
import './keyboardHelp.css';

const selectSetHelp = (s: import('../store/appStore').AppState) => s.setHelpOpen;

/** The keyboard map in a modal dialog (native <dialog>: focus trap and Escape for free). */
export function KeyboardHelp() {
  const open = useAppStore(selectHelpOpen);
  const setOpen = useAppStore(selectSetHelp);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby="help-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="help-title">Keyboard</h2>
      <table>
        <tbody>
          {KEY_MAP.map((k) => (
            <tr key={k.keys}>
              <th scope="row">
                <kbd>{k.keys}</kbd>
              </th>
              <td>{k.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
