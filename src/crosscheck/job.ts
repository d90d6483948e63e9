import type { Exported } from './export';
import { HARNESS_SLOT, type VaProbe } from './vas';

/*
 * The job block the harness reads at JOB_PA (crosscheck/harness/job.h: keep in step).
 * Little-endian 32-bit words; the VA list follows at VA_OFFSET.
 */
export const JOB_PA = 0x40280000;
export const HARNESS_PA = 0x40200000;
/** The harness and its job take [0x4020_0000, 0x4040_0000) (virt's DTB takes the first MiB): no engine page may sit there. */
export const HARNESS_END = 0x40400000;
const MAGIC = 0x58505948;
export const JOB_TRANSLATE = 1;
export const JOB_INIT = 2;
const MAX_RUNS = 8;
const VA_OFFSET = 256;
export const RUN_GET_VECTORS = 1;
export const RUN_CALLS = 2;

export interface Run {
  readonly cpu: number;
  readonly stackTop: number;
  readonly flags: number;
}

/** An AttrIndx whose HMAIR byte is Normal memory (outer attribute nibble non-zero). */
export function normalAttrIndx(hmair0: number, hmair1: number): number {
  for (let i = 7; i >= 0; i--) {
    const byte = ((i < 4 ? hmair0 : hmair1) >>> (8 * (i % 4))) & 0xff;
    if (byte >>> 4 !== 0) return i;
  }
  return 7;
}

/** Level-1 block descriptor for the harness's own GiB: identity, AF, inner shareable, Normal. */
export function harnessBlock(hmair0: number, hmair1: number): { lo: number; hi: number } {
  const base = HARNESS_SLOT * 2 ** 30;
  const lo = base | (1 << 10) | (3 << 8) | (1 << 6) | (normalAttrIndx(hmair0, hmair1) << 2) | 1;
  return { lo: lo >>> 0, hi: 0 };
}

function header(ex: Exported, kind: number, size: number): DataView {
  const v = new DataView(new ArrayBuffer(size));
  const block = harnessBlock(ex.regs.hmair0, ex.regs.hmair1);
  const words = [
    MAGIC,
    kind,
    HARNESS_SLOT,
    block.lo,
    block.hi,
    ex.regs.htcr,
    ex.regs.hmair0,
    ex.regs.hmair1,
    ex.regs.hsctlr,
    2,
    ex.bootPgd % 2 ** 32,
    ex.runtimePgd % 2 ** 32,
    Math.floor(ex.bootPgd / 2 ** 32),
    Math.floor(ex.runtimePgd / 2 ** 32),
  ];
  words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
  return v;
}

export function translateJob(ex: Exported, vas: readonly VaProbe[]): Uint8Array {
  const v = header(ex, JOB_TRANSLATE, VA_OFFSET + vas.length * 8);
  v.setUint32(14 * 4, vas.length, true);
  v.setUint32(15 * 4, VA_OFFSET, true);
  vas.forEach((p, i) => {
    v.setUint32(VA_OFFSET + i * 8, p.pgd === 'boot' ? 0 : 1, true);
    v.setUint32(VA_OFFSET + i * 8 + 4, p.va >>> 0, true);
  });
  return new Uint8Array(v.buffer);
}

/**
 * The CPU runs in the kernel's order: on_each_cpu runs CPU1..N-1, then CPU0 (which then makes
 * the first runtime calls); a hot-plugged CPU comes back last and repeats the whole init.
 */
export function initRuns(ex: Exported): Run[] {
  const c = ex.config;
  const stackTop = (cpu: number) => (ex.state.kernel.stackPages[cpu] ?? 0) + 4096;
  const order = [...Array.from({ length: c.cpus - 1 }, (_, i) => i + 1), 0];
  const runs: Run[] = order.map((cpu) => ({
    cpu,
    stackTop: stackTop(cpu),
    flags: cpu === 0 ? RUN_CALLS : 0,
  }));
  if (c.hotplugCpu > 0)
    runs.push({ cpu: c.hotplugCpu, stackTop: stackTop(c.hotplugCpu), flags: RUN_CALLS });
  runs[0] = { ...runs[0]!, flags: runs[0]!.flags | RUN_GET_VECTORS };
  return runs.slice(0, MAX_RUNS);
}

export function initJob(ex: Exported, runs: readonly Run[]): Uint8Array {
  const v = header(ex, JOB_INIT, VA_OFFSET);
  const cpu0 = ex.state.cpus[0]!;
  const s = ex.symbols;
  const words = [
    s.stubVectors,
    s.idmapVector,
    s.hypVector,
    s.flushFn,
    s.probeFn,
    ex.config.probeVa < 0 ? 0xffffffff : ex.config.probeVa,
    cpu0.sctlr & ~1 & ~(1 << 13), // the kernel's SCTLR without M (no PL1 tables here) and V
    cpu0.ttbcr,
    cpu0.mair0,
    cpu0.mair1,
    runs.length,
  ];
  words.forEach((w, i) => v.setUint32((16 + i) * 4, w >>> 0, true));
  runs.forEach((r, i) => {
    v.setUint32((27 + 3 * i) * 4, r.cpu, true);
    v.setUint32((28 + 3 * i) * 4, r.stackTop >>> 0, true);
    v.setUint32((29 + 3 * i) * 4, r.flags, true);
  });
  return new Uint8Array(v.buffer);
}
