import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../scenario/config';
import { simulate } from '../simulate';

describe('alignment faults in HYP (issue 9 item 4)', () => {
  test('an unaligned word load with HSCTLR.A set takes a data abort: FSC 0x21, HDFAR = the VA', () => {
    const probe = 0xc02d8a82; // in the mapped HYP text, 2 bytes past a word boundary
    const t = simulate({ ...DEFAULT_CONFIG, probeVa: probe });
    const s = t.steps.find((x) => x.accesses.some((a) => a.va === probe))!;
    const a = s.accesses.find((x) => x.va === probe)!;
    expect(a).toMatchObject({ type: 'read', pa: null, value: null });
    expect(a.fault).toMatchObject({ type: 'alignment', fsc: 0x21 });
    const x = s.changes.find((c) => c.kind === 'exception');
    expect(x).toMatchObject({ name: 'data abort' });
    const c = s.state.cpus[0]!;
    expect(c.hsr >>> 26).toBe(0x25); // EC: data abort taken from Hyp mode
    expect(c.hsr & 0x3f).toBe(0x21);
    expect(c.hdfar).toBe(probe);
    expect(s.why).toMatch(/alignment fault/);
    expect(t.outcome.step).toBe(s.index);
    expect(t.outcome.kind).toBe('panic');
  });

  test('the aligned word next to it still reads', () => {
    const t = simulate({ ...DEFAULT_CONFIG, probeVa: 0xc02d8a80 });
    const a = t.steps
      .flatMap((s) => s.accesses)
      .find((x) => x.va === 0xc02d8a80 && x.type === 'read')!;
    expect(a.fault).toBeNull();
    expect(a.value).not.toBeNull();
  });
});
