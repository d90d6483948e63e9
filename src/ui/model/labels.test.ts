import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate } from '../../engine/simulate';
import { outcomeFault } from './faultWords';
import { groupHexInText } from './format';
import { scenarioLabel } from './scenarioLabel';

describe('groupHexInText', () => {
  test('groups 32- and 64-bit numbers, leaves indices and short values alone', () => {
    expect(groupHexInText('r0 = [0x80320fe0] = 0xffff0000')).toBe(
      'r0 = [0x8032_0fe0] = 0xffff_0000',
    );
    expect(groupHexInText('L3[0x1f0] reads 0x0000000000000000 at 0x18')).toBe(
      'L3[0x1f0] reads 0x0000_0000_0000_0000 at 0x18',
    );
    expect(groupHexInText('HSR 0x84000005, HIFAR 0x80320f0c')).toBe(
      'HSR 0x8400_0005, HIFAR 0x8032_0f0c',
    );
  });
});

describe('scenarioLabel', () => {
  const preset = findPreset('dual-step')!;
  test('a preset as it is has no custom label', () => {
    const l = scenarioLabel('dual-step', presetConfig(preset));
    expect(l.custom).toBeNull();
    expect(l.description).toBe(preset.description);
  });
  test('overrides are named in the label and the description', () => {
    const l = scenarioLabel('dual-step', {
      ...presetConfig(preset),
      skipTlbi: true,
      idmapStart: 0x80320fa0,
    });
    expect(l.custom).toBe('custom: dual-step + idmapStart + skipTlbi');
    expect(l.description).toContain('idmapStart = 0x80320fa0 (PA of __hyp_idmap_text_start)');
    expect(l.description).toContain('skipTlbi = true (what-if: no TLBIALLH in phase 2)');
  });
});

describe('outcomeFault', () => {
  test('no-flush-noncoherent: the fetch at the idmap VA sees an invalid level-1 entry (FSC 0b000101)', () => {
    // a walker that reads the PoC: the uncleaned descriptor is not there (the coherent A15 sees it)
    const t = simulate(presetConfig(findPreset('no-flush-noncoherent')!));
    expect(outcomeFault(t)).toEqual({
      step: 103,
      text: 'prefetch abort, translation fault, level 1 at 0x8032_0fa0',
    });
  });
  test('a scenario that ends well has no fault to decode', () => {
    expect(outcomeFault(simulate(presetConfig(findPreset('dual-step')!)))).toBeNull();
  });
});
