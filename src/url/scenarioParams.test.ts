import { describe, expect, it } from 'vitest';
import { naturalIdmapLength } from '../engine/cpu/program/programs';
import { findPreset, presetConfig } from '../engine/scenario/presets';
import { validateConfig } from '../engine/scenario/validate';
import { COMPARE_PAIRS } from '../ui/compare/pairs';
import { decodeCompare, encodeCompare, resolveScenario } from './scenarioParams';

const dual = () => presetConfig(findPreset('dual-step')!);

describe('compare side in a link', () => {
  it('reads compare=PRESET with c.KEY overrides', () => {
    const r = decodeCompare([
      ['preset', 'single-step'],
      ['compare', 'dual-step'],
      ['c.idmapStart', '0x80320fa0'],
    ]);
    expect(r.messages).toEqual([]);
    expect(r.side).toEqual({ preset: 'dual-step', config: { ...dual(), idmapStart: 0x80320fa0 } });
  });
  it('writes only what differs from the compared preset, and reads it back', () => {
    const side = {
      preset: 'stale-tlb',
      config: { ...presetConfig(findPreset('stale-tlb')!), cpus: 4 },
    };
    const parts = encodeCompare(side);
    expect(parts).toEqual(['compare=stale-tlb', 'c.cpus=4']);
    const pairs = parts.map((p) => p.split('=') as [string, string]);
    expect(decodeCompare(pairs).side).toEqual(side);
  });
  it('compares nothing without compare=, and says so when c. keys are given alone', () => {
    expect(decodeCompare([['preset', 'dual-step']])).toEqual({ side: null, messages: [] });
    const r = decodeCompare([['c.cpus', '4']]);
    expect(r.side).toBeNull();
    expect(r.messages).toEqual([
      'The link sets c.cpus but compares nothing (no compare=PRESET): ignored.',
    ]);
  });
  it('names the bad part and falls back to the nearest valid side', () => {
    const r = decodeCompare([
      ['compare', 'dual-step'],
      ['c.cpus', '99'],
      ['c.colour', 'red'],
    ]);
    expect(r.side).toEqual({ preset: 'dual-step', config: dual() });
    expect(r.messages).toEqual([
      'unknown config key "colour" (known: ramBase, ramSize, pageOffset, kernelStart, idmapStart, idmapLength, cpus, tlbEntries, design, hotplugCpu, hotplugSupport, skipTlbi, skipFlush, noBounce, failAlloc, walkerCoherent, probeVa, mapLowmem) in the compared side: kept the preset\'s value.',
      "cpus: 99 must be 1 to 8 in the compared side: kept the preset's value.",
    ]);
    const u = decodeCompare([['compare', 'nope']]);
    expect(u.side?.preset).toBe('dual-step');
    expect(u.messages[0]).toMatch(/^Unknown preset "nope" in the compared side/);
  });
  it('resolves a side exactly as the main link does for the same keys', () => {
    const r = resolveScenario('bounce-page', [['noBounce', 'true']], 'the link');
    expect(r.side.config).toEqual({ ...presetConfig(findPreset('bounce-page')!), noBounce: true });
  });
});

describe('ready compare pairs', () => {
  it.each(COMPARE_PAIRS.map((p) => [p.id, p] as const))(
    '%s: both sides are valid configs that differ',
    (_id, pair) => {
      const config = (s: typeof pair.left) => ({
        ...presetConfig(findPreset(s.preset)!),
        ...s.overrides,
      });
      const l = config(pair.left);
      const r = config(pair.right);
      expect(validateConfig(l, naturalIdmapLength(l.design))).toEqual([]);
      expect(validateConfig(r, naturalIdmapLength(r.design))).toEqual([]);
      expect(l).not.toEqual(r);
      expect(pair.teaches.length).toBeGreaterThan(40);
    },
  );
});
