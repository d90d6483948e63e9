import { initialCpu } from './machine/cpuState';
import type { HypEnv } from './cpu/hypRun';
import { runHyp } from './cpu/hypRun';
import {
  assembleHypCode,
  assembleHypStub,
  dieStringVa,
  DIE_STRINGS,
  panicVa,
  type DieString,
} from './cpu/program/hypCode';
import {
  assembleInitDualStep,
  assembleInitSingleStep,
  naturalIdmapLength,
} from './cpu/program/programs';
import { initialAllocator } from './kernel/allocator';
import type { CodeSymbols } from './kernel/initHypMode';
import { KernelContext } from './kernel/kernelContext';
import { freeHypPgds } from './kernel/kvmMmuInit';
import type { Config } from './scenario/config';
import { computeLayout, physToVirt, virtToPhys } from './scenario/layout';
import { sourceRef, type Listing } from './source/listing';
import { Recorder } from './trace/recorder';
import type { MachineState, Trace } from './trace/types';
import { World } from './trace/world';
import { keyMoments } from './trace/moments';
import { codeInfoFrom, loadImage, UNKNOWN_CODE, type Program } from './bootImage';
import { runDualStep } from './designs/dualStep';
import { runSingleStep } from './designs/singleStep';

const MAX_STEPS = 2_000_000;

/** Every listing a trace can point at, by id: the C paraphrases and the assembled code. */
export function traceListings(trace: Trace): Map<string, Listing> {
  return (trace as TraceWithPrograms).listings;
}

interface TraceWithPrograms extends Trace {
  readonly listings: Map<string, Listing>;
}

/** Simulates the whole scenario: deterministic, same config in, same trace out. */
export function simulate(
  config: Config,
  options: { freezeSteps?: boolean; plainSteps?: boolean } = {},
): Trace {
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
  const rec = new Recorder(
    world,
    initial,
    MAX_STEPS,
    options.freezeSteps ?? false,
    !(options.plainSteps ?? false),
  );
  const ctx = new KernelContext(rec, world, config, layout);

  const stubInfo = codeInfoFrom(program.stub, 0);
  const hypInfo = codeInfoFrom(program.hyp, 0);
  const initInfo = codeInfoFrom(program.init, 0);
  const hypCodePa = virtToPhys(layout, layout.hypCodeStart);
  const textVa = layout.pageOffset + (layout.kernelStart - layout.physOffset);
  const env: HypEnv = {
    rec,
    world,
    config,
    unknownSource: sourceRef(UNKNOWN_CODE, 'word'),
    panicVa: panicVa(textVa),
    panicStrings: new Map(
      (Object.keys(DIE_STRINGS) as DieString[]).map((k) => [
        dieStringVa(textVa, k),
        DIE_STRINGS[k],
      ]),
    ),
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
  const moments = keyMoments(initial, rec.steps, outcome, config.design === 'single-step');
  // after the last read: sealing also drops what reading the steps decoded
  rec.seal();
  const trace: TraceWithPrograms = {
    config,
    layout,
    world,
    initial,
    steps: rec.steps,
    outcome,
    moments,
    listings,
  };
  return trace;
}

export { leakedTables } from './designs/outcomes';
export { freeHypPgds, naturalIdmapLength, runHyp };
