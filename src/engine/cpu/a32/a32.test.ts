import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeInstruction } from './decode';
import { disassemble } from './disassemble';
import { encodeArmImmediate, encodeInstruction } from './encode';
import type { Instruction } from './instruction';

/*
 * Words from GNU binutils (arm-none-eabi-as 2.40 + objdump -d, `.arch armv7-a`,
 * `.arch_extension virt`, ARM state), not from this encoder. Address 0 is the first line.
 */
const BINUTILS: readonly [number, number, string][] = [
  [0x00, 0xe3500000, 'cmp r0, #0'],
  [0x04, 0x1afffffd, 'bne 0x0'],
  [0x08, 0xec432f42, 'mcrr p15, 4, r2, r3, c2'],
  [0x0c, 0xee920f50, 'mrc p15, 4, r0, c2, c0, 2'],
  [0x10, 0xe59f2098, 'ldr r2, [pc, #152]'],
  [0x14, 0xe1c00002, 'bic r0, r0, r2'],
  [0x18, 0xee121f50, 'mrc p15, 0, r1, c2, c0, 2'],
  [0x1c, 0xe2011c3f, 'and r1, r1, #0x3f00'],
  [0x20, 0xe1800001, 'orr r0, r0, r1'],
  [0x24, 0xee820f50, 'mcr p15, 4, r0, c2, c0, 2'],
  [0x28, 0xe2000c3f, 'and r0, r0, #0x3f00'], // as: bic r0, r0, #0xffffc0ff
  [0x2c, 0xe3811058, 'orr r1, r1, #0x58'],
  [0x30, 0xe3a02003, 'mov r2, #3'],
  [0x34, 0xf57ff06f, 'isb sy'],
  [0x38, 0xee810f10, 'mcr p15, 4, r0, c1, c0, 0'],
  [0x3c, 0xe160006e, 'eret'],
  [0x40, 0xe1a0d000, 'mov sp, r0'],
  [0x44, 0xee8c1f10, 'mcr p15, 4, r1, c12, c0, 0'],
  [0x48, 0xe51f002c, 'ldr r0, [pc, #-44]'],
  [0x4c, 0xe24f1054, 'sub r1, pc, #0x54'], // as: adr r1, start
  [0x50, 0xe7cb0011, 'bfi r0, r1, #0, #12'],
  [0x54, 0xe1a0f000, 'mov pc, r0'],
  [0x58, 0xee880f17, 'mcr p15, 4, r0, c8, c7, 0'],
  [0x5c, 0xf57ff04f, 'dsb sy'],
  [0x60, 0xf57ff04b, 'dsb ish'],
  [0x64, 0xeafffffe, 'b 0x64'],
  [0x68, 0xe3700001, 'cmn r0, #1'], // as: cmp r0, #-1
  [0x6c, 0x0e9c0f10, 'mrceq p15, 4, r0, c12, c0, 0'],
  [0x70, 0x1e8c0f10, 'mcrne p15, 4, r0, c12, c0, 0'],
  [0x74, 0xe3e00000, 'mvn r0, #0'], // as: mov r0, #-1
  [0x78, 0xe1400070, 'hvc #0'],
  [0x7c, 0xe12fff1e, 'bx lr'],
  [0x80, 0xe12fff3e, 'blx lr'],
  [0x84, 0xe92d0007, 'push {r0, r1, r2}'],
  [0x88, 0xe8bd0007, 'pop {r0, r1, r2}'],
  [0x8c, 0xe52de004, 'push {lr}'],
  [0x90, 0xe49de004, 'pop {lr}'],
  [0x94, 0xe14fe000, 'mrs lr, SPSR'],
  [0x98, 0xe16ff00e, 'msr SPSR_cxsf, lr'],
  [0x9c, 0xe10f2000, 'mrs r2, CPSR'],
  [0xa0, 0xe12ef30e, 'msr ELR_hyp, lr'],
  [0xa4, 0xe10e1300, 'mrs r1, ELR_hyp'],
  [0xa8, 0xec520f62, 'mrrc p15, 6, r0, r2, c2'],
  [0xac, 0xe1a00d21, 'lsr r0, r1, #26'],
  [0xb0, 0xe20220ff, 'and r2, r2, #0xff'],
  [0xb4, 0xe21110ff, 'ands r1, r1, #0xff'],
  [0xb8, 0xe320f000, 'nop'],
  [0xbc, 0xe7f000f0, 'udf #0'],
  [0xc0, 0xe3a0c622, 'mov r12, #0x2200000'],
  [0xc4, 0xe28f1004, 'add r1, pc, #4'],
  [0xc8, 0xe24f1008, 'sub r1, pc, #8'],
  [0xcc, 0xebffffcb, 'bl 0x0'],
  [0xd0, 0xee880f93, 'mcr p15, 4, r0, c8, c3, 4'],
  [0xd4, 0xee070f11, 'mcr p15, 0, r0, c7, c1, 0'],
  [0xd8, 0xf57ff01f, 'clrex'],
  [0xdc, 0xe5900000, 'ldr r0, [r0]'],
  [0xe0, 0x00000000, 'andeq r0, r0, r0'],
  [0xe4, 0xe5821008, 'str r1, [r2, #8]'],
];

describe('A32 against binutils', () => {
  test.each(BINUTILS)('@%i 0x%s: %s', (addr, word, text) => {
    const i = decodeInstruction(word);
    expect(i.kind).not.toBe('unknown');
    expect(encodeInstruction(i) >>> 0).toBe(word);
    expect(disassemble(i, addr)).toBe(text);
  });

  test('structured decodes of the forms the init code relies on', () => {
    expect(decodeInstruction(0xec432f42)).toEqual({
      kind: 'mcrr',
      cond: 'al',
      coproc: 15,
      opc1: 4,
      rt: 2,
      rt2: 3,
      crm: 2,
    });
    expect(decodeInstruction(0x0e9c0f10)).toEqual({
      kind: 'mrc',
      cond: 'eq',
      coproc: 15,
      opc1: 4,
      rt: 0,
      crn: 12,
      crm: 0,
      opc2: 0,
    });
    expect(decodeInstruction(0xe7cb0011)).toEqual({
      kind: 'bfi',
      cond: 'al',
      rd: 0,
      rn: 1,
      lsb: 0,
      width: 12,
    });
    expect(decodeInstruction(0xeafffffe)).toEqual({ kind: 'b', cond: 'al', offset: -8 });
    expect(decodeInstruction(0xe52de004)).toEqual({
      kind: 'strImm',
      cond: 'al',
      rt: 14,
      rn: 13,
      offset: -4,
      index: 'pre',
    });
    expect(decodeInstruction(0xe3700001)).toMatchObject({
      kind: 'dp',
      op: 'cmn',
      s: true,
      rn: 0,
      operand2: { type: 'imm', value: 1 },
    });
  });

  test('encoding from the structured form gives the binutils word', () => {
    const cases: [Instruction, number][] = [
      [
        {
          kind: 'dp',
          cond: 'al',
          op: 'and',
          s: false,
          rd: 1,
          rn: 1,
          operand2: { type: 'imm', value: 0x3f00, rot: 0, imm8: 0 },
        },
        0xe2011c3f,
      ],
      [
        { kind: 'mcr', cond: 'al', coproc: 15, opc1: 4, rt: 0, crn: 8, crm: 7, opc2: 0 },
        0xee880f17,
      ],
      [
        { kind: 'ldm', cond: 'al', rn: 13, registers: [0, 1, 2], writeback: true, mode: 'ia' },
        0xe8bd0007,
      ],
      [{ kind: 'msrBanked', cond: 'al', banked: 'elr_hyp', rn: 14 }, 0xe12ef30e],
    ];
    for (const [i, w] of cases) expect(encodeInstruction(i) >>> 0).toBe(w);
  });

  test('immediates that no rotation can express are refused', () => {
    expect(encodeArmImmediate(0x3f03)).toBeUndefined();
    expect(encodeArmImmediate(0xffff0000)).toBeUndefined();
    expect(encodeArmImmediate(0x02200000)).toEqual({ rot: 6, imm8: 0x22 });
    expect(() =>
      encodeInstruction({
        kind: 'dp',
        cond: 'al',
        op: 'mov',
        s: false,
        rd: 0,
        rn: 0,
        operand2: { type: 'imm', value: 0x3f03, rot: 0, imm8: 0 },
      }),
    ).toThrow(/cannot be encoded/);
  });

  test('property: decoding any word never throws, and whatever decodes re-encodes to the same word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (w) => {
        const i = decodeInstruction(w);
        if (i.kind !== 'unknown') expect(encodeInstruction(i) >>> 0).toBe(w >>> 0);
        expect(typeof disassemble(i, 0)).toBe('string');
      }),
      { numRuns: 20000, seed: 0x5eed },
    );
  });
});
