import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from './scenario/config';
import { simulate } from './simulate';

/*
 * A HYP data abort end to end: after init, a probe reads an HYP VA the runtime PGD does not
 * map (0x4000_0000: its level-1 slot 1 is empty, the runtime PGD only uses slot 3, facts §1.1).
 * ARM ARM B3.13 / facts §7: HSR = EC 0x25 (data abort from Hyp mode) << 26 | ISS, with WnR
 * (bit 6) clear for a read and DFSC 0x05 (level-1 translation fault); HDFAR = the VA; the
 * exception goes to HVBAR + 0x10. The v3.10 runtime vector's handler ERETs into panic() with
 * "unexpected data abort in Hyp mode" (the IL bit is UNK/SBZP on ARMv7, facts §9: not asserted).
 */

describe('a HYP data abort on an unmapped VA (probeVa)', () => {
  test('the syndrome: EC 0x25, WnR 0, DFSC 0x05; HDFAR = the VA; vector HVBAR + 0x10; panic says "data"', () => {
    const t = simulate({ ...DEFAULT_CONFIG, probeVa: 0x4000_0000 });
    const aborts = t.steps.flatMap((s) =>
      s.changes.flatMap((c) =>
        c.kind === 'exception' && c.name === 'data abort' ? [{ step: s, c }] : [],
      ),
    );
    expect(aborts).toHaveLength(1);
    const { step, c } = aborts[0]!;
    if (c.kind !== 'exception') throw new Error('unreachable');
    const hsr = (c.hsr ?? 0) >>> 0;
    expect(hsr >>> 26).toBe(0x25);
    expect((hsr >>> 6) & 1).toBe(0);
    expect(hsr & 0x3f).toBe(0x05);
    const cpu = step.state.cpus[step.cpu]!;
    expect(cpu.hdfar >>> 0).toBe(0x4000_0000);
    expect(cpu.mode).toBe('hyp');
    expect(c.vector >>> 0).toBe((cpu.hvbar + 0x10) >>> 0);
    expect(cpu.pc >>> 0).toBe((cpu.hvbar + 0x10) >>> 0);
    const read = step.accesses.find((a) => a.va === 0x4000_0000)!;
    expect(read).toMatchObject({
      type: 'read',
      pa: null,
      fault: { type: 'translation', level: 1, fsc: 0x05 },
    });
    expect(t.outcome.kind).toBe('panic');
    expect(t.outcome.summary).toMatch(/unexpected data abort in Hyp mode/);
    expect(t.outcome.summary).not.toMatch(/prefetch/);
  });
});
