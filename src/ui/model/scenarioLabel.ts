import { CONFIG_KEYS, KEY_INFO, type Config, type ConfigKey } from '../../engine/scenario/config';
import { findPreset, presetConfig } from '../../engine/scenario/presets';

export interface ScenarioLabel {
  /** The keys a link or a setting changed from the preset, in the config's order. */
  readonly overrides: readonly ConfigKey[];
  /** "custom: dual-step + skipTlbi" when anything differs, else null. */
  readonly custom: string | null;
  /** The preset's description, plus what the overrides change, so it says what runs. */
  readonly description: string;
}

function valueText(key: ConfigKey, v: Config[ConfigKey]): string {
  const kind = KEY_INFO[key].kind;
  if (typeof v === 'number' && (kind === 'hex' || (kind === 'optHex' && v >= 0)))
    return '0x' + v.toString(16);
  return String(v);
}

/** What the scenario picker says about a preset run with a possibly changed config. */
export function scenarioLabel(presetName: string, config: Config): ScenarioLabel {
  const preset = findPreset(presetName);
  if (!preset) return { overrides: [], custom: null, description: '' };
  const base = presetConfig(preset);
  const overrides = CONFIG_KEYS.filter((k) => config[k] !== base[k]);
  if (overrides.length === 0) return { overrides, custom: null, description: preset.description };
  const custom = `custom: ${preset.name} + ${overrides.join(' + ')}`;
  const changes = overrides
    .map((k) => `${k} = ${valueText(k, config[k])} (${KEY_INFO[k].meaning})`)
    .join('; ');
  return {
    overrides,
    custom,
    description: `${preset.description} Changed by the link: ${changes}.`,
  };
}
