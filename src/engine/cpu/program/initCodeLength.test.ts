import { describe, expect, test } from 'vitest';
import { INIT_CODE_BYTES } from './initCodeLength';
import { assembleInitDualStep, assembleInitSingleStep } from './programs';

describe('the init code sizes validation uses', () => {
  test('are what the assembler makes of each design, wherever the code is placed', () => {
    for (const base of [0, 0x8032_0f00, 0x4000_0000]) {
      expect(assembleInitDualStep(base).size).toBe(INIT_CODE_BYTES['dual-step']);
      expect(assembleInitSingleStep(base).size).toBe(INIT_CODE_BYTES['single-step']);
    }
  });
});
