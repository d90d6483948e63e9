import { PRESETS } from '../../engine/scenario/presets';
import { scenarioLabel } from '../model/scenarioLabel';
import { selectConfig, selectPresetName } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { focusSteppingSurface } from '../views/surfaceFocus';
import './scenarioPicker.css';

const selectSetScenario = (s: import('../store/appStore').AppState) => s.setScenario;
const CUSTOM = '__custom';

export function ScenarioPicker() {
  const name = useAppStore(selectPresetName);
  const config = useAppStore(selectConfig);
  const setScenario = useAppStore(selectSetScenario);
  const label = scenarioLabel(name, config);
  return (
    <div className="scenario-picker">
      <label htmlFor="scenario">Scenario</label>
      <select
        id="scenario"
        value={label.custom ? CUSTOM : name}
        title={label.description}
        onChange={(e) => {
          if (e.target.value !== CUSTOM) setScenario(e.target.value);
          focusSteppingSurface();
        }}
        aria-describedby="scenario-desc"
      >
        {label.custom && <option value={CUSTOM}>{label.custom}</option>}
        {PRESETS.map((p) => (
          <option key={p.name} value={p.name}>
            {p.title}
          </option>
        ))}
      </select>
      <p id="scenario-desc" className="scenario-desc" title={label.description}>
        {label.description}
      </p>
    </div>
  );
}
