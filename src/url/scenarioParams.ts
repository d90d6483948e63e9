import { naturalIdmapLength } from '../engine/cpu/program/initCodeLength';
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  KEY_INFO,
  type Config,
  type ConfigKey,
} from '../engine/scenario/config';
import { DEFAULT_PRESET, findPreset, PRESETS, presetConfig } from '../engine/scenario/presets';
import { parseConfigValue, validateConfig } from '../engine/scenario/validate';

/** A scenario as a link names it: a preset and the config it runs (the preset plus overrides). */
export interface ScenarioSide {
  readonly preset: string;
  readonly config: Config;
}

export function truncateForMessage(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

export function formatParamValue(key: ConfigKey, v: Config[ConfigKey]): string {
  const kind = KEY_INFO[key].kind;
  if (typeof v === 'number' && (kind === 'hex' || (kind === 'optHex' && v >= 0)))
    return '0x' + v.toString(16);
  return String(v);
}

/** `prefix + key=value` for each config key that differs from the side's preset. */
export function encodeOverrides(side: ScenarioSide, prefix = ''): string[] {
  const base = presetConfig(findPreset(side.preset) ?? findPreset(DEFAULT_PRESET)!);
  return CONFIG_KEYS.filter((k) => side.config[k] !== base[k]).map(
    (k) => `${prefix}${k}=${encodeURIComponent(formatParamValue(k, side.config[k]))}`,
  );
}

/**
 * A preset name plus `key=value` overrides to the nearest valid scenario, never throwing: an
 * unknown preset falls back to the default, a bad value to the preset's, and keys that are only
 * wrong together to the preset itself. `what` names the side in messages ("the compared
 * side"); the main link's own messages need no name.
 */
export function resolveScenario(
  presetText: string | undefined,
  overrides: readonly (readonly [string, string])[],
  what?: string,
): { side: ScenarioSide; messages: string[] } {
  const messages: string[] = [];
  const inWhat = what ? ` in ${what}` : '';
  let presetName = presetText ?? DEFAULT_PRESET;
  let preset = findPreset(presetName);
  if (!preset) {
    messages.push(
      `Unknown preset "${truncateForMessage(presetName)}"${inWhat} (known: ${PRESETS.map((p) => p.name).join(', ')}): showing ${DEFAULT_PRESET}.`,
    );
    presetName = DEFAULT_PRESET;
    preset = findPreset(DEFAULT_PRESET)!;
  }
  const config: Config = presetConfig(preset);
  const record = config as unknown as Record<string, unknown>;
  for (const [key, value] of overrides) {
    const r = parseConfigValue(key, value);
    if (!r.ok) messages.push(`${r.error.message}${inWhat}: kept the preset's value.`);
    else record[r.key] = r.value;
  }
  for (const e of validateConfig(config, naturalIdmapLength(config.design))) {
    if ((CONFIG_KEYS as string[]).includes(e.key)) {
      messages.push(`${e.message}${inWhat}: kept the preset's value.`);
      record[e.key] = presetConfig(preset)[e.key as ConfigKey];
    }
  }
  if (validateConfig(config, naturalIdmapLength(config.design)).length > 0) {
    messages.push(
      `${what ? `The settings in ${what}` : "The link's settings"} do not fit together: showing the ${presetName} preset as it is.`,
    );
    Object.assign(config, presetConfig(preset));
  }
  return { side: { preset: presetName, config }, messages };
}

/** The compared (right) side of a compare link: `compare=PRESET` and `c.KEY=VALUE` overrides. */
export const COMPARE_PARAM = 'compare';
export const COMPARE_PREFIX = 'c.';

export function encodeCompare(side: ScenarioSide): string[] {
  return [
    `${COMPARE_PARAM}=${encodeURIComponent(side.preset)}`,
    ...encodeOverrides(side, COMPARE_PREFIX),
  ];
}

/** Reads the compared side from decoded query pairs; null when the link compares nothing. */
export function decodeCompare(pairs: readonly (readonly [string, string])[]): {
  side: ScenarioSide | null;
  messages: string[];
} {
  const preset = pairs.find(([k]) => k === COMPARE_PARAM)?.[1];
  const overrides = pairs
    .filter(([k]) => k.startsWith(COMPARE_PREFIX))
    .map(([k, v]) => [k.slice(COMPARE_PREFIX.length), v] as const);
  if (preset === undefined) {
    return overrides.length
      ? {
          side: null,
          messages: [
            `The link sets ${overrides.map(([k]) => COMPARE_PREFIX + k).join(', ')} but compares nothing (no compare=PRESET): ignored.`,
          ],
        }
      : { side: null, messages: [] };
  }
  return resolveScenario(preset, overrides, 'the compared side');
}

export { DEFAULT_CONFIG };
