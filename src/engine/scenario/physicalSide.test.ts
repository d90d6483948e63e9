import { describe, expect, test } from 'vitest';
import { naturalIdmapLength } from '../cpu/program/programs';
import { simulate } from '../simulate';
import { DEFAULT_CONFIG } from './config';
import { findPreset, PRESETS, presetConfig } from './presets';
import { validateConfig } from './validate';

const U32 = 2 ** 32;
const check = (over: Record<string, unknown>) => {
  const c = { ...DEFAULT_CONFIG, ...over };
  return validateConfig(c, naturalIdmapLength(c.design));
};

describe('the physical side: lowmem below 4 GiB (issue 9 item 8)', () => {
  test('RAM whose lowmem would pass 4 GiB is rejected, naming the key and the reason', () => {
    // the old vector-collision layout: RAM at 0xff000000, 1 GiB
    const errs = check({
      ramBase: 0xff000000,
      ramSize: 0x40000000,
      kernelStart: 0xff008000,
      idmapStart: 0xffff0100,
    });
    expect(errs.map((e) => e.key)).toContain('ramBase');
    expect(errs.find((e) => e.key === 'ramBase')!.message).toMatch(/4 GiB.*__pa\(\)/);
  });

  test('lowmem ending exactly at 4 GiB is fine', () => {
    expect(
      check({
        ramBase: 0xd0800000,
        ramSize: 0x2f800000,
        kernelStart: 0xd0808000,
        idmapStart: 0xd0ada000,
      }),
    ).toEqual([]);
  });

  test('vector-collision now lives in 32-bit lowmem: every page it allocates is below 4 GiB, and the idmap page is 0xffff0000', () => {
    const c = presetConfig(findPreset('vector-collision')!);
    expect(validateConfig(c, naturalIdmapLength(c.design))).toEqual([]);
    expect(c.ramBase + c.ramSize).toBeLessThanOrEqual(U32);
    expect(c.idmapStart - (c.idmapStart % 4096)).toBe(0xffff0000);
    const t = simulate(c);
    const allocs = t.steps.flatMap((s) => s.changes).filter((x) => x.kind === 'alloc');
    expect(allocs.length).toBeGreaterThan(0);
    for (const a of allocs) if (a.kind === 'alloc') expect(a.pa + a.size).toBeLessThanOrEqual(U32);
    for (const s of t.steps) for (const cpu of s.state.cpus) expect(cpu.httbr).toBeLessThan(U32);
    expect(t.outcome.kind).toBe('leak');
  });

  test('every preset passes the physical checks', () => {
    for (const p of PRESETS) {
      const c = presetConfig(p);
      expect(validateConfig(c, naturalIdmapLength(c.design)), p.name).toEqual([]);
    }
  });
});
