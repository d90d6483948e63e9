import { describe, expect, it } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { resolveConfig } from '../../engine/resolveConfig';
import {
  applyFieldText,
  changedKeys,
  cliCommand,
  configFileText,
  configFromFileText,
  DEFAULT_CONFIG,
  formatConfigValue,
} from './configText';

const base = () => ({ ...DEFAULT_CONFIG });

describe('formatConfigValue', () => {
  it('writes addresses as unsigned lower-case hex, even at or above 2^31', () => {
    expect(formatConfigValue('ramBase', 0x80000000)).toBe('0x80000000');
    expect(formatConfigValue('probeVa', 0xffff0000)).toBe('0xffff0000');
  });
  it('writes counts in decimal, "none" as -1, booleans and the design as words', () => {
    expect(formatConfigValue('cpus', 4)).toBe('4');
    expect(formatConfigValue('hotplugCpu', -1)).toBe('-1');
    expect(formatConfigValue('probeVa', -1)).toBe('-1');
    expect(formatConfigValue('skipTlbi', true)).toBe('true');
    expect(formatConfigValue('design', 'single-step')).toBe('single-step');
  });
});

describe('applyFieldText', () => {
  it('accepts hex with or without digit-group underscores', () => {
    const a = applyFieldText(base(), 'idmapStart', '0x8032_0fa0');
    const b = applyFieldText(base(), 'idmapStart', '0x80320fa0');
    expect(a).toEqual(b);
    expect(a.ok && a.config.idmapStart).toBe(0x80320fa0);
  });
  it('refuses what the URL and the CLI refuse, naming the key', () => {
    const r = applyFieldText(base(), 'idmapStart', '0x80320f01');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^idmapStart: .*32-byte aligned/);
    const t = applyFieldText(base(), 'cpus', 'four');
    expect(!t.ok && t.message).toMatch(/^cpus: "four" is not a whole number/);
  });
  it('reports a problem the change causes in another key', () => {
    // with one CPU, CPU 1 is no longer a secondary CPU that can be hotplugged
    const withHotplug = { ...base(), hotplugCpu: 1 };
    const r = applyFieldText(withHotplug, 'cpus', '1');
    expect(!r.ok && r.message).toMatch(/^hotplugCpu:/);
  });
  it('agrees with resolveConfig (the CLI) on the resulting config', () => {
    const r = applyFieldText(base(), 'tlbEntries', '0x40');
    const cli = resolveConfig({ preset: 'dual-step', file: undefined, sets: ['tlbEntries=0x40'] });
    expect(r.ok && cli.ok && r.config).toEqual(cli.ok && cli.config);
  });
});

describe('cliCommand and config files', () => {
  it('names the preset and one --set per key that differs from it', () => {
    const preset = presetConfig(findPreset('stale-tlb')!);
    const config = { ...preset, cpus: 4, idmapStart: 0x80320fa0 };
    expect(changedKeys(preset, config)).toEqual(['idmapStart', 'cpus']);
    expect(cliCommand('stale-tlb', preset, config)).toBe(
      'npx hypstep --preset stale-tlb --set idmapStart=0x80320fa0 --set cpus=4 trace',
    );
  });
  it('round-trips a config through the file the CLI --config reads', () => {
    const config = { ...base(), idmapStart: 0x80320fa0, skipTlbi: true, probeVa: 0x80320f00 };
    const text = configFileText(config);
    expect(JSON.parse(text)).toMatchObject({ idmapStart: '0x80320fa0', skipTlbi: true });
    const back = configFromFileText('dual-step', text);
    expect(back).toEqual({ ok: true, config });
    const cli = resolveConfig({ preset: 'bounce-page', file: JSON.parse(text), sets: [] });
    expect(cli.ok && cli.config).toEqual(config);
  });
  it('names the bad part of an imported file', () => {
    expect(configFromFileText('dual-step', '{')).toEqual({
      ok: false,
      message: 'the file is not valid JSON',
    });
    const r = configFromFileText('dual-step', '{"cpus": 99}');
    expect(!r.ok && r.message).toMatch(/^cpus: 99 must be 1 to 8/);
    const u = configFromFileText('dual-step', '{"colour": "red"}');
    expect(!u.ok && u.message).toMatch(/unknown config key "colour"/);
  });
});
