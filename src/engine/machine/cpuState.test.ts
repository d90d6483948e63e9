import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../scenario/config';
import { simulate } from '../simulate';
import { insnStep } from '../test/traceQueries';
import { HSCTLR_RES1, HSCTLR_RESERVED_NOTE, hsctlrAfterWrite, initialCpu } from './cpuState';

describe('HSCTLR reserved bits read as one (issue 9 item 14)', () => {
  // ARMv7 HSCTLR: bits 29:28, 23:22, 18, 16, 11 and 4:3 are UNK/SBOP
  const sbop = [29, 28, 23, 22, 18, 16, 11, 4, 3].reduce((m, b) => m + 2 ** b, 0);

  test('the mask is exactly the UNK/SBOP bits, and a write of 0 reads back with them set', () => {
    expect(HSCTLR_RES1 >>> 0).toBe(sbop);
    expect(hsctlrAfterWrite(0)).toBe(0x30c50818);
    expect(initialCpu(0, 0, 4).hsctlr).toBe(0x30c50818);
  });

  test('phase 1 reads them, clears and sets only TE/EE/FI/WXN/I/C/A/M, and ends at 0x30c5181f', () => {
    const t = simulate(DEFAULT_CONFIG);
    const read = insnStep(t, 0, /read HSCTLR/);
    expect(read.state.cpus[0]!.r[0]).toBe(sbop);
    const write = t.steps.find(
      (s) => s.cpu === 0 && s.changes.some((c) => c.kind === 'register' && c.name === 'HSCTLR'),
    )!;
    expect(write.state.cpus[0]!.hsctlr).toBe(0x30c5181f);
  });

  test('the register text says the reset value is implementation defined, and what QEMU reads', () => {
    expect(HSCTLR_RESERVED_NOTE).toMatch(/implementation defined/);
    expect(HSCTLR_RESERVED_NOTE).toMatch(/QEMU 7\.2 reads them as 0/);
  });
});
