import { describe, expect, test } from 'vitest';
import { decodeHsr, describeHsr } from './hsr';

/* HSR layout (ARMv7 VE): EC [31:26], IL [25], ISS [24:0]; aborts: WnR ISS[6], FSC ISS[5:0]. */
describe('decodeHsr', () => {
  test('a data abort in Hyp mode on a write, alignment fault, 32-bit instruction', () => {
    const hsr = (0x25 << 26) | (1 << 25) | (1 << 6) | 0x21; // 0x96000061
    expect(hsr >>> 0).toBe(0x96000061);
    expect(decodeHsr(hsr)).toEqual({
      ec: 0x25,
      il: true,
      iss: 0x61,
      fsc: 0x21,
      wnr: true,
      imm16: null,
      description: 'data abort taken in Hyp mode: alignment fault (write)',
    });
  });
  test('an HVC: EC 0x12, imm16 in ISS[15:0], no fault status', () => {
    const d = decodeHsr(0x4a000001); // 0x12 << 26 | IL | imm16 1
    expect([d.ec, d.il, d.imm16, d.fsc, d.wnr]).toEqual([0x12, true, 1, null, null]);
    expect(describeHsr(0x4a000001)).toBe('HVC executed, imm16 0x1');
  });
  test('a prefetch abort: translation fault level 2, no WnR', () => {
    const d = decodeHsr(0x84000006);
    expect([d.ec, d.fsc, d.wnr]).toEqual([0x21, 0x06, null]);
    expect(d.description).toBe('prefetch abort taken in Hyp mode: translation fault, level 2');
  });
  test('unknown reason (an undefined instruction): EC 0', () => {
    expect(decodeHsr(0x02000000)).toMatchObject({ ec: 0, il: true, fsc: null });
  });
});
