import { describe, expect, test } from 'vitest';
import type { HypVa } from '../arch/types';
import { walk } from '../cpu/walk';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';

/* Simulated inside each test, not at module level, so per-test coverage sees which test runs what. */
function bounceRun() {
  const t = simulate(presetConfig(findPreset('bounce-page')!));
  const done = t.steps.find(
    (s) => s.source.listing === 'kvm_mmu_init' && s.source.text.startsWith('return 0'),
  )!;
  return { t, done, k: done.state.kernel, mem: t.world.memory };
}

describe('kvm_mmu_init with a page-crossing init section (bounce-page preset)', () => {
  test('the section 0x80320fa0-0x80321084 crosses a page, so it is copied to a page-aligned bounce page', () => {
    const { t, k } = bounceRun();
    expect(t.steps.some((s) => s.title === 'The init code crosses a page boundary')).toBe(true);
    expect(k.bounce).not.toBeNull();
    expect(k.bounce! % 4096).toBe(0);
    expect(k.idmapStart).toBe(k.bounce);
    expect(k.idmapEnd).toBe(k.bounce! + 0xe4);
    expect(k.idmapVector).toBe(k.bounce); // __kvm_hyp_init is at the start of the section
  });
  test('after the clean, DRAM under the bounce page holds the code: the same words as the original', () => {
    const { t, done, k, mem } = bounceRun();
    for (let off = 0; off < 0xe4; off += 4) {
      expect(mem.read32(k.bounce! + off, done.state.version, 'poc')).toBe(
        mem.read32(0x80320fa0 + off, done.state.version, 'poc'),
      );
    }
    const copy = t.steps.find((s) => /^Copy 228 bytes/.test(s.title))!;
    // between the copy and the clean, DRAM does not have it yet
    expect(mem.read32(k.bounce! + 0x14, copy.state.version, 'poc')).not.toBe(0xea000001);
    expect(mem.read32(k.bounce! + 0x14, copy.state.version, 'coherent')).toBe(0xea000001); // b __do_hyp_init
  });
  test('the boot PGD idmaps only the bounce page, and both PGDs put it at the trampoline', () => {
    const { t, done, k } = bounceRun();
    const v = done.state.version;
    expect(walk(t.world, v, k.bootPgd!, k.bounce! as HypVa, 'coherent', null).pa).toBe(k.bounce);
    expect(
      walk(t.world, v, k.bootPgd!, 0x80320fa0 as HypVa, 'coherent', null).fault,
    ).not.toBeNull();
    expect(walk(t.world, v, k.bootPgd!, 0xffff0000 as HypVa, 'coherent', null).pa).toBe(k.bounce);
    expect(walk(t.world, v, k.hypPgd!, 0xffff0000 as HypVa, 'coherent', null).pa).toBe(k.bounce);
  });
  test('the kernel logs "Using HYP init bounce page @..."', () => {
    const { k } = bounceRun();
    expect(k.messages).toContain(`Using HYP init bounce page @${k.bounce!.toString(16)}`);
  });
});
