import { hex } from '../../engine/arch/hex';
import { naturalIdmapLength } from '../../engine/cpu/program/programs';
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  KEY_INFO,
  type Config,
  type ConfigKey,
} from '../../engine/scenario/config';
import { resolveConfig } from '../../engine/resolveConfig';
import { parseConfigValue, validateConfig } from '../../engine/scenario/validate';

/** What a reader needs to know about a key's number beyond its meaning. */
const UNIT: Readonly<Record<ConfigKey, string>> = {
  ramBase: 'physical address',
  ramSize: 'bytes',
  pageOffset: 'virtual address',
  kernelStart: 'physical address',
  idmapStart: 'physical address',
  idmapLength: 'bytes',
  cpus: 'count',
  tlbEntries: 'entries',
  design: 'choice',
  hotplugCpu: 'CPU number',
  hotplugSupport: 'on / off',
  skipTlbi: 'on / off',
  skipFlush: 'on / off',
  noBounce: 'on / off',
  failAlloc: 'allocation number',
  walkerCoherent: 'on / off',
  probeVa: 'HYP virtual address',
  mapLowmem: 'on / off',
};

export function unitOf(key: ConfigKey): string {
  return UNIT[key];
}

/** A key's value in the text form the CLI's --set, the URL and config files take. */
export function formatConfigValue(key: ConfigKey, value: Config[ConfigKey]): string {
  const kind = KEY_INFO[key].kind;
  if (typeof value === 'boolean' || typeof value === 'string') return String(value);
  if ((kind === 'optHex' || kind === 'optInt') && value === -1) return '-1';
  return kind === 'hex' || kind === 'optHex' ? hex(value) : String(value);
}

/** The keys whose value differs from the base config, in the contract's order. */
export function changedKeys(base: Config, config: Config): ConfigKey[] {
  return CONFIG_KEYS.filter((k) => base[k] !== config[k]);
}

export type FieldResult =
  { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly message: string };

/**
 * Applies one field's text to a config with the same parser and validator as the URL and the
 * CLI, so the editor can never accept what a link or `--set` would refuse.
 */
export function applyFieldText(config: Config, key: ConfigKey, text: string): FieldResult {
  const parsed = parseConfigValue(key, text);
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  const next = { ...config, [key]: parsed.value } as Config;
  const errors = validateConfig(next, naturalIdmapLength(next.design));
  if (errors.length === 0) return { ok: true, config: next };
  // the problem this key causes first, else whatever the whole config now breaks
  const own = errors.find((e) => e.key === key) ?? errors[0]!;
  return { ok: false, message: own.message };
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.,=:/+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The CLI command that simulates this config: the preset plus one --set per changed key. */
export function cliCommand(presetName: string, presetBase: Config, config: Config): string {
  const sets = changedKeys(presetBase, config).map(
    (k) => `--set ${shellQuote(`${k}=${formatConfigValue(k, config[k])}`)}`,
  );
  return ['npx hypstep --preset', shellQuote(presetName), ...sets, 'trace'].join(' ');
}

/** A config file as the CLI's --config reads it: every key, numbers in their text form. */
export function configFileText(config: Config): string {
  const out: Record<string, string | boolean> = {};
  for (const k of CONFIG_KEYS) {
    const v = config[k];
    out[k] = typeof v === 'boolean' ? v : formatConfigValue(k, v);
  }
  return JSON.stringify(out, null, 2) + '\n';
}

/** Reads a config file the way `--preset NAME --config FILE` does; one message on failure. */
export function configFromFileText(presetName: string, text: string): FieldResult {
  let file: unknown;
  try {
    file = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, message: 'the file is not valid JSON' };
  }
  const r = resolveConfig({ preset: presetName, file, sets: [] });
  return r.ok
    ? { ok: true, config: r.config }
    : { ok: false, message: r.errors.map((e) => e.message).join('; ') };
}

export { CONFIG_KEYS, DEFAULT_CONFIG, KEY_INFO };
export type { Config, ConfigKey };
