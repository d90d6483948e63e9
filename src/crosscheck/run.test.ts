import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import { findPreset, presetConfig, PRESETS } from '../engine/scenario/presets';
import { LEFT_OUT, modelablePresets, randomLayouts } from './configs';
import { exportConfig } from './export';
import { checkModelable, exportChecked, NotModelable } from './run';

describe('configs QEMU cannot take get one clear line (issue 13 "Bad input")', () => {
  test("RAM below virt's (0x2000_0000) is refused, naming the page", () => {
    expect(() =>
      exportChecked({
        ...DEFAULT_CONFIG,
        ramBase: 0x20000000,
        kernelStart: 0x20008000,
        idmapStart: 0x20320f00,
      }),
    ).toThrow(
      /page at 0x20012000 is outside the RAM QEMU's virt machine holds here \(0x40000000-0x100000000\)/,
    );
  });

  test('a table above 4 GiB is refused with the reason', () => {
    const ex = exportConfig({ ...DEFAULT_CONFIG });
    const high = { ...ex, blobs: [{ ...ex.blobs[0]!, pa: 0x1_0005_4000 }] };
    expect(() => checkModelable(high)).toThrow(
      /page at 0x100054000 is above 4 GiB: QEMU 7.2's Cortex-A15 does not walk Hyp tables there/,
    );
  });

  test("an idmap in L1 slot 1 (RAM at 0x5000_0000) is refused: that slot is the harness's", () => {
    expect(() =>
      exportChecked({
        ...DEFAULT_CONFIG,
        ramBase: 0x50000000,
        kernelStart: 0x50008000,
        idmapStart: 0x50320f00,
      }),
    ).toThrow(
      /the boot PGD uses L1 slot 1 \(VA 0x40000000-0x7fffffff\), the one the harness needs/,
    );
  });

  test('v3.9 (single-step) is refused with the reason', () => {
    expect(() => exportChecked(presetConfig(findPreset('single-step')!))).toThrow(
      /single-step: v3.9 rewrites the HYP tables between the HVCs/,
    );
  });

  test('a config with no PGDs (enomem) is refused as NotModelable', () => {
    expect(() => exportChecked(presetConfig(findPreset('enomem')!))).toThrow(NotModelable);
  });
});

describe('the configs the crosscheck runs', () => {
  test('every preset is either run or left out with a reason', () => {
    const run = modelablePresets().map((p) => p.name);
    for (const name of Object.keys(LEFT_OUT)) expect(run).not.toContain(name);
    expect([...run, ...Object.keys(LEFT_OUT)].sort()).toEqual(PRESETS.map((p) => p.name).sort());
    expect(run.sort()).toEqual([
      'bounce-page',
      'dual-step',
      'hotplug',
      'idmap-too-big',
      'no-bounce',
      'no-flush',
      'no-flush-noncoherent',
      'stale-tlb',
      'stress',
      'vector-collision',
    ]);
  });

  test('20 seeded random layouts, all loadable, some bounced and some with PAGE_OFFSET 0x8000_0000', () => {
    const layouts = randomLayouts(20);
    expect(layouts).toHaveLength(20);
    expect(randomLayouts(20)).toEqual(layouts);
    expect(layouts.some((l) => (l.config.idmapStart % 4096) + 0xc0 > 4096)).toBe(true);
    expect(layouts.some((l) => l.config.pageOffset === 0x80000000)).toBe(true);
    expect(new Set(layouts.map((l) => l.config.cpus)).size).toBeGreaterThan(2);
    for (const l of layouts) expect(() => exportChecked(l.config)).not.toThrow();
  });
});
