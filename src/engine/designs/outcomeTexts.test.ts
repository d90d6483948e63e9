import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../scenario/config';
import { findPreset, presetConfig } from '../scenario/presets';
import { simulate } from '../simulate';

const run = (over: Partial<Config>) => simulate({ ...DEFAULT_CONFIG, ...over });
const preset = (name: string) => simulate(presetConfig(findPreset(name)!));

describe('outcome texts come from the model (issue 9 item 3)', () => {
  test('a two-page idmap without bounce: the second idmap page stays mapped, not "the same page"', () => {
    const t = run({ idmapStart: 0x80320f20, noBounce: true, hotplugSupport: false });
    expect(t.outcome.kind).toBe('leak');
    expect(t.outcome.detail).not.toMatch(/same page/);
    // v3.10 free_boot_hyp_pgd unmaps one page at hyp_idmap_start = 0x80320000; 0x80321000 stays
    expect(t.outcome.detail).toMatch(/L3\[289\] \(VA 0x80321000\) -> page 0x80321000/);
    expect(t.outcome.detail).toMatch(/unmaps only one page at hyp_idmap_start \(0x80320000\)/);
    // the tables it names are the boot PGD's L2 and L3 that the trace allocated
    const allocs = t.steps.flatMap((s) => s.changes).filter((c) => c.kind === 'alloc');
    for (const m of t.outcome.detail.matchAll(/L[23] table (0x[0-9a-f]+) \(boot PGD/g))
      expect(allocs.some((a) => a.kind === 'alloc' && a.pa === Number(m[1]))).toBe(true);
  });

  test('a failed allocation after a bounced two-page copy: an L3 table with an entry and its L2 are left', () => {
    const t = run({ idmapStart: 0x80324900, idmapLength: 0x1020, cpus: 3, failAlloc: 7 });
    expect(t.outcome.kind).toBe('init-error');
    expect(t.outcome.detail).toMatch(
      /L3 table 0x[0-9a-f]+ \(boot PGD L3 for L2\[1\], count 2\) still holding L3\[/,
    );
    expect(t.outcome.detail).toMatch(
      /L2 table 0x[0-9a-f]+ \(boot PGD L2 for L1\[2\], count 2\) still holding/,
    );
    expect(t.outcome.detail).toMatch(/empty level-2 table/);
  });

  test('the idmap page is the trampoline page: one entry counted twice', () => {
    const t = preset('vector-collision');
    expect(t.outcome.kind).toBe('leak');
    expect(t.outcome.detail).toMatch(/idmap page is the trampoline page/);
    expect(t.outcome.detail).toMatch(/holds 1 reference for 0 entries/);
  });

  test('single-step: one HYP PGD and no switch, so the stale text says so', () => {
    const t = run({ design: 'single-step', probeVa: 0x80320f00 });
    expect(t.outcome.kind).toBe('corruption');
    expect(t.outcome.summary).toMatch(/after the idmap is cleared/);
    expect(t.outcome.detail).toMatch(/HYP PGD/);
    expect(`${t.outcome.summary} ${t.outcome.detail}`).not.toMatch(/boot PGD|runtime PGD|switch/);
  });
});

describe('stale entries are what the CPU is allowed to use (issue 9 item 12)', () => {
  test('stale-tlb says "allowed" and "may"', () => {
    const t = preset('stale-tlb');
    expect(t.outcome.kind).toBe('corruption');
    expect(t.outcome.detail).toMatch(/allows the CPU to keep using it/);
    expect(t.outcome.detail).toMatch(/may have evicted/);
  });

  test('PAGE_OFFSET = PHYS_OFFSET: the stale idmap entry leads to the same page as the linear map, not corruption', () => {
    const t = run({
      ramBase: 0xc0000000,
      ramSize: 0x20000000,
      kernelStart: 0xc0008000,
      idmapStart: 0xc0320f00,
      skipTlbi: true,
      probeVa: 0xc0320f00,
    });
    const read = t.steps
      .flatMap((s) => s.accesses)
      .find((a) => a.va === 0xc0320f00 && a.type === 'read')!;
    expect(read.tlb).toBe('hit');
    expect(read.pa).toBe(0xc0320f00); // = the VA's linear-map PA: VA - PAGE_OFFSET + PHYS_OFFSET
    expect(t.outcome.kind).toBe('success');
    expect(t.outcome.detail).toMatch(/not corruption/);
  });
});

describe('unmodelled text is named as such (issue 9 item 13)', () => {
  test('no-bounce: the jump lands on other kernel text, unpredictable; the filler word is not the story', () => {
    const t = preset('no-bounce');
    expect(t.outcome.summary).toMatch(/unpredictable/);
    expect(t.outcome.summary).not.toMatch(/e7f000f0|undefined instruction at/);
  });
});

describe('texts (issue 9 item 15)', () => {
  test('out_err only prints in v3.10, with the error code', () => {
    const t = preset('enomem');
    const last = t.steps.at(-1)!;
    expect(last.title).toBe('error initializing Hyp mode: -12');
    expect(last.source.text).not.toMatch(/free_hyp_pgds/);
    expect(last.why).toMatch(/only prints/);
  });
  test("the L1 is the kmalloc'd PGD, freed with kfree", () => {
    const t = preset('dual-step');
    const pud = t.steps.find((s) => /boot PGD L1\[\d\] = /.test(s.title))!;
    expect(pud.why).toMatch(/kfree/);
    expect(pud.why).not.toMatch(/last entry goes/);
  });
  test('free_boot_hyp_pgd from the ENOMEM path does not blame missing hotplug', () => {
    const t = run({ failAlloc: 7 });
    const s = t.steps.find((x) => x.title.startsWith('free_boot_hyp_pgd'))!;
    expect(s.why).not.toMatch(/without CPU hotplug/i);
    expect(s.why).toMatch(/failed kvm_mmu_init/);
  });
  test('v3.9: no overclaim about cleans; number agreement', () => {
    const t = run({ design: 'single-step', cpus: 1 });
    expect(t.steps.some((s) => /anywhere in v3\.9/.test(s.why))).toBe(false);
    expect(t.outcome.summary).toMatch(/^HYP is live, but 1 stale idmap TLB entry remains:/);
  });
});
