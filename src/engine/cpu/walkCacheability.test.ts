import { describe, expect, test } from 'vitest';
import { initialCpu, HSCTLR_C, HSCTLR_M } from '../machine/cpuState';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';
import { htcrWalksCacheable, walkObserver } from './mmu';

describe('walk cacheability from HTCR and HSCTLR.C (issue 9 item 10)', () => {
  const cpu = (hsctlr: number, htcr: number) => ({ ...initialCpu(0, 0, 4), hsctlr, htcr });
  const A15_HTCR = 0x80003500; // phase 1: TTBCR's 0x35 (SH0 inner shareable, IRGN0/ORGN0 WBWA)

  test('IRGN0 (HTCR[9:8]) = 0b00 is a non-cacheable walk; 0b01..0b11 are cacheable', () => {
    expect(htcrWalksCacheable(0x80000000)).toBe(false);
    expect(htcrWalksCacheable(A15_HTCR)).toBe(true);
    expect(htcrWalksCacheable(0x80000200)).toBe(true);
  });

  test('only a cacheable walk (C set, IRGN0 cacheable) on a walker that looks in the cache sees dirty lines', () => {
    const on = HSCTLR_M | HSCTLR_C;
    expect(walkObserver(cpu(on, A15_HTCR), true)).toBe('coherent');
    expect(walkObserver(cpu(HSCTLR_M, A15_HTCR), true)).toBe('poc'); // C clear
    expect(walkObserver(cpu(on, 0x80000000), true)).toBe('poc'); // walks non-cacheable by HTCR
    expect(walkObserver(cpu(on, A15_HTCR), false)).toBe('poc'); // a walker that reads DRAM
  });

  test('no-flush on the default A15 succeeds: the first walk after MMU on reads dirty descriptor lines through the cache, and the outcome says why', () => {
    const t = simulate(presetConfig(findPreset('no-flush')!));
    expect(t.outcome.kind).toBe('success');
    // the step, then its access: a packed step decodes its accesses on read (equal, not the same objects)
    const walked = t.steps.find((s) => s.accesses.some((a) => a.walk))!;
    const firstWalk = walked.accesses.find((a) => a.walk)!;
    expect(firstWalk.walk!.observer).toBe('coherent');
    const v = walked.state.version;
    const dirty = firstWalk.walk!.levels.filter((l) =>
      t.world.memory.isDirty(Math.floor(l.descAddr / 64), v),
    );
    expect(dirty.length).toBeGreaterThan(0); // never cleaned to the PoC, read all the same
    expect(t.outcome.detail).toMatch(/HSCTLR\.C/);
    expect(t.outcome.detail).toMatch(/HTCR = 0x80003500/);
    expect(t.outcome.detail).toMatch(/no-flush-noncoherent/);
  });

  test('no-flush-noncoherent keeps the fault, with a walker named as reading the PoC', () => {
    const c = presetConfig(findPreset('no-flush-noncoherent')!);
    expect(c.walkerCoherent).toBe(false);
    const t = simulate(c);
    expect(t.outcome.kind).toBe('hang');
    expect(t.outcome.summary).toMatch(/as the walker sees memory at the PoC/);
  });
});
