import { selectMessages } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import './messageBar.css';

const selectDismiss = (s: import('../store/appStore').AppState) => s.dismissMessage;

/** Notices about a bad link or a copied link, each dismissable. */
export function MessageBar() {
  const messages = useAppStore(selectMessages);
  const dismiss = useAppStore(selectDismiss);
  if (messages.length === 0) return null;
  return (
    <div className="message-bar" role="alert">
      <ul>
        {messages.map((m) => (
          <li key={m.id}>
            <span>{m.text}</span>
            <button type="button" onClick={() => dismiss(m.id)} aria-label={`Dismiss: ${m.text}`}>
              ✕
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
