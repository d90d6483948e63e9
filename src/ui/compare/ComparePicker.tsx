import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import { applyPair, currentPair } from './applyPair';
import { COMPARE_PAIRS, findPair } from './pairs';
import { focusSteppingSurface } from '../views/surfaceFocus';
import './comparePicker.css';

const selectSides = (s: import('../store/appStore').AppState) => s.compare;
const selectLeftPreset = (s: import('../store/appStore').AppState) => s.presetName;
const selectLeftConfig = (s: import('../store/appStore').AppState) => s.config;

/** Ready pairs to compare, each titled by what it teaches; and the way back to one scenario. */
export function ComparePicker() {
  const store = useAppStoreApi();
  const compare = useAppStore(selectSides);
  const preset = useAppStore(selectLeftPreset);
  const config = useAppStore(selectLeftConfig);
  const pair = compare ? currentPair({ preset, config }, compare) : undefined;
  return (
    <div className="compare-picker">
      <select
        aria-label="Compare"
        value={compare ? (pair?.id ?? 'custom') : ''}
        onChange={(e) => {
          const p = findPair(e.target.value);
          if (p) applyPair(store, p);
          // back to the stepping surface: the arrows step, they do not pick the next pair
          focusSteppingSurface();
        }}
      >
        {!compare && <option value="">Compare…</option>}
        {compare && !pair && <option value="custom">Custom comparison</option>}
        {COMPARE_PAIRS.map((p) => (
          <option key={p.id} value={p.id} title={p.teaches}>
            {p.title}
          </option>
        ))}
      </select>
      {compare && (
        <button type="button" onClick={() => store.getState().setCompare(null)}>
          Stop comparing
        </button>
      )}
    </div>
  );
}
