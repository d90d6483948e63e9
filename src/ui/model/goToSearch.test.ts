import { describe, expect, test } from 'vitest';
import { findPreset, presetConfig } from '../../engine/scenario/presets';
import { simulate } from '../../engine/simulate';
import { goToSearch, parseVa } from './goToSearch';

const trace = simulate(presetConfig(findPreset('dual-step')!));

describe('goToSearch', () => {
  test('a number is a step; out of range says so', () => {
    expect(goToSearch(trace, '12').matches.map((m) => m.step)).toEqual([12]);
    const r = goToSearch(trace, String(trace.steps.length + 1));
    expect(r.matches).toEqual([]);
    expect(r.note).toMatch(/not in this scenario/);
  });

  test('VAs are read in every form a reader writes them', () => {
    expect(parseVa('0xffff0000')).toBe(0xffff0000);
    expect(parseVa('0xffff_0000')).toBe(0xffff0000);
    expect(parseVa('ffff0000')).toBe(0xffff0000);
    expect(parseVa('add')).toBeNull();
    expect(parseVa('1234')).toBeNull();
  });

  test('the trampoline VA finds the fetches at it, after the MMU is on', () => {
    // phase 2 jumps to the trampoline: PC = 0xffff0000 | (the init code's offset in its page)
    const idmapStart = trace.config.idmapStart;
    const jumpTarget = (0xffff0000 | ((idmapStart + 0xbc) & 0xfff)) >>> 0; // `add r1, pc, #4` lands 0xbc in
    const r = goToSearch(trace, '0x' + jumpTarget.toString(16));
    expect(r.kind).toBe('va');
    expect(r.count).toBeGreaterThan(0);
    for (const m of r.matches) {
      const s = trace.steps[m.step - 1]!;
      expect(s.accesses.some((a) => a.va <= jumpTarget && jumpTarget < a.va + 4)).toBe(true);
    }
    expect(r.matches[0]!.why).toMatch(/instruction fetch/);
  });

  test('a mnemonic finds the steps that run it; a kernel function its steps', () => {
    const mcrr = goToSearch(trace, 'mcrr');
    // HTTBR is written twice per CPU (boot PGD in phase 1, runtime PGD in phase 2): 2 CPUs
    expect(mcrr.count).toBe(4);
    for (const m of mcrr.matches)
      expect(trace.steps[m.step - 1]!.instruction?.text).toMatch(/^mcrr/);
    const fn = goToSearch(trace, '__kvm_hyp_init');
    expect(fn.count).toBeGreaterThan(20);
    const none = goToSearch(trace, 'no_such_thing');
    expect(none.count).toBe(0);
    expect(none.note).toMatch(/no_such_thing/);
  });
});
