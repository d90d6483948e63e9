import { describe, expect, test } from 'vitest';
import { findPreset, PRESETS, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { groupedHex, hex, hex32, hex64, unsigned } from './hex';

describe('one unsigned formatter for addresses and registers (issue 9 item 6)', () => {
  test('numbers at or above 2^31, including the negative results of JS bit operators', () => {
    expect(hex(0x80320f00 & ~0xfff)).toBe('0x80320000'); // & gives -0x7fce0000
    expect(hex((0xa0000000 | 0x1d3) >> 0)).toBe('0xa00001d3');
    expect(hex(0x80000000)).toBe('0x80000000');
    expect(hex(0xffffffff | 0, 8)).toBe('0xffffffff');
    expect(hex(-1)).toBe('0xffffffff');
    expect(hex32(-0x5fff01da)).toBe('0xa000fe26');
    expect(groupedHex(-0x5fff01da)).toBe('0xa000_fe26');
    expect(groupedHex(0x80000000 | 0x321064)).toBe('0x8032_1064');
  });
  test('wider values: 40-bit PAs and 64-bit descriptors', () => {
    expect(hex(0x1_0005_4600)).toBe('0x100054600');
    expect(hex(2 ** 32)).toBe('0x100000000');
    expect(hex64(-1n)).toBe('0xffffffffffffffff');
    expect(groupedHex(0x0080_0000_0000_075fn, 16)).toBe('0x0080_0000_0000_075f');
    expect(unsigned(-(2 ** 40))).toBe(2n ** 64n - 2n ** 40n);
  });
  test('small values with few digits never get an empty group', () => {
    expect(groupedHex(5, 2)).toBe('0x05');
    expect(groupedHex(0x21, 2)).toBe('0x21');
    expect(hex(5, 2)).toBe('0x05');
  });
  test('no text of any preset trace shows a signed or empty-group hex number', () => {
    for (const p of PRESETS.filter((x) => x.name !== 'stress')) {
      const t = simulate(presetConfig(findPreset(p.name)!));
      const texts = [t.outcome.summary, t.outcome.detail];
      for (const s of t.steps) {
        texts.push(s.title, s.why);
        for (const c of s.changes)
          if (c.kind === 'register' || c.kind === 'kernel-var') texts.push(c.before, c.after);
      }
      for (const x of texts) expect(x, p.name).not.toMatch(/0x-|0x_/);
      for (const s of t.steps)
        for (const c of s.state.cpus) {
          for (const v of [c.cpsr, c.spsrHyp, c.hsr, c.elrHyp, c.hsctlr, c.pc, ...c.r])
            expect(v, `${p.name} step ${s.index}`).toBeGreaterThanOrEqual(0);
        }
    }
  }, 60_000);
});
