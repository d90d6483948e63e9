import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { changedKeys, formatConfigValue } from '../editor/configText';
import type { ScenarioSide } from '../../url/scenarioParams';

/** "v3.9 single-step" style title of a side: the preset's title plus what it overrides. */
export function sideLabel(side: ScenarioSide): string {
  const preset = findPreset(side.preset);
  if (!preset) return side.preset;
  const keys = changedKeys(presetConfig(preset), side.config);
  const extra = keys.map((k) => `${k}=${formatConfigValue(k, side.config[k])}`).join(', ');
  return extra ? `${preset.title} + ${extra}` : preset.title;
}
