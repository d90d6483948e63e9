import { decodeDescriptor } from '../engine/arch/lpae';
import { descriptor } from '../engine/arch/types';
import type { CpuState } from '../engine/machine/cpuState';
import { assembleHypCode, assembleHypStub } from '../engine/cpu/program/hypCode';
import type { Config } from '../engine/scenario/config';
import { HYP_CODE_LENGTH, virtToPhys } from '../engine/scenario/layout';
import { simulate } from '../engine/simulate';
import type { MachineState, Trace } from '../engine/trace/types';
import { defaultStep } from '../engine/inspect/mappedStep';

const PAGE = 4096;

export type Observer = 'coherent' | 'poc';

/** One contiguous run of physical memory to load at `pa`. */
export interface Blob {
  readonly pa: number;
  readonly bytes: Uint8Array;
  /** What the pages hold, for the manifest: "table", "code". */
  readonly what: string;
}

/** Everything the crosscheck takes from one engine run. */
export interface Exported {
  readonly config: Config;
  readonly trace: Trace;
  readonly step: number;
  readonly state: MachineState;
  readonly bootPgd: number;
  readonly runtimePgd: number;
  /** How the table walker sees memory in this config (facts §5c). */
  readonly observer: Observer;
  /** Registers of CPU0 at the export step: the walk context for the translations. */
  readonly regs: { htcr: number; hmair0: number; hmair1: number; hsctlr: number };
  readonly tablePages: readonly number[];
  readonly codePages: readonly number[];
  readonly blobs: readonly Blob[];
  readonly symbols: {
    stubVectors: number;
    idmapVector: number;
    hypVector: number;
    flushFn: number;
    probeFn: number;
  };
}

export class ExportError extends Error {}

/** PAs of the pages holding a PGD and every table reachable from it. */
export function tablePagesOf(
  trace: Trace,
  version: number,
  pgd: number,
  observer: Observer,
): number[] {
  const mem = trace.world.memory;
  const pages = new Set<number>([pgd - (pgd % PAGE)]);
  for (let i1 = 0; i1 < 4; i1++) {
    const d1 = decodeDescriptor(descriptor(mem.read64(pgd + i1 * 8, version, observer)), 1);
    if (d1.kind !== 'table') continue;
    pages.add(d1.next);
    for (let i2 = 0; i2 < 512; i2++) {
      const d2 = decodeDescriptor(descriptor(mem.read64(d1.next + i2 * 8, version, observer)), 2);
      if (d2.kind === 'table') pages.add(d2.next);
    }
  }
  return [...pages].sort((a, b) => a - b);
}

function pageRange(start: number, end: number): number[] {
  const out: number[] = [];
  for (let p = start - (start % PAGE); p < end; p += PAGE) out.push(p);
  return out;
}

function readPage(trace: Trace, version: number, pa: number, observer: Observer): Uint8Array {
  const bytes = new Uint8Array(PAGE);
  const view = new DataView(bytes.buffer);
  for (let o = 0; o < PAGE; o += 4)
    view.setUint32(o, trace.world.memory.read32(pa + o, version, observer), true);
  return bytes;
}

/** Coalesces pages (PA -> bytes) into contiguous blobs. */
export function coalesce(pages: ReadonlyMap<number, { bytes: Uint8Array; what: string }>): Blob[] {
  const sorted = [...pages.keys()].sort((a, b) => a - b);
  const out: Blob[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + PAGE) j++;
    const first = sorted[i]!;
    const bytes = new Uint8Array((j - i + 1) * PAGE);
    const whats = new Set<string>();
    for (let k = i; k <= j; k++) {
      const p = pages.get(sorted[k]!)!;
      bytes.set(p.bytes, (k - i) * PAGE);
      whats.add(p.what);
    }
    out.push({ pa: first, bytes, what: [...whats].join('+') });
    i = j + 1;
  }
  return out;
}

/**
 * The walk context: a CPU whose init turned the MMU on; when none did, what phase 1 would
 * have written (HTCR from TTBCR's walk attributes, HMAIRn = MAIRn, M and A on).
 */
function walkRegs(cpus: readonly CpuState[], cpu0: CpuState): Exported['regs'] {
  const on = cpus.find((c) => (c.hsctlr & 1) !== 0);
  if (on) return { htcr: on.htcr, hmair0: on.hmair0, hmair1: on.hmair1, hsctlr: on.hsctlr };
  return {
    htcr: (0x80000000 | (cpu0.ttbcr & 0x3f00)) >>> 0,
    hmair0: cpu0.mair0,
    hmair1: cpu0.mair1,
    hsctlr: (cpu0.sctlr & 0x02201004) | 3,
  };
}

/** Runs the engine and takes the tables, code and registers at the CLI's default step. */
export function exportConfig(config: Config, trace: Trace = simulate(config)): Exported {
  const step = defaultStep(trace);
  const state = trace.steps[step - 1]?.state ?? trace.initial;
  const { bootPgd, hypPgd } = state.kernel;
  if (bootPgd === null || hypPgd === null)
    throw new ExportError(
      `this config has no ${bootPgd === null ? 'boot' : 'runtime'} PGD at step ${step}: nothing to load into QEMU`,
    );
  const observer: Observer = config.walkerCoherent ? 'coherent' : 'poc';
  const version = state.version;
  const cpu0 = state.cpus[0] as CpuState;
  const layout = trace.layout;
  const tablePages = [
    ...new Set([
      ...tablePagesOf(trace, version, bootPgd, observer),
      ...tablePagesOf(trace, version, hypPgd, observer),
    ]),
  ].sort((a, b) => a - b);
  const textVa = layout.pageOffset + (layout.kernelStart - layout.physOffset);
  const hyp = assembleHypCode(layout.hypCodeStart, textVa);
  const stub = assembleHypStub(layout.hypStubPa);
  const { idmapStart, idmapEnd, bounce } = state.kernel;
  const length = idmapEnd - idmapStart;
  const hypCodePa = virtToPhys(layout, layout.hypCodeStart);
  // the code the HYP CPU fetches with its MMU off reads DRAM: the PoC view
  const codePages = [
    ...new Set([
      ...pageRange(layout.hypStubPa, layout.hypStubPa + stub.size),
      // the section in place, and the page after it (a what-if may run past its end)
      ...pageRange(config.idmapStart, config.idmapStart + length + PAGE),
      ...(bounce !== null ? pageRange(bounce, bounce + length) : []),
      ...pageRange(hypCodePa, hypCodePa + HYP_CODE_LENGTH),
    ]),
  ]
    .filter((p) => !tablePages.includes(p))
    .sort((a, b) => a - b);
  const pages = new Map<number, { bytes: Uint8Array; what: string }>();
  for (const p of tablePages)
    pages.set(p, { bytes: readPage(trace, version, p, observer), what: 'tables' });
  for (const p of codePages)
    pages.set(p, { bytes: readPage(trace, version, p, 'poc'), what: 'code' });
  const rt = state.cpus.find((c) => c.hvbar === hyp.symbols['__kvm_hyp_vector']);
  return {
    config,
    trace,
    step,
    state,
    bootPgd,
    runtimePgd: hypPgd,
    observer,
    regs: walkRegs(state.cpus, cpu0),
    tablePages,
    codePages,
    blobs: coalesce(pages),
    symbols: {
      stubVectors: trace.initial.cpus[0]!.hvbar,
      idmapVector: state.kernel.idmapVector,
      hypVector: rt?.hvbar ?? hyp.symbols['__kvm_hyp_vector']!,
      flushFn: hyp.symbols['__kvm_flush_vm_context']!,
      probeFn: hyp.symbols['hypstep_probe']!,
    },
  };
}
