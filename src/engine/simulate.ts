import { hex } from './arch/hex';
import type { HypVa } from './arch/types';
import { initialCpu } from './cpu/cpuState';
import type { CodeInfo, HypEnv, RunEnd } from './cpu/hypRun';
import { runHyp } from './cpu/hypRun';
import type { Assembled } from './cpu/program/assembler';
import {
  assembleHypCode,
  assembleHypStub,
  assembleInitDualStep,
  assembleInitSingleStep,
  naturalIdmapLength,
  panicVa,
} from './cpu/program/programs';
import { isStale } from './cpu/tlb';
import { walk } from './cpu/walk';
import { initialAllocator, liveAllocations } from './kernel/allocator';
import { kvmClearHypIdmap } from './kernel/clearHypIdmap';
import { hvcFromSvc } from './kernel/hvcCalls';
import {
  allocStacks,
  cpuInitHypModeDual,
  cpuInitHypModeSingle,
  mapRuntime,
  mapVgic,
  type CodeSymbols,
} from './kernel/initHypMode';
import { KernelContext } from './kernel/kernelContext';
import {
  freeBootHypPgd,
  freeHypPgds,
  hypIdmapSetupV39,
  kvmMmuInit,
  kvmMmuInitV39,
} from './kernel/kvmMmuInit';
import type { Config } from './scenario/config';
import { computeLayout, physToVirt, virtToPhys, type Layout } from './scenario/layout';
import { HOTPLUG, INIT_HYP_MODE, INIT_HYP_MODE_V39, RUNTIME_CALL } from './source/cListings';
import { listing, sourceRef, type Listing } from './source/listing';
import { Recorder } from './trace/recorder';
import type { MachineState, Outcome, Phase, Trace } from './trace/types';
import { World } from './trace/world';

const MAX_STEPS = 2_000_000;

const UNKNOWN_CODE = listing(
  'unknown',
  '(memory)',
  'not the intended code',
  `
word|(bytes the init path never meant to run: other kernel text, stale memory, or another page)
  The simulator fills kernel text it does not model with udf #0 (permanently undefined);
  on hardware these bytes are other code, and what they do is unpredictable.
`,
);

interface Program {
  readonly init: Assembled;
  readonly stub: Assembled;
  readonly hyp: Assembled;
}

/** Every listing a trace can point at, by id: the C paraphrases and the assembled code. */
export function traceListings(trace: Trace): Map<string, Listing> {
  return (trace as TraceWithPrograms).listings;
}

interface TraceWithPrograms extends Trace {
  readonly listings: Map<string, Listing>;
}

/** udf #0: stands in for the kernel text the simulator does not model. */
const UNMODELLED_TEXT = new Uint32Array(16).fill(0xe7f000f0);

function loadImage(world: World, layout: Layout, p: Program): void {
  const mem = world.memory;
  const first = layout.kernelStart / 64;
  const last = layout.kernelTextEnd / 64;
  // the kmalloc-4096 slab was used before: what its free objects hold at the PoC is stale
  // data, also modelled as udf words (on hardware: unpredictable)
  const slabFirst = layout.slab4kPa / 64;
  const slabLast = slabFirst + (8 * 4096) / 64;
  mem.background = (line) =>
    (line >= first && line < last) || (line >= slabFirst && line < slabLast)
      ? UNMODELLED_TEXT
      : undefined;
  for (const a of [p.stub, p.hyp, p.init]) {
    const pa0 = a === p.hyp ? virtToPhys(layout, a.base) : a.base;
    for (const [addr, word] of a.words) mem.uncachedWrite32(pa0 + (addr - a.base), word, 0);
  }
  for (let page = Math.floor(layout.kernelStart / 4096); page < layout.kernelTextEnd / 4096; page++)
    world.owners.set(page, { kind: 'kernel-text', label: 'kernel text' }, 0);
  world.owners.set(
    layout.slabPagePa / 4096,
    { kind: 'slab', label: 'kmalloc-64 slab (PGDs live here)' },
    0,
  );
  world.pageCount.set(layout.slabPagePa / 4096, 1, 0);
  for (let i = 0; i < 8; i++)
    world.owners.set(layout.slab4kPa / 4096 + i, { kind: 'slab', label: 'kmalloc-4096 slab' }, 0);
}

function codeInfoFrom(a: Assembled, offset: number): (addr: number) => CodeInfo | undefined {
  return (addr) => {
    const at = addr - offset;
    const line = a.lineAt.get(at);
    if (line === undefined) return undefined;
    const text = a.listing.lines[line]!.text;
    const comment = /@\s*(.*)$/.exec(text)?.[1];
    return {
      source: {
        file: a.listing.file,
        func: a.listing.func,
        listing: a.listing.id,
        line,
        text: text.trim(),
      },
      why:
        a.whyAt.get(at) ??
        (comment
          ? `${comment[0]!.toUpperCase()}${comment.slice(1)}.`
          : `Part of ${a.regionAt.get(at) ?? a.listing.func}.`),
      region: a.regionAt.get(at) ?? '',
    };
  };
}

/** Simulates the whole scenario: deterministic, same config in, same trace out. */
export function simulate(config: Config, options: { freezeSteps?: boolean } = {}): Trace {
  const natural = naturalIdmapLength(config.design);
  const length = config.idmapLength === 0 ? natural : config.idmapLength;
  const pad = length - natural;
  const layout = computeLayout(config, length);
  const program: Program = {
    init:
      config.design === 'dual-step'
        ? assembleInitDualStep(config.idmapStart, pad, config.skipTlbi)
        : assembleInitSingleStep(config.idmapStart, pad),
    stub: assembleHypStub(layout.hypStubPa),
    hyp: assembleHypCode(
      layout.hypCodeStart,
      layout.pageOffset + (layout.kernelStart - layout.physOffset),
    ),
  };
  const world = new World();
  loadImage(world, layout, program);

  const stubVectors = program.stub.symbols['__hyp_stub_vectors']!;
  const initial: MachineState = {
    version: 0,
    kernel: {
      bootPgd: null,
      hypPgd: null,
      bounce: null,
      idmapStart: 0,
      idmapEnd: 0,
      idmapVector: 0,
      stackPages: Array.from({ length: config.cpus }, () => null),
      hypDefaultVectors: null,
      online: Array.from({ length: config.cpus }, () => true),
      messages: [],
    },
    alloc: initialAllocator(layout.poolStart, layout.poolEnd, layout.slabPagePa, layout.slab4kPa),
    cpus: Array.from({ length: config.cpus }, (_, i) =>
      initialCpu(i, stubVectors, config.tlbEntries),
    ),
  };
  const rec = new Recorder(world, initial, MAX_STEPS, options.freezeSteps ?? false);
  const ctx = new KernelContext(rec, world, config, layout);

  const stubInfo = codeInfoFrom(program.stub, 0);
  const hypInfo = codeInfoFrom(program.hyp, 0);
  const initInfo = codeInfoFrom(program.init, 0);
  const hypCodePa = virtToPhys(layout, layout.hypCodeStart);
  const env: HypEnv = {
    rec,
    world,
    config,
    unknownSource: sourceRef(UNKNOWN_CODE, 'word'),
    panicVa: panicVa(layout.pageOffset + (layout.kernelStart - layout.physOffset)),
    codeAt: (paddr) => {
      const k = rec.state.kernel;
      if (k.bounce !== null && paddr >= k.bounce && paddr < k.bounce + length)
        return initInfo(config.idmapStart + (paddr - k.bounce));
      if (paddr >= config.idmapStart && paddr < config.idmapStart + length) return initInfo(paddr);
      if (paddr >= hypCodePa && paddr < hypCodePa + program.hyp.size)
        return hypInfo(physToVirt(layout, paddr));
      return stubInfo(paddr);
    },
  };
  const kva = (pa: number) => physToVirt(layout, pa);
  const sym: CodeSymbols = {
    hypSetVectorsVa: kva(program.stub.symbols['__hyp_set_vectors']!),
    hypGetVectorsVa: kva(program.stub.symbols['__hyp_get_vectors']!),
    kvmCallHypVa: program.hyp.symbols['kvm_call_hyp']!,
    hypVectorVa: program.hyp.symbols['__kvm_hyp_vector']!,
    flushVmContextVa: program.hyp.symbols['__kvm_flush_vm_context']!,
    probeFnVa: program.hyp.symbols['hypstep_probe']!,
  };

  const section = {
    start: config.idmapStart,
    end: config.idmapStart + length,
    vector: program.init.symbols['__kvm_hyp_init']!,
  };
  const outcome =
    config.design === 'dual-step'
      ? runDualStep(ctx, env, sym, section)
      : runSingleStep(ctx, env, sym, section);
  const listings = new Map<string, Listing>();
  for (const l of [program.init.listing, program.stub.listing, program.hyp.listing, UNKNOWN_CODE])
    listings.set(l.id, l);
  const trace: TraceWithPrograms = {
    config,
    layout,
    world,
    initial,
    steps: rec.steps,
    outcome,
    moments: [],
    listings,
  };
  return trace;
}

type Section = { start: number; end: number; vector: number };

function endToOutcome(end: RunEnd, cpu: number, what: string): Outcome {
  if (end.kind === 'returned')
    return { kind: 'success', summary: `CPU${cpu} returned`, detail: '', step: end.step };
  if (end.kind === 'panic')
    return {
      kind: 'panic',
      summary: `CPU${cpu} ${what}: ${end.reason}`,
      detail: end.reason,
      step: end.step,
    };
  return {
    kind: 'hang',
    summary: `CPU${cpu} hangs in HYP ${what}: ${end.reason}`,
    detail: end.reason,
    step: end.step,
  };
}

function getVectors(ctx: KernelContext, env: HypEnv, sym: CodeSymbols, L: Listing): RunEnd {
  const end = hvcFromSvc(
    env,
    {
      cpu: 0,
      phase: 'pl1-setup',
      args: [0xffffffff],
      hvcVa: sym.hypGetVectorsVa,
      listing: L,
      tag: 'get-vectors',
      title: 'CPU0: __hyp_get_vectors(): hvc #0 with r0 = -1',
      why: "KVM keeps the stub's vector address so that it could hand HYP back later. The stub answers r0 = -1 with the current HVBAR.",
    },
    () => 'pl1-setup',
  );
  if (end.kind === 'returned')
    ctx.step(
      L,
      'get-vectors',
      `hyp_default_vectors = ${hex(ctx.rec.state.cpus[0]!.r[0] ?? 0)}`,
      'The stub returned its own vectors in r0.',
      () =>
        ctx.setVars(
          { hypDefaultVectors: ctx.rec.state.cpus[0]!.r[0] ?? 0 },
          { hypDefaultVectors: 'hyp_default_vectors' },
        ),
    );
  return end;
}

function initErrorOutcome(ctx: KernelContext, err: number, start: MachineState): Outcome {
  const live = liveAllocations(ctx.rec.state.alloc, start.alloc);
  const clean = live.pages === 0 && live.objects === 0;
  const leaked = leakedTables(ctx);
  return {
    kind: 'init-error',
    summary: `kvm_mmu_init failed with ${err} (-ENOMEM); free_hyp_pgds ${clean ? 'gave back every page and object it took' : `left ${live.pages} page${live.pages === 1 ? '' : 's'} and ${live.objects} object${live.objects === 1 ? '' : 's'} allocated`}`,
    detail: `KVM is disabled: "error initializing Hyp mode". ${
      clean
        ? 'The allocator ends exactly where it started.'
        : `Leaked: ${leaked.map((p) => `${hex(p)} (${ctx.world.owners.get(p / 4096, ctx.rec.version)?.label ?? 'page'})`).join(', ')}. unmap_range frees a level-2 table only when it empties a level-3 table below it, so a level-2 table that never got one (its pte_alloc_one_kernel failed) is never freed.`
    }`,
    step: ctx.rec.steps.length,
  };
}

/** An init_hyp_mode step after kvm_mmu_init failed (an allocation of a stack or a mapping). */
function initFailure(ctx: KernelContext, what: string): Outcome {
  return {
    kind: 'init-error',
    summary: `${what}: init_hyp_mode gives up`,
    detail: 'KVM stays disabled: "error initializing Hyp mode".',
    step: ctx.rec.steps.length,
  };
}

/** Table pages the allocator still has out (page count above zero) after the error path. */
export function leakedTables(ctx: KernelContext): number[] {
  const out: number[] = [];
  for (const pfn of ctx.world.owners.keys()) {
    const o = ctx.world.owners.get(pfn, ctx.rec.version);
    if (
      o &&
      (o.kind === 'l2-table' || o.kind === 'l3-table') &&
      (ctx.world.pageCount.get(pfn, ctx.rec.version) ?? 0) > 0
    )
      out.push(pfn * 4096);
  }
  return out;
}

function runtimeCalls(
  ctx: KernelContext,
  env: HypEnv,
  sym: CodeSymbols,
  cpu: number,
  phase: Phase,
): Outcome | null {
  const phaseOf = () => phase;
  const end = hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [sym.flushVmContextVa],
      hvcVa: sym.kvmCallHypVa,
      listing: RUNTIME_CALL,
      tag: 'flush',
      title: `CPU${cpu}: kvm_call_hyp(__kvm_flush_vm_context): hvc #0`,
      why: 'The first real HYP call, as when the first VM gets its VMID. It exercises the runtime tables: the vector fetch, the stack pushes and the call all go through the runtime PGD.',
    },
    phaseOf,
  );
  if (end.kind !== 'returned') return endToOutcome(end, cpu, 'on its first runtime HYP call');
  const probe = ctx.config.probeVa;
  if (probe < 0) return null;
  const before = ctx.rec.steps.length;
  const pend = hvcFromSvc(
    env,
    {
      cpu,
      phase,
      args: [sym.probeFnVa, probe],
      hvcVa: sym.kvmCallHypVa,
      listing: RUNTIME_CALL,
      tag: 'probe',
      title: `CPU${cpu}: hypstep probe: kvm_call_hyp(hypstep_probe, ${hex(probe)}): hvc #0`,
      why: `An instrument, not kernel code: HYP loads one word from VA ${hex(probe)}, standing in for any runtime access whose VA happens to equal that address (possible when RAM sits at or above 0xC0000000).`,
    },
    phaseOf,
  );
  if (pend.kind !== 'returned') return endToOutcome(pend, cpu, `on the probe of ${hex(probe)}`);
  // did the probe load hit a TLB entry that a fresh walk of the runtime PGD disagrees with?
  for (let i = before; i < ctx.rec.steps.length; i++) {
    const s = ctx.rec.steps[i]!;
    const load = s.accesses.find((a) => a.type === 'read' && a.va === probe);
    if (!load || load.tlb !== 'hit' || load.tlbIndex === null) continue;
    const c = s.state.cpus[cpu]!;
    const prev = i > 0 ? ctx.rec.steps[i - 1]!.state.cpus[cpu]! : c;
    const entry = prev.tlb.entries[load.tlbIndex];
    if (entry && isStale(ctx.world, s.state.version, c.httbr, entry)) {
      const fresh = walk(ctx.world, s.state.version, c.httbr, probe as HypVa, 'coherent', null);
      return {
        kind: 'corruption',
        summary: `The stale boot-PGD entry is used after the switch: HYP read ${hex(load.value ?? 0, 8)} at ${hex(probe)} from the init page (PA ${hex(load.pa ?? 0)})`,
        detail: `The TLB entry was filled under the boot PGD (HTTBR ${hex(entry.httbr)}) and never invalidated. A fresh walk of the runtime PGD ${fresh.fault ? `faults at level ${fresh.fault.level}` : `gives ${hex(fresh.pa ?? 0)}`}, so without the stale entry this access would ${fresh.fault ? 'fault' : 'reach another page'}. No exception, no message: silent corruption.`,
        step: s.index,
      };
    }
  }
  return null;
}

function runDualStep(ctx: KernelContext, env: HypEnv, sym: CodeSymbols, section: Section): Outcome {
  const { rec, config } = ctx;
  const start = rec.state;
  const L = INIT_HYP_MODE;
  const err = kvmMmuInit(ctx, section);
  if (err) {
    ctx.phase = 'teardown';
    ctx.step(
      L,
      'out-err',
      'error initializing Hyp mode',
      'init_hyp_mode gives up; KVM stays disabled.',
      () => ctx.message('err', 'error initializing Hyp mode'),
    );
    return initErrorOutcome(ctx, err, start);
  }
  const gv = getVectors(ctx, env, sym, L);
  if (gv.kind !== 'returned') return endToOutcome(gv, 0, 'in the stub');
  if (!allocStacks(ctx, 'dual-step'))
    return initFailure(ctx, 'A HYP stack page could not be allocated');
  if (mapRuntime(ctx, sym, 'dual-step')) return initFailure(ctx, 'A runtime mapping failed');
  // on_each_cpu: smp_call_function runs the other CPUs (and waits), then the caller runs it
  const order = [...Array.from({ length: config.cpus - 1 }, (_, i) => i + 1), 0];
  ctx.step(
    L,
    'on-each-cpu',
    `on_each_cpu(cpu_init_hyp_mode): CPU${order.join(', CPU')}`,
    `Every runtime mapping exists before any CPU is initialised (v3.9 did it the other way round). on_each_cpu first has the other CPUs run the init through an IPI and waits for them, then runs it on the calling CPU. The simulator runs them one after another; each has its own registers and TLB.`,
  );
  for (const cpu of order) {
    const end = cpuInitHypModeDual(ctx, env, cpu, sym, { p1: 'hyp-phase1', p2: 'hyp-phase2' });
    if (end.kind !== 'returned') return endToOutcome(end, cpu, 'during init');
  }
  ctx.phase = 'pl1-setup';
  if (mapVgic(ctx, 'dual-step')) return initFailure(ctx, 'Mapping the GIC failed');
  ctx.step(
    L,
    'timer',
    'kvm_timer_hyp_init: no HYP mapping',
    'The virtual timer needs an interrupt and a workqueue, but nothing mapped in HYP.',
  );
  let leak: Outcome | null = null;
  if (!config.hotplugSupport) {
    ctx.phase = 'teardown';
    ctx.step(
      L,
      'free-boot',
      'No CONFIG_HOTPLUG_CPU: free the boot tables now',
      'Without CPU hotplug no CPU will ever run the init code again, so v3.10 frees the boot PGD, the runtime trampoline and the bounce page at the end of init_hyp_mode.',
    );
    const before = rec.state;
    freeBootHypPgd(ctx);
    const tables = [...ctx.world.owners.keys()].filter((pfn) => {
      const o = ctx.world.owners.get(pfn, rec.version);
      return (
        o &&
        (o.kind === 'l2-table' || o.kind === 'l3-table') &&
        o.label.startsWith('boot') &&
        (ctx.world.pageCount.get(pfn, rec.version) ?? 0) > 0
      );
    });
    if (tables.length) {
      leak = {
        kind: 'leak',
        summary: `The boot tables leak: ${tables.length} table page${tables.length === 1 ? '' : 's'} still allocated after free_boot_hyp_pgd`,
        detail: `The idmap page and the trampoline are the same page here, so both boot mappings wrote one PTE and took two references on its table. unmap_range drops one, the table never gets back to a count of 1, and its pages are never freed (${tables.map((p) => hex(p * 4096)).join(', ')}).`,
        step: rec.steps.length,
      };
    }
    void before;
  }
  ctx.phase = 'pl1-setup';
  ctx.step(
    L,
    'ok',
    'Hyp mode initialized successfully',
    'Every CPU runs with the runtime tables and vectors.',
    () => ctx.message('info', 'Hyp mode initialized successfully'),
  );
  ctx.phase = 'runtime';
  const rt = runtimeCalls(ctx, env, sym, 0, 'runtime');
  if (rt) return rt;
  if (config.hotplugCpu > 0) {
    const h = hotplug(ctx, env, sym);
    if (h) return h;
  }
  if (leak) return leak;
  const c0 = rec.state.cpus[0]!;
  return {
    kind: 'success',
    summary: `HYP is live on ${config.cpus} CPU${config.cpus > 1 ? 's' : ''}: HTTBR = runtime PGD ${hex(c0.httbr)}, HVBAR = ${hex(c0.hvbar)}${config.hotplugCpu > 0 ? `; CPU${config.hotplugCpu} came back and re-ran the init from the kept boot PGD` : ''}`,
    detail: config.skipTlbi
      ? 'No fault, but TLBIALLH was skipped: boot-PGD entries stay in the TLBs (marked stale).'
      : 'No TLB entry filled under the boot PGD survives the switch.',
    step: rec.steps.length,
  };
}

/** A CPU goes offline and comes back through the hyp stub; the notifier re-runs the init. */
function hotplug(ctx: KernelContext, env: HypEnv, sym: CodeSymbols): Outcome | null {
  const { rec, config } = ctx;
  const cpu = config.hotplugCpu;
  ctx.phase = 'hotplug';
  ctx.cpu = cpu;
  ctx.step(
    HOTPLUG,
    'cpu-down',
    `CPU${cpu} goes offline`,
    `Power is removed from CPU${cpu}: its registers and TLB are lost.`,
    () => {
      rec.updateCpu(cpu, (c) => ({
        ...initialCpu(cpu, 0, config.tlbEntries, false),
        hvbar: c.hvbar,
      }));
      const online = ctx.vars.online.slice();
      online[cpu] = false;
      ctx.setVars({ online });
    },
  );
  rec.begin({
    phase: 'hotplug',
    actor: 'HYP',
    cpu,
    title: `CPU${cpu} comes back in HYP: the hyp stub takes HYP over again`,
    why: `Firmware restarts CPU${cpu} in Hyp mode. __hyp_stub_install_secondary zeroes HCR, HCPTR and HSTR, writes HSCTLR = 0 (MMU and caches off), points HVBAR at the stub vectors and drops to SVC. The TLB comes out of reset empty.`,
    source: sourceRef(HOTPLUG, 'stub'),
  });
  const stubVectors = rec.initial.cpus[cpu]!.hvbar;
  rec.updateCpu(cpu, () => initialCpu(cpu, stubVectors, config.tlbEntries, true));
  rec.change({ kind: 'register', cpu, name: 'HVBAR', before: '-', after: hex(stubVectors, 8) });
  rec.change({ kind: 'register', cpu, name: 'HSCTLR', before: '-', after: hex(0, 8) });
  rec.commit();
  ctx.step(
    HOTPLUG,
    'notify',
    `CPU_STARTING on CPU${cpu}: cpu_init_hyp_mode again`,
    config.design === 'dual-step'
      ? 'The boot PGD was kept (CONFIG_HOTPLUG_CPU), so the incoming CPU can repeat the whole dual-step sequence.'
      : 'Before the patch the idmap was torn down after the first init: the incoming CPU has nothing to turn its MMU on from.',
    () => {
      const online = ctx.vars.online.slice();
      online[cpu] = true;
      ctx.setVars({ online });
    },
  );
  const end =
    config.design === 'dual-step'
      ? cpuInitHypModeDual(ctx, env, cpu, sym, { p1: 'hotplug', p2: 'hotplug' })
      : cpuInitHypModeSingle(ctx, env, cpu, sym, 'hotplug');
  if (end.kind !== 'returned') {
    const o = endToOutcome(end, cpu, 'on re-init after hotplug');
    return config.design === 'single-step'
      ? {
          ...o,
          summary: `Re-init of the hot-plugged CPU${cpu} faults because the idmap is gone: ${end.reason}`,
        }
      : o;
  }
  if (config.design === 'single-step') return null;
  return runtimeCalls(ctx, env, sym, cpu, 'hotplug');
}

function runSingleStep(
  ctx: KernelContext,
  env: HypEnv,
  sym: CodeSymbols,
  section: Section,
): Outcome {
  const { rec, config } = ctx;
  const start = rec.state;
  const L = INIT_HYP_MODE_V39;
  if (hypIdmapSetupV39(ctx, section)) return initErrorOutcome(ctx, -12, start);
  const err = kvmMmuInitV39(ctx, section);
  if (err) return initErrorOutcome(ctx, err, start);
  const gv = getVectors(ctx, env, sym, L);
  if (gv.kind !== 'returned') return endToOutcome(gv, 0, 'in the stub');
  if (!allocStacks(ctx, 'single-step'))
    return initFailure(ctx, 'A HYP stack page could not be allocated');
  for (let cpu = 0; cpu < config.cpus; cpu++) {
    ctx.step(
      L,
      'per-cpu',
      `smp_call_function_single(CPU${cpu}, cpu_init_hyp_mode)`,
      'Each online CPU runs the one-call init while the idmap is still in the HYP PGD.',
    );
    const end = cpuInitHypModeSingle(ctx, env, cpu, sym, 'hyp-phase1');
    if (end.kind !== 'returned') return endToOutcome(end, cpu, 'during init');
  }
  ctx.phase = 'teardown';
  kvmClearHypIdmap(ctx);
  ctx.phase = 'pl1-setup';
  if (mapRuntime(ctx, sym, 'single-step')) return initFailure(ctx, 'A runtime mapping failed');
  if (mapVgic(ctx, 'single-step')) return initFailure(ctx, 'Mapping the GIC failed');
  ctx.step(
    L,
    'ok',
    'Hyp mode initialized successfully',
    'HYP works, but every CPU still holds TLB entries for the idmap that PL1 could not invalidate.',
    () => ctx.message('info', 'Hyp mode initialized successfully'),
  );
  ctx.phase = 'runtime';
  const rt = runtimeCalls(ctx, env, sym, 0, 'runtime');
  if (rt) return rt;
  if (config.hotplugCpu > 0) {
    const h = hotplug(ctx, env, sym);
    if (h) return h;
  }
  const stale = rec.state.cpus.reduce(
    (n, c) =>
      n + c.tlb.entries.filter((e) => e && isStale(ctx.world, rec.version, c.httbr, e)).length,
    0,
  );
  return {
    kind: 'success',
    summary: `HYP is live, but ${stale} stale idmap TLB entr${stale === 1 ? 'y' : 'ies'} remain: PL1 cannot invalidate the HYP TLB`,
    detail:
      'kvm_clear_hyp_idmap removed the idmap from the tables but not from the TLBs; a runtime access whose VA equals the idmap PA would use it.',
    step: rec.steps.length,
  };
}

export { freeHypPgds, naturalIdmapLength, runHyp };
