import { describe, expect, test } from 'vitest';
import { naturalIdmapLength } from '../cpu/program/programs';
import { DEFAULT_CONFIG } from './config';
import { PRESETS, presetConfig } from './presets';
import { resolveConfig } from '../resolveConfig';
import { parseConfigValue, validateConfig } from './validate';

describe('config', () => {
  test('the init code is 52 instructions and 5 literal words: 0xe4 bytes (facts §4.4)', () => {
    expect(naturalIdmapLength('dual-step')).toBe(52 * 4 + 5 * 4);
  });
  test('every preset is a valid config', () => {
    for (const p of PRESETS)
      expect(validateConfig(presetConfig(p), naturalIdmapLength(presetConfig(p).design))).toEqual(
        [],
      );
  });
  test('validation returns every error, each naming its key', () => {
    const errors = validateConfig(
      { ...DEFAULT_CONFIG, cpus: 0, tlbEntries: 1000, idmapStart: 0x80320f01, hotplugCpu: 5 },
      0xe4,
    );
    expect(errors.map((e) => e.key).sort()).toEqual([
      'cpus',
      'hotplugCpu',
      'idmapStart',
      'tlbEntries',
    ]);
    for (const e of errors) expect(e.message.startsWith(`${e.key}: `)).toBe(true);
  });
  test('parsing: hex, decimal, booleans, design, -1 for "none"', () => {
    expect(parseConfigValue('idmapStart', '0x8032_0fa0')).toEqual({
      ok: true,
      key: 'idmapStart',
      value: 0x80320fa0,
    });
    expect(parseConfigValue('cpus', '4')).toEqual({ ok: true, key: 'cpus', value: 4 });
    expect(parseConfigValue('skipTlbi', 'true')).toEqual({
      ok: true,
      key: 'skipTlbi',
      value: true,
    });
    expect(parseConfigValue('design', 'single-step')).toEqual({
      ok: true,
      key: 'design',
      value: 'single-step',
    });
    expect(parseConfigValue('hotplugCpu', '-1')).toEqual({
      ok: true,
      key: 'hotplugCpu',
      value: -1,
    });
    expect(parseConfigValue('skipTlbi', 'yes')).toMatchObject({
      ok: false,
      error: { key: 'skipTlbi' },
    });
    expect(parseConfigValue('ramBase', '0x')).toMatchObject({
      ok: false,
      error: { key: 'ramBase' },
    });
  });
  test('resolve: preset, then --set; unknown keys and bad values are reported, not thrown', () => {
    const ok = resolveConfig({ preset: 'bounce-page', file: undefined, sets: ['cpus=4'] });
    expect(ok).toMatchObject({ ok: true, config: { idmapStart: 0x80320fa0, cpus: 4 } });
    const bad = resolveConfig({
      preset: undefined,
      file: { tlbEntries: 'many', colour: 'red' },
      sets: [],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.key)).toEqual(['tlbEntries', 'colour']);
  });
});
