import { describe, expect, test } from 'vitest';
import { TRAMPOLINE_VA } from './arch/lpae';
import type { HypVa } from './arch/types';
import { isStale } from './cpu/tlb';
import { walk } from './cpu/walk';
import { DEFAULT_CONFIG } from './scenario/config';
import { findPreset, PRESETS, presetConfig } from './scenario/presets';
import { plainStep } from './trace/stepLog';
import { simulate } from './simulate';
import { before, insnStep } from './test/traceQueries';

/* Each test simulates for itself (about 5 ms): a run at module level would hide which test
   covers which engine line from Stryker's per-test coverage. */
function defaultRun() {
  const trace = simulate(DEFAULT_CONFIG);
  const k = trace.steps[trace.steps.length - 1]!.state.kernel;
  return { trace, k, boot: k.bootPgd!, runtime: k.hypPgd! };
}
// facts §4.4: 52 instructions + 5 literal words; the vector table is first, `target` follows
// 8 vector slots, 33 phase-1 and 6 phase-2 instructions: offset 0x20 + 0x84 + 0x18 = 0xbc
const IDMAP = 0x80320f00;
const TARGET_PA = IDMAP + 0xbc;
const TARGET_VA = TRAMPOLINE_VA + (TARGET_PA & 0xfff);

describe('default preset: dual-step init, CPU by CPU (issue 3 acceptance)', () => {
  for (const cpu of [1, 0]) {
    describe(`CPU${cpu}`, () => {
      test('after phase 1: HTTBR = boot PGD, HSCTLR.M set, PC at its identity address, HTCR/VTCR/HMAIRs as the facts compute', () => {
        const { trace, boot } = defaultRun();
        const hsctlrWrite = insnStep(trace, cpu, /HSCTLR: the HYP MMU is on/);
        const c = hsctlrWrite.state.cpus[cpu]!;
        expect(c.httbr).toBe(boot);
        // M, A, C, I (facts §4.4) over the UNK/SBOP bits 29:28, 23:22, 18, 16, 11, 4:3 read as one
        expect(c.hsctlr).toBe(0x30c5181f);
        expect(c.hsctlr & 0x1007).toBe(0x1007);
        expect(c.htcr).toBe(0x80003500);
        expect(c.vtcr).toBe(0x80003558);
        expect(c.hmair0).toBe(0xeeaa4400);
        expect(c.hmair1).toBe(0xff000004);
        expect(c.pc).toBeGreaterThanOrEqual(IDMAP);
        expect(c.pc).toBeLessThan(IDMAP + 0xe4);
        // the next fetch (the eret) goes through the boot PGD idmap: VA == PA
        const eret = trace.steps[hsctlrWrite.index]!;
        expect(eret.accesses[0]).toMatchObject({ type: 'fetch', va: c.pc, pa: c.pc, mmu: true });
      });
      test('phase 2 jumps to 0xffff0000 + the offset of target, translated through the boot PGD trampoline entry', () => {
        const { trace, boot } = defaultRun();
        const jump = insnStep(trace, cpu, /jump into the trampoline alias/);
        expect(jump.state.cpus[cpu]!.pc).toBe(TARGET_VA);
        const next = trace.steps[jump.index]!;
        const f = next.accesses[0]!;
        expect(f).toMatchObject({ type: 'fetch', va: TARGET_VA, pa: TARGET_PA });
        expect(f.tlb).toBe('miss');
        expect(f.walk!.ttbr).toBe(boot);
        expect(f.walk!.levels.map((l) => l.index)).toEqual([3, 511, 496]);
        expect(f.walk!.levels[2]!.desc).toBe(0x0080_0000_8032_075fn);
      });
      test('after the HTTBR write the trampoline resolves to the same PA through the runtime PGD', () => {
        const { trace, runtime } = defaultRun();
        const sw = insnStep(trace, cpu, /HTTBR = runtime PGD/);
        const c = sw.state.cpus[cpu]!;
        expect(c.httbr).toBe(runtime);
        const w = walk(
          trace.world,
          sw.state.version,
          c.httbr,
          TARGET_VA as HypVa,
          'coherent',
          'fetch',
        );
        expect(w.pa).toBe(TARGET_PA);
        // the boot idmap entry in this CPU's TLB is now stale (the runtime PGD does not map it); the trampoline entry is not
        const stale = c.tlb.entries
          .filter((e) => e && isStale(trace.world, sw.state.version, c.httbr, e))
          .map((e) => e!.vaPage);
        expect(stale).toEqual([0x80320000]);
      });
      test('after TLBIALLH no entry filled under the boot PGD is left', () => {
        const { trace, boot, runtime } = defaultRun();
        const tlbi = insnStep(trace, cpu, /TLBIALLH/);
        const entries = tlbi.state.cpus[cpu]!.tlb.entries.filter((e) => e !== null);
        expect(entries).toEqual([]);
        expect(before(trace, tlbi).cpus[cpu]!.tlb.entries.some((e) => e?.httbr === boot)).toBe(
          true,
        );
        const end = insnStep(trace, cpu, /HYP is live: back to SVC/);
        expect(
          end.state.cpus[cpu]!.tlb.entries.every((e) => e === null || e.httbr === runtime),
        ).toBe(true);
      });
      test("at the end HVBAR = the runtime vectors VA, SP = top of this CPU's stack, and the last eret returns to SVC", () => {
        const { trace, k, runtime } = defaultRun();
        const end = insnStep(trace, cpu, /HYP is live: back to SVC/);
        const c = end.state.cpus[cpu]!;
        expect(c.mode).toBe('svc');
        expect(c.spHyp).toBe(k.stackPages[cpu]! + 4096);
        // HVBAR is a HYP VA of the kernel image that the runtime PGD maps to its PA (virt_to_phys)
        const w = walk(
          trace.world,
          end.state.version,
          runtime,
          c.hvbar as HypVa,
          'coherent',
          'fetch',
        );
        expect(w.pa).toBe(c.hvbar - 0xc0000000 + 0x80000000);
        expect(c.hvbar).toBeGreaterThanOrEqual(trace.layout.hypCodeStart);
        expect(c.hvbar % 32).toBe(0);
      });
    });
  }
  test('on_each_cpu runs the other CPUs first, then the caller (facts §5g)', () => {
    const { trace } = defaultRun();
    const firstHyp = trace.steps.find((s) => s.phase === 'hyp-phase1')!;
    expect(firstHyp.cpu).toBe(1);
  });
  test('the two HVC calls pass r0-r3 as cpu_init_hyp_mode does (facts §4.3)', () => {
    const { trace, k, boot, runtime } = defaultRun();
    const calls = trace.steps.filter(
      (s) =>
        s.actor === 'PL1' && s.cpu === 0 && /kvm_call_hyp\(/.test(s.title) && s.phase !== 'runtime',
    );
    const [p1, p2] = calls.map((s) => s.state.cpus[0]!.r.slice(0, 4));
    expect(p1).toEqual([0, 0, boot, 0]);
    expect(p2).toEqual([
      k.stackPages[0]! + 4096,
      trace.steps[trace.steps.length - 1]!.state.cpus[0]!.hvbar,
      runtime,
      0,
    ]);
  });
});

describe('every preset ends with the outcome the facts predict', () => {
  const outcome = (name: string) => simulate(presetConfig(findPreset(name)!)).outcome;
  test('dual-step: success', () => expect(outcome('dual-step')).toMatchObject({ kind: 'success' }));
  test('bounce-page: success, running from the bounce page', () => {
    const t = simulate(presetConfig(findPreset('bounce-page')!));
    expect(t.outcome.kind).toBe('success');
    const end = t.steps[t.steps.length - 1]!.state.kernel;
    expect(end.bounce).not.toBeNull();
    expect(end.idmapStart).toBe(end.bounce);
    // the vector keeps its offset inside the code (facts §2.2 3e): here the code starts with it
    expect(end.idmapVector).toBe(end.bounce);
    const w = walk(
      t.world,
      t.steps[t.steps.length - 1]!.state.version,
      end.hypPgd!,
      TRAMPOLINE_VA,
      'coherent',
      null,
    );
    expect(w.pa).toBe(end.bounce);
  });
  test('stale-tlb: the stale boot-PGD entry can be used after the switch', () => {
    const o = outcome('stale-tlb');
    expect(o.kind).toBe('corruption');
    expect(o.summary).toMatch(/stale TLB entry can be used after the switch/);
    expect(o.summary).toMatch(/0xeafffffe/); // the init vector's first word: b . (facts §4.4)
  });
  test('no-flush-noncoherent: the walker reads a zero descriptor at the PoC and faults', () => {
    const o = outcome('no-flush-noncoherent');
    expect(o.kind).toBe('hang');
    expect(o.summary).toMatch(
      /reads 0x0000000000000000 \(invalid\) as the walker sees memory at the PoC/,
    );
    expect(o.summary).toMatch(/HSR 0x84000005/);
  });
  test('no-bounce: the jump lands on the wrong bytes of the first page; the vector fetch then faults for ever', () => {
    const o = outcome('no-bounce');
    expect(o.kind).toBe('hang');
    expect(o.summary).toMatch(/a jump to 0xffff0[0-9a-f]{3} \(PA 0x8032/);
    expect(o.summary).toMatch(/fault loop/);
  });
  test('enomem: every page is freed after the failed allocation', () => {
    const o = outcome('enomem');
    expect(o.kind).toBe('init-error');
    expect(o.summary).toMatch(/gave back every page and object/);
  });
  test('single-step: works, but PL1 cannot invalidate the idmap TLB entries', () => {
    const o = outcome('single-step');
    expect(o.kind).toBe('success');
    expect(o.summary).toMatch(/2 stale idmap TLB entries remain/);
  });
  test('hotplug: the CPU comes back and re-runs the init from the kept boot PGD', () => {
    const o = outcome('hotplug');
    expect(o.kind).toBe('success');
    expect(o.summary).toMatch(/CPU1 came back/);
  });
  test('hotplug-single-step (issue 9 item 11): no v3.9 notifier, the stub turns the first HYP call into HVBAR = fn, the next faults', () => {
    const t = simulate(presetConfig(findPreset('hotplug-single-step')!));
    // v3.9 has no KVM CPU notifier: nothing re-runs cpu_init_hyp_mode on CPU1
    expect(
      t.steps.some(
        (s) => s.source.listing === 'hyp_init_cpu_notify' && s.source.text.includes('CPU_STARTING'),
      ),
    ).toBe(false);
    const calls = t.steps.filter(
      (s) =>
        s.cpu === 1 &&
        s.phase === 'hotplug' &&
        s.title.includes('kvm_call_hyp(__kvm_flush_vm_context)'),
    );
    expect(calls.length).toBe(2);
    const fn = calls[0]!.state.cpus[1]!.r[0]!; // r0 = the function's kernel VA
    // the stub reads r0 != -1 as "set the vectors" (facts §7 #13)
    const hvbarWrite = t.steps.find(
      (s) =>
        s.index > calls[0]!.index &&
        s.changes.some((c) => c.kind === 'register' && c.name === 'HVBAR'),
    )!;
    expect(hvbarWrite.source.file).toMatch(/hyp-stub\.S/);
    expect(hvbarWrite.state.cpus[1]!.hvbar).toBe(fn);
    // the second HVC vectors to fn + 0x14 as a PA (MMU off): an external abort, not RAM
    const abort = t.steps[t.outcome.step - 1]!;
    const c = abort.state.cpus[1]!;
    expect(c.hsctlr & 1).toBe(0);
    expect(c.hsr >>> 26).toBe(0x21);
    expect(c.hsr & 0x3f).toBe(0x10);
    expect(c.hifar).toBe(fn + 0x14);
    expect(t.outcome.kind).toBe('hang');
    expect(t.outcome.summary).toMatch(/no KVM notifier/);
  });
  test('vector-collision: idmap and trampoline collide in one PTE; the boot tables leak', () => {
    const o = outcome('vector-collision');
    expect(o.kind).toBe('leak');
    expect(o.summary).toMatch(/2 table pages still allocated/);
  });
  test('idmap-too-big: the fetch past the first page faults after the jump', () => {
    const o = outcome('idmap-too-big');
    expect(o.kind).toBe('panic');
    expect(o.summary).toMatch(/prefetch abort in Hyp mode at: 0xffff1000/);
  });
});

describe('determinism and structural sharing', () => {
  test.each(PRESETS.filter((p) => p.name !== 'stress').map((p) => p.name))(
    '%s: two runs give identical JSON',
    (name) => {
      const c = presetConfig(findPreset(name)!);
      const a = simulate(c);
      const b = simulate(c);
      const json = (t: typeof a) =>
        JSON.stringify(
          t.steps.map((s) => ({ ...plainStep(s), state: { ...s.state, alloc: s.state.alloc } })),
          (_, v) => (typeof v === 'bigint' ? v.toString(16) : v),
        );
      expect(json(a)).toBe(json(b));
      expect(a.outcome).toEqual(b.outcome);
    },
  );
  test('a PL1 step shares every CPU state with the previous step; a HYP step shares the other CPUs', () => {
    const { trace } = defaultRun();
    const pl1 = trace.steps.find((s, i) => i > 0 && s.actor === 'PL1' && /^Map /.test(s.title))!;
    const prev = trace.steps[pl1.index - 2]!;
    expect(pl1.state.cpus).toBe(prev.state.cpus);
    const hyp = insnStep(trace, 1, /HTCR$/);
    const hprev = trace.steps[hyp.index - 2]!;
    expect(hyp.state.cpus[0]).toBe(hprev.state.cpus[0]);
    expect(hyp.state.cpus[1]).not.toBe(hprev.state.cpus[1]);
    expect(hyp.state.cpus[1]!.tlb).toBe(hprev.state.cpus[1]!.tlb);
  });
  test.each(PRESETS.filter((p) => p.name !== 'stress').map((p) => p.name))(
    '%s: no step is changed after it is committed (deep-frozen run)',
    (name) => {
      const frozen = simulate(presetConfig(findPreset(name)!), { freezeSteps: true });
      const plain = simulate(presetConfig(findPreset(name)!));
      expect(Object.isFrozen(frozen.steps[0]!.state.cpus[0])).toBe(true);
      expect(frozen.steps.length).toBe(plain.steps.length);
      expect(frozen.outcome).toEqual(plain.outcome);
    },
  );
  test('memory is versioned per line: a step that writes one descriptor stores one line', () => {
    const { trace } = defaultRun();
    const pte = trace.steps.find((s) =>
      s.changes.some((c) => c.kind === 'descriptor' && c.level === 3),
    )!;
    const lines = [...trace.world.memory.dirty.keys()].filter((l) =>
      trace.world.memory.dirty.changedAt(l, pte.index),
    );
    expect(lines).toHaveLength(1);
  });
});
