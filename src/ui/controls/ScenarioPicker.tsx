import { PRESETS, findPreset } from '../../engine/scenario/presets';
import { selectPresetName } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';

const selectSetScenario = (s: import('../store/appStore').AppState) => s.setScenario;

export function ScenarioPicker() {
  const name = useAppStore(selectPresetName);
  const setScenario = useAppStore(selectSetScenario);
  const preset = findPreset(name);
  return (
    <div className="scenario-picker">
      <label htmlFor="scenario">Scenario</label>
      <select
        id="scenario"
        value={name}
        onChange={(e) => setScenario(e.target.value)}
        aria-describedby="scenario-desc"
      >
        {PRESETS.map((p) => (
          <option key={p.name} value={p.name}>
            {p.title}
          </option>
        ))}
      </select>
      <p id="scenario-desc" className="scenario-desc">
        {preset?.description}
      </p>
    </div>
  );
}
