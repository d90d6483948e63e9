import { hex, hex64 } from '../arch/hex';
import { decodeHsr } from '../arch/hsr';
import type { HypVa } from '../arch/types';
import { isStale } from '../cpu/tlb';
import { walk } from '../cpu/walk';
import type { TlbState } from '../machine/cpuState';
import { stepKey } from '../trace/stepIdentity';
import type { Access, Change, FaultInfo, Step, TlbEntry, Trace, Walk } from '../trace/types';

/*
 * The CLI's `trace` JSON (DESIGN.md "Headless CLI"), defined by schema/trace.schema.json:
 * numbers as lower-case 0x strings, steps 1-based. A step carries its summary fields (the
 * CPU's registers after it, its TLB) and what it changed, never whole memory, so the stress
 * preset can be written one step at a time (--ndjson).
 */

/** Bumped whenever a field changes meaning or goes away; adding fields keeps it. */
export const TRACE_SCHEMA_VERSION = 2;

export interface StepRange {
  /** 1-based, inclusive. */
  readonly from: number;
  readonly to: number;
}

const ADDRESS_KEY = /Start|Base|Size|Offset|Length|Va$/;

function configJson(trace: Trace) {
  return Object.fromEntries(
    Object.entries(trace.config).map(([k, v]) => [
      k,
      typeof v === 'number' && v >= 0 && ADDRESS_KEY.test(k) ? hex(v) : v,
    ]),
  );
}

/** Everything but the steps: the first line of --ndjson, and what opens the JSON output. */
export function traceHeaderJson(trace: Trace, range?: StepRange) {
  const r = range ?? { from: 1, to: trace.steps.length };
  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    config: configJson(trace),
    outcome: {
      kind: trace.outcome.kind,
      summary: trace.outcome.summary,
      detail: trace.outcome.detail,
      step: trace.outcome.step,
    },
    moments: trace.moments.map((m) => ({ step: m.step, cpu: m.cpu, kind: m.kind, label: m.label })),
    stepCount: trace.steps.length,
    range: { from: r.from, to: r.to },
  };
}

function tlbEntryJson(e: TlbEntry) {
  return {
    va: hex(e.vaPage, 8),
    pa: hex(e.paPage, 8),
    level: e.level,
    size: hex(e.size),
    desc: hex64(e.desc),
    xnTable: e.xnTable,
    httbr: hex(e.httbr, 10),
    filledAt: e.filledAt,
  };
}

export function faultJson(f: FaultInfo | null) {
  return f ? { type: f.type, level: f.level, fsc: hex(f.fsc, 2) } : null;
}

/** A walk's levels as the CLI prints them (the trace's accesses and the `walk` command). */
export function walkLevelsJson(w: Walk) {
  return w.levels.map((l) => ({
    level: l.level,
    index: hex(l.index),
    tableAddr: hex(l.tableAddr),
    descAddr: hex(l.descAddr),
    desc: hex64(l.desc),
    kind: l.kind,
  }));
}

function walkJson(w: Walk) {
  return {
    ttbr: hex(w.ttbr, 10),
    observer: w.observer,
    levels: walkLevelsJson(w),
    pa: w.pa === null ? null : hex(w.pa),
    fault: faultJson(w.fault),
  };
}

function accessJson(a: Access) {
  return {
    type: a.type,
    va: hex(a.va, 8),
    mmu: a.mmu,
    tlb: a.tlb,
    tlbIndex: a.tlbIndex,
    tlbEntry: a.tlbEntry ? tlbEntryJson(a.tlbEntry) : null,
    walk: a.walk ? walkJson(a.walk) : null,
    pa: a.pa === null ? null : hex(a.pa),
    fault: faultJson(a.fault),
    value: a.value === null ? null : hex(a.value >>> 0, 8),
    observer: a.observer,
  };
}

function changeJson(c: Change) {
  switch (c.kind) {
    case 'alloc':
    case 'free':
      return { kind: c.kind, what: c.what, pa: hex(c.pa), size: hex(c.size) };
    case 'alloc-failed':
      return { kind: c.kind, what: c.what, reason: c.reason };
    case 'descriptor':
      return {
        kind: c.kind,
        pgd: c.pgd,
        level: c.level,
        index: hex(c.index),
        address: hex(c.pa),
        old: hex64(c.before),
        new: hex64(c.after),
      };
    case 'refcount':
      return { kind: c.kind, pa: hex(c.pa), old: c.before, new: c.after };
    case 'cache-clean':
      return {
        kind: c.kind,
        pa: hex(c.pa),
        length: hex(c.length),
        lines: c.lines.map((l) => hex(l)),
      };
    case 'memory':
      return { kind: c.kind, pa: hex(c.pa), length: hex(c.length), what: c.what };
    case 'kernel-var':
      return { kind: c.kind, name: c.name, old: c.before, new: c.after };
    case 'register':
      return { kind: c.kind, cpu: c.cpu, name: c.name, old: c.before, new: c.after };
    case 'tlb-fill':
      return {
        kind: c.kind,
        cpu: c.cpu,
        index: c.index,
        entry: tlbEntryJson(c.entry),
        evicted: c.evicted ? tlbEntryJson(c.evicted) : null,
      };
    case 'tlb-hit':
      return { kind: c.kind, cpu: c.cpu, index: c.index };
    case 'tlb-invalidate':
      return { kind: c.kind, cpu: c.cpu, dropped: c.dropped.map(tlbEntryJson) };
    case 'exception':
      return {
        kind: c.kind,
        cpu: c.cpu,
        name: c.name,
        vector: hex(c.vector >>> 0, 8),
        hsr: c.hsr === null ? null : hex(c.hsr >>> 0, 8),
      };
    case 'message':
      return { kind: c.kind, level: c.level, text: c.text };
  }
}

/** The exception a step took, with HSR decoded and the fault address registers after it. */
function exceptionJson(s: Step) {
  const x = s.changes.find((c) => c.kind === 'exception');
  if (!x || x.kind !== 'exception') return null;
  const cpu = s.state.cpus[x.cpu]!;
  const d = x.hsr === null ? null : decodeHsr(x.hsr);
  return {
    cpu: x.cpu,
    name: x.name,
    vector: hex(x.vector >>> 0, 8),
    hsr: x.hsr === null ? null : hex(x.hsr >>> 0, 8),
    decoded: d
      ? {
          ec: hex(d.ec, 2),
          il: d.il,
          iss: hex(d.iss, 7),
          fsc: d.fsc === null ? null : hex(d.fsc, 2),
          wnr: d.wnr,
          imm16: d.imm16 === null ? null : hex(d.imm16, 4),
          description: d.description,
        }
      : null,
    hdfar: hex(cpu.hdfar >>> 0, 8),
    hifar: hex(cpu.hifar >>> 0, 8),
    elrHyp: hex(cpu.elrHyp >>> 0, 8),
  };
}

/**
 * The stale flags of a CPU's TLB, reused from step to step while nothing they depend on
 * changes: the same TLB, the same HTTBR, and no write to an entry on any of their walks. The
 * stress preset writes 390,000 descriptors with a full TLB; re-walking every entry at every
 * step would cost seconds.
 */
export class StaleCache {
  private readonly byCpu = new Map<
    number,
    { tlb: TlbState; httbr: number; stale: boolean[]; path: Set<number> }
  >();

  /** Call for every step, in order, before reading flags for it. */
  advance(s: Step): void {
    if (!this.byCpu.size) return;
    for (const c of s.changes) {
      if (c.kind === 'memory' || c.kind === 'alloc' || c.kind === 'free') this.byCpu.clear();
      else if (c.kind === 'descriptor')
        for (const [cpu, e] of this.byCpu) if (e.path.has(c.pa)) this.byCpu.delete(cpu);
    }
  }

  flags(trace: Trace, s: Step, cpuId: number): boolean[] {
    const cpu = s.state.cpus[cpuId]!;
    const hit = this.byCpu.get(cpuId);
    if (hit && hit.tlb === cpu.tlb && hit.httbr === cpu.httbr) return hit.stale;
    const stale: boolean[] = [];
    const path = new Set<number>();
    for (const e of cpu.tlb.entries) {
      if (!e) continue;
      stale.push(isStale(trace.world, s.state.version, cpu.httbr, e));
      const w = walk(trace.world, s.state.version, cpu.httbr, e.vaPage as HypVa, 'coherent', null);
      for (const l of w.levels) path.add(l.descAddr);
    }
    this.byCpu.set(cpuId, { tlb: cpu.tlb, httbr: cpu.httbr, stale, path });
    return stale;
  }
}

export function stepToJson(trace: Trace, s: Step, cache?: StaleCache) {
  const cpu = s.state.cpus[s.cpu]!;
  const stale = cache
    ? cache.flags(trace, s, s.cpu)
    : cpu.tlb.entries.flatMap((e) =>
        e ? [isStale(trace.world, s.state.version, cpu.httbr, e)] : [],
      );
  let k = 0;
  return {
    index: s.index,
    key: stepKey(trace, s.index),
    phase: s.phase,
    actor: s.actor,
    title: s.title,
    why: s.why,
    source: { file: s.source.file, function: s.source.func, line: s.source.text },
    cpu: s.cpu,
    pc: hex(cpu.pc >>> 0, 8),
    mode: cpu.mode.toUpperCase(),
    httbr: hex(cpu.httbr, 10),
    hsctlr: hex(cpu.hsctlr >>> 0, 8),
    hvbar: hex(cpu.hvbar >>> 0, 8),
    sp: hex(cpu.spHyp >>> 0, 8),
    tlb: cpu.tlb.entries.flatMap((e) =>
      e
        ? [{ va: hex(e.vaPage, 8), pa: hex(e.paPage, 8), size: hex(e.size), stale: stale[k++]! }]
        : [],
    ),
    instruction: s.instruction
      ? {
          pc: hex(s.instruction.pc >>> 0, 8),
          word: hex(s.instruction.word >>> 0, 8),
          text: s.instruction.text,
          executed: s.instruction.executed,
        }
      : null,
    changes: s.changes.map(changeJson),
    accesses: s.accesses.map(accessJson),
    exception: exceptionJson(s),
  };
}

/** The steps of a range, one at a time: what a streaming writer iterates. */
export function* stepsJson(trace: Trace, range?: StepRange) {
  const from = range?.from ?? 1;
  const to = range?.to ?? trace.steps.length;
  const cache = new StaleCache();
  // the cache follows every step from the first, so a range starting late is still right
  for (let i = 1; i < from; i++) cache.advance(trace.steps[i - 1]!);
  for (let i = from; i <= to; i++) {
    const s = trace.steps[i - 1]!;
    cache.advance(s);
    yield stepToJson(trace, s, cache);
  }
}

/** The whole trace as one object (the app's export; small traces). */
export function traceToJson(trace: Trace, range?: StepRange) {
  return { ...traceHeaderJson(trace, range), steps: [...stepsJson(trace, range)] };
}
