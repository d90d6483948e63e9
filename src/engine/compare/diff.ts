import { isStale } from '../cpu/tlb';
import type { CpuState } from '../machine/cpuState';
import type { Change, PgdName, Step, Trace } from '../trace/types';
import type { AlignedPair } from './align';

/*
 * What differs at one aligned step of two traces: descriptors written on one side only (or
 * with different values), the step CPU's system registers, and TLB entries that are stale on
 * one side only. Values stay numbers here; the CLI and the UI format them.
 */
export type Difference =
  | {
      readonly kind: 'descriptor';
      readonly pgd: PgdName | null;
      readonly level: 1 | 2 | 3;
      readonly index: number;
      /** The value each side wrote at this step, or null when that side wrote none there. */
      readonly left: bigint | null;
      readonly right: bigint | null;
    }
  | {
      readonly kind: 'register';
      readonly cpu: number;
      readonly name: string;
      readonly left: number | string;
      readonly right: number | string;
    }
  | {
      readonly kind: 'stale-tlb';
      readonly cpu: number;
      /** The entry's VA page; stale on `side`, fresh or absent on the other. */
      readonly va: number;
      readonly side: 'left' | 'right';
    };

/** The registers the story turns on (facts §4): what HYP runs with after the step. */
const REGISTERS: ReadonlyArray<readonly [string, (c: CpuState) => number | string]> = [
  ['mode', (c) => c.mode],
  ['PC', (c) => c.pc >>> 0],
  ['HTTBR', (c) => c.httbr],
  ['HSCTLR', (c) => c.hsctlr >>> 0],
  ['HVBAR', (c) => c.hvbar >>> 0],
  ['SP_hyp', (c) => c.spHyp >>> 0],
  ['ELR_hyp', (c) => c.elrHyp >>> 0],
  ['HSR', (c) => c.hsr >>> 0],
  ['HTCR', (c) => c.htcr >>> 0],
  ['VTCR', (c) => c.vtcr >>> 0],
  ['HMAIR0', (c) => c.hmair0 >>> 0],
  ['HMAIR1', (c) => c.hmair1 >>> 0],
];

/** A quick test before the itemised one: most aligned steps of two close traces agree. */
function sameRegisters(x: CpuState, y: CpuState): boolean {
  return (
    x.pc === y.pc &&
    x.httbr === y.httbr &&
    x.hsctlr === y.hsctlr &&
    x.hvbar === y.hvbar &&
    x.spHyp === y.spHyp &&
    x.elrHyp === y.elrHyp &&
    x.hsr === y.hsr &&
    x.htcr === y.htcr &&
    x.vtcr === y.vtcr &&
    x.hmair0 === y.hmair0 &&
    x.hmair1 === y.hmair1 &&
    x.mode === y.mode
  );
}

type DescriptorChange = Extract<Change, { kind: 'descriptor' }>;

const NO_WRITES: readonly DescriptorChange[] = [];

function descriptorWrites(s: Step): readonly DescriptorChange[] {
  let out: DescriptorChange[] | null = null;
  for (const c of s.changes) if (c.kind === 'descriptor') (out ??= []).push(c);
  return out ?? NO_WRITES;
}

const sameSlot = (x: DescriptorChange, y: DescriptorChange) =>
  x.pgd === y.pgd && x.level === y.level && x.index === y.index;

const emptyTlb = (c: CpuState) => c.tlb.entries.every((e) => e === null);

function staleVas(t: Trace, s: Step, cpu: CpuState): Set<number> {
  const out = new Set<number>();
  for (const e of cpu.tlb.entries)
    if (e && isStale(t.world, s.state.version, cpu.httbr, e)) out.add(e.vaPage);
  return out;
}

/** Differences at an aligned pair; none when one side has no counterpart (that is its own finding). */
export function differencesAt(a: Trace, b: Trace, pair: AlignedPair): Difference[] {
  if (pair.left === null || pair.right === null) return [];
  const sa = a.steps[pair.left - 1]!;
  const sb = b.steps[pair.right - 1]!;
  const out: Difference[] = [];
  const da = descriptorWrites(sa);
  const db = descriptorWrites(sb);
  for (const l of da) {
    const r = db.find((y) => sameSlot(l, y));
    if (!r || r.after !== l.after)
      out.push({
        kind: 'descriptor',
        pgd: l.pgd,
        level: l.level,
        index: l.index,
        left: l.after,
        right: r?.after ?? null,
      });
  }
  for (const r of db)
    if (!da.some((x) => sameSlot(x, r)))
      out.push({
        kind: 'descriptor',
        pgd: r.pgd,
        level: r.level,
        index: r.index,
        left: null,
        right: r.after,
      });
  const cpu = sa.cpu;
  const ca = sa.state.cpus[cpu];
  const cb = sb.state.cpus[cpu];
  if (!ca || !cb) return out;
  if (!sameRegisters(ca, cb))
    for (const [name, get] of REGISTERS) {
      const l = get(ca);
      const r = get(cb);
      if (l !== r) out.push({ kind: 'register', cpu, name, left: l, right: r });
    }
  if (emptyTlb(ca) && emptyTlb(cb)) return out;
  const stA = staleVas(a, sa, ca);
  const stB = staleVas(b, sb, cb);
  for (const va of stA) if (!stB.has(va)) out.push({ kind: 'stale-tlb', cpu, va, side: 'left' });
  for (const va of stB) if (!stA.has(va)) out.push({ kind: 'stale-tlb', cpu, va, side: 'right' });
  return out;
}

function signature(ds: readonly Difference[]): string {
  return ds
    .map((d) =>
      d.kind === 'descriptor'
        ? `d${d.pgd}/${d.level}/${d.index}/${d.left}/${d.right}`
        : d.kind === 'register'
          ? `r${d.name}/${d.left}/${d.right}`
          : `t${d.va}/${d.side}`,
    )
    .join(';');
}

/**
 * The divergent aligned steps: where the differences change. A difference that persists (the
 * v3.9 CPU has been in HYP for a while, so its HVBAR differs at every later step) marks the
 * step where it appears, not every step after it; each step still reports all it differs in.
 * Returns 0-based positions in `pairs` with their differences, in order.
 */
export function divergences(
  a: Trace,
  b: Trace,
  pairs: readonly AlignedPair[],
): { position: number; differences: Difference[] }[] {
  const out: { position: number; differences: Difference[] }[] = [];
  const last = new Map<number, string>();
  pairs.forEach((p, position) => {
    if (p.left === null || p.right === null) return;
    const cpu = a.steps[p.left - 1]!.cpu;
    const differences = differencesAt(a, b, p);
    const sig = differences.length ? signature(differences) : '';
    if (sig !== (last.get(cpu) ?? '') && differences.length) out.push({ position, differences });
    last.set(cpu, sig);
  });
  return out;
}
