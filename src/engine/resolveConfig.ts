import { CONFIG_KEYS, type Config } from './scenario/config';
import { DEFAULT_PRESET, findPreset, PRESETS, presetConfig } from './scenario/presets';
import { naturalIdmapLength } from './cpu/program/initCodeLength';
import { parseConfigValue, validateConfig, type ConfigError } from './scenario/validate';

export interface ConfigSource {
  preset: string | undefined;
  /** A parsed JSON object (a config file): keys with JSON values or text values. */
  file: unknown;
  /** KEY=VALUE texts. */
  sets: string[];
}

/** Preset, then file, then --set: each layer may only name known keys with valid values. */
export function resolveConfig(
  src: ConfigSource,
): { ok: true; config: Config } | { ok: false; errors: ConfigError[] } {
  const name = src.preset ?? DEFAULT_PRESET;
  const preset = findPreset(name);
  if (!preset)
    return {
      ok: false,
      errors: [
        {
          key: 'preset',
          message: `unknown preset "${name}" (known: ${PRESETS.map((p) => p.name).join(', ')})`,
        },
      ],
    };
  const config: Config = presetConfig(preset);
  const errors: ConfigError[] = [];
  const apply = (key: string, text: string) => {
    const r = parseConfigValue(key, text);
    if (!r.ok) errors.push(r.error);
    else (config as unknown as Record<string, unknown>)[r.key] = r.value;
  };
  if (src.file !== undefined) {
    if (typeof src.file !== 'object' || src.file === null || Array.isArray(src.file))
      errors.push({ key: 'config', message: 'the config file must hold one JSON object' });
    else
      for (const [k, v] of Object.entries(src.file))
        apply(k, typeof v === 'string' ? v : String(v));
  }
  for (const s of src.sets) {
    const eq = s.indexOf('=');
    if (eq <= 0)
      errors.push({
        key: s,
        message: `--set "${s}" must be KEY=VALUE (keys: ${CONFIG_KEYS.join(', ')})`,
      });
    else apply(s.slice(0, eq), s.slice(eq + 1));
  }
  if (errors.length) return { ok: false, errors };
  const invalid = validateConfig(config, naturalIdmapLength(config.design));
  return invalid.length ? { ok: false, errors: invalid } : { ok: true, config };
}
