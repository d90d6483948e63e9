import { describe, expect, test } from 'vitest';
import { decodePar, describeFsc, parseTranslations } from './compare';
import { compareInit, firstHypException, parseInit, type InitExpectation } from './compareInit';
import type { CpuState } from '../engine/machine/cpuState';

describe('PAR decoding (LPAE format, ATS1HR)', () => {
  test('a translation: PA[39:12], ATTR[63:56], SH[8:7]', () => {
    // QEMU's answer for the idmap page under PAGE_HYP: 0xff000000_80320b80
    expect(decodePar(0xff000000, 0x80320b80)).toEqual({
      fault: false,
      fst: (0x80320b80 >>> 1) & 0x3f,
      pa: 0x80320000,
      attr: 0xff,
      sh: 3,
    });
  });
  test('a fault: F = 1, FST = PAR[6:1]', () => {
    const p = decodePar(0, 0x80f);
    expect(p.fault).toBe(true);
    expect(p.fst).toBe(0x07);
    expect(describeFsc(p.fst)).toBe('translation fault, level 3 (FSC 0x07)');
    expect(describeFsc(0x0b)).toBe('access-flag fault, level 3 (FSC 0x0b)');
  });
  test('T lines from the harness', () => {
    const m = parseTranslations(
      'T 0x00000002 0x00000000 0x0000080b\nnoise\nT 0x00000000 0xff000000 0x80320b80\n',
    );
    expect([...m.keys()]).toEqual([2, 0]);
    expect(m.get(2)!.fst).toBe(5);
  });
});

describe("QEMU's -d int log and the harness's init lines", () => {
  const log = `Taking exception 11 [Hypervisor Call] on CPU 0
...from EL1 to EL2
...with ESR 0x12/0x4a000000
Taking exception 3 [Prefetch Abort] on CPU 0
...from EL2 to EL2
...with ESR 0x21/0x86000007
...with HIFAR 0xffff1000
Taking exception 3 [Prefetch Abort] on CPU 0
...from EL1 to EL1
...with ESR 0x21/0x86000010
`;
  test('the first exception to EL2 that is not an HVC: EC, fault status, HIFAR', () => {
    expect(firstHypException(log)).toEqual({ ec: 0x21, fsc: 0x07, far: 0xffff1000 });
    expect(
      firstHypException(
        'Taking exception 1 [Undefined Instruction] on CPU 0\n...from EL2 to EL2\n...with ESR 0x0/0x2000000\n',
      ),
    ).toEqual({ ec: 0, fsc: null, far: null });
    expect(firstHypException('')).toBeNull();
  });

  test('registers after init, compared with HSCTLR reserved bits masked and SP_hyp = SP at the call + 8', () => {
    const stdout =
      'RUN 0x00000000\nD 0x00000000 0x00000000 0x803845c0 0x00001007 0xc02d8a80 0xc0394ff8\nEND\n';
    const obs = parseInit(stdout, '');
    const cpu = {
      id: 0,
      httbr: 0x803845c0,
      hsctlr: 0x30c5181f,
      hvbar: 0xc02d8a80,
      spHyp: 0xc0395000,
    } as CpuState;
    const exp: InitExpectation = {
      firstHypException: null,
      outcome: 'returns',
      dumps: new Map([[0, cpu]]),
      probe: null,
      panicVa: 0,
    };
    const checks = compareInit(exp, obs, [{ cpu: 0, stackTop: 0xc0395000, flags: 3 }], false);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.what)).toContain('run 0 (CPU0): SP_hyp');
    const bad = compareInit(
      { ...exp, dumps: new Map([[0, { ...cpu, hvbar: 0x80320f00 }]]) },
      obs,
      [{ cpu: 0, stackTop: 0xc0395000, flags: 3 }],
      false,
    ).filter((c) => !c.ok);
    expect(bad).toEqual([
      { what: 'run 0 (CPU0): HVBAR', ok: false, engine: '0x80320f00', qemu: '0xc02d8a80' },
    ]);
  });
});
