import { beforeAll, describe, expect, test } from 'vitest';
import { TRAMPOLINE_VA } from '../arch/lpae';
import { HSCTLR_M } from '../machine/cpuState';
import { DEFAULT_CONFIG } from '../scenario/config';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { before } from '../test/traceQueries';
import type { KeyMoment, Step, Trace } from './types';

const preset = (name: string) => simulate(presetConfig(findPreset(name)!));
const stepAt = (t: Trace, m: KeyMoment): Step => t.steps[m.step - 1]!;
const kinds = (t: Trace, cpu: number) => t.moments.filter((m) => m.cpu === cpu).map((m) => m.kind);
const reg = (s: Step, name: string) =>
  s.changes.find((c) => c.kind === 'register' && c.name === name);

describe('key moments of the default dual-step trace, checked against the steps themselves', () => {
  // simulated in beforeAll, not while the module is collected (per-test coverage, issue 13)
  let t: Trace;
  let k: Trace['steps'][number]['state']['kernel'];
  beforeAll(() => {
    t = simulate(DEFAULT_CONFIG);
    k = t.steps[t.steps.length - 1]!.state.kernel;
  });

  test('each CPU has MMU on, trampoline jump, HTTBR switch, TLBIALLH, return to SVC, in that order; CPU1 first (on_each_cpu)', () => {
    for (const cpu of [0, 1])
      expect(kinds(t, cpu)).toEqual([
        'mmu-on',
        'trampoline-jump',
        'httbr-switch',
        'tlbiallh',
        'return-svc',
      ]);
    expect(t.moments[0]!.cpu).toBe(1);
    expect(t.moments.map((m) => m.step)).toEqual(
      [...t.moments.map((m) => m.step)].sort((a, b) => a - b),
    );
    expect(t.moments.some((m) => m.kind === 'consequence')).toBe(false);
  });

  for (const cpu of [0, 1]) {
    const m = (kind: KeyMoment['kind']) => t.moments.find((x) => x.cpu === cpu && x.kind === kind)!;

    test(`CPU${cpu} MMU on: the HSCTLR write (mcr p15, 4, rN, c1, c0, 0) that sets M`, () => {
      const s = stepAt(t, m('mmu-on'));
      expect(s.cpu).toBe(cpu);
      expect(s.instruction?.text).toMatch(/^mcr p15, 4, r\d+, c1, c0, 0$/);
      expect(before(t, s).cpus[cpu]!.hsctlr & HSCTLR_M).toBe(0);
      expect(s.state.cpus[cpu]!.hsctlr & HSCTLR_M).toBe(HSCTLR_M);
      expect(m('mmu-on').label).toBe(`CPU${cpu} MMU on`);
    });

    test(`CPU${cpu} jump to the trampoline: mov pc from the idmap into the 0xffff0000 page`, () => {
      const s = stepAt(t, m('trampoline-jump'));
      expect(s.instruction?.text).toBe('mov pc, r0');
      expect(s.instruction!.pc >>> 12).toBe(DEFAULT_CONFIG.idmapStart >>> 12);
      const next = t.steps[s.index]!; // the next step fetches from the trampoline page
      expect(next.instruction!.pc >>> 12).toBe(TRAMPOLINE_VA >>> 12);
    });

    test(`CPU${cpu} HTTBR switch: the mcrr to HTTBR that loads the runtime PGD`, () => {
      const s = stepAt(t, m('httbr-switch'));
      expect(s.instruction?.text).toMatch(/^mcrr p15, 4, r2, r3, c2$/);
      expect(before(t, s).cpus[cpu]!.httbr).toBe(k.bootPgd);
      expect(s.state.cpus[cpu]!.httbr).toBe(k.hypPgd);
      expect(m('httbr-switch').label).toBe(`CPU${cpu} HTTBR → runtime`);
    });

    test(`CPU${cpu} TLBIALLH: mcr p15, 4, rN, c8, c7, 0 drops the boot-PGD entries`, () => {
      const s = stepAt(t, m('tlbiallh'));
      expect(s.instruction?.text).toMatch(/^mcr p15, 4, r\d+, c8, c7, 0$/);
      const inv = s.changes.find((c) => c.kind === 'tlb-invalidate');
      expect(inv && inv.kind === 'tlb-invalidate' && inv.dropped.length).toBeGreaterThan(0);
    });

    test(`CPU${cpu} back in SVC: the init code's last eret, HVBAR now the runtime vectors`, () => {
      const s = stepAt(t, m('return-svc'));
      expect(s.instruction?.text).toBe('eret');
      expect(reg(s, 'mode')).toMatchObject({ after: 'SVC' });
      expect(s.state.cpus[cpu]!.mode).toBe('svc');
      expect(s.state.cpus[cpu]!.httbr).toBe(k.hypPgd);
      // the phase-1 eret also returns to SVC, but with HVBAR still at the init vectors
      const erets = t.steps.filter(
        (x) => x.cpu === cpu && x.instruction?.text === 'eret' && x.source.file.endsWith('init.S'),
      );
      expect(erets.map((x) => x.index)).toEqual([erets[0]!.index, s.index]);
    });
  }
});

describe('what-ifs: the consequence moment is the outcome step, and its explanation names the cause', () => {
  test('stale-tlb: no TLBIALLH; the probe read hits the entry filled under the boot PGD', () => {
    const t = preset('stale-tlb');
    expect(t.moments.filter((m) => m.kind === 'tlbiallh')).toEqual([]);
    const c = t.moments.filter((m) => m.kind === 'consequence');
    expect(c).toEqual([
      { step: t.outcome.step, cpu: 0, kind: 'consequence', label: 'CPU0 stale TLB entry used' },
    ]);
    const s = t.steps[t.outcome.step - 1]!;
    const read = s.accesses.find((a) => a.type === 'read' && a.va === 0x80320f00)!;
    expect(read.tlb).toBe('hit');
    const entry = read.tlbEntry!;
    const k = s.state.kernel;
    expect(entry.httbr).toBe(k.bootPgd);
    expect(s.state.cpus[0]!.httbr).toBe(k.hypPgd);
    // the entry was filled by CPU0's own phase-1 eret fetch... at a step of CPU0 under the boot PGD
    const filled = t.steps[entry.filledAt - 1]!;
    expect(filled.cpu).toBe(0);
    expect(filled.state.cpus[0]!.httbr).toBe(k.bootPgd);
    expect(s.why).toContain(
      `hits TLB entry ${read.tlbIndex}, filled under the boot PGD (HTTBR 0x${k.bootPgd!.toString(16)}) at step ${entry.filledAt} and not invalidated`,
    );
    expect(s.why).toContain('allows the CPU to use');
  });

  test('a fault: outcome.step is the first abort, not the loop after it, and the why names the step that wrote the entry', () => {
    const t = simulate({ ...DEFAULT_CONFIG, skipFlush: true, walkerCoherent: false });
    expect(t.outcome.kind).toBe('hang');
    const firstAbort = t.steps.find((s) =>
      s.changes.some((c) => c.kind === 'exception' && c.name !== 'HVC'),
    )!;
    expect(t.outcome.step).toBe(firstAbort.index);
    expect(t.moments[t.moments.length - 1]).toMatchObject({
      step: firstAbort.index,
      kind: 'consequence',
    });
    const walkEnd = firstAbort.accesses[0]!.walk!.levels.at(-1)!;
    const writer = t.steps.find((s) =>
      s.changes.some((c) => c.kind === 'descriptor' && c.pa === walkEnd.descAddr),
    )!;
    expect(firstAbort.why).toContain(`at step ${writer.index} (`);
    expect(firstAbort.why).toContain('still dirty in the data cache');
  });

  test('idmap-too-big: the fault past the trampoline page says no step ever mapped it', () => {
    const t = preset('idmap-too-big');
    const s = t.steps[t.outcome.step - 1]!;
    expect(s.changes.some((c) => c.kind === 'exception')).toBe(true);
    expect(s.why).toMatch(/No step of this trace ever wrote that entry/);
    expect(t.moments.at(-1)).toMatchObject({ step: s.index, cpu: 1, kind: 'consequence' });
  });

  test('single-step design: MMU on and return to SVC only (one PGD: no switch, no trampoline)', () => {
    const t = preset('single-step');
    for (const cpu of [0, 1]) expect(kinds(t, cpu)).toEqual(['mmu-on', 'return-svc']);
  });
});
