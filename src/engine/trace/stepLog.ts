import { Interner, Pool, SlotCache, deepFreeze } from './pool';
import { StateStore, statesBuffers, type StatesExport } from './stateStore';
import {
  decodeAccesses,
  decodeChanges,
  decodeInstruction,
  encodeStep,
  keptWhole,
} from './stepCodec';
import type { Access, Actor, Change, MachineState, Phase, SourceRef, Step } from './types';

/*
 * The compact form of a trace's steps: memory per step in proportion to what the step changed.
 * What repeats (phase, actor, CPU, source line, explanation) is stored once and referred to by
 * number; titles are UTF-8 in one byte pool; changes, memory accesses (with their table walks)
 * and instructions are numbered records in one Float64 pool (stepCodec.ts); machine states
 * are their parts, the CPUs as deltas between keyframes (stateStore.ts). A Step is a small
 * view (PackedStep) that decodes its fields when read. Every buffer here is a plain typed
 * array, so a finished log moves to another thread as a handful of transferable buffers
 * (exportLog, logBuffers).
 */

interface Meta {
  readonly phase: Phase;
  readonly actor: Actor;
  readonly cpu: number;
  readonly why: string;
  readonly source: SourceRef;
}

const EMPTY: readonly never[] = Object.freeze([]);
/** Decoded accesses and instructions kept, so that reading a step twice gives the same objects. */
const CACHE = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Everything a finished log holds, as transferable typed arrays plus the few shared objects. */
export interface LogExport {
  readonly metas: readonly Meta[];
  readonly metaOf: Int32Array;
  readonly titleEnd: Int32Array;
  readonly titles: Uint8Array;
  /** Per step: where its records end in `records`. */
  readonly recordEnd: Int32Array;
  readonly records: Float64Array;
  /** What records refer to by number. */
  readonly refs: readonly unknown[];
  readonly states: StatesExport;
}

/** The buffers of an export that move to another thread rather than being copied. */
export function logBuffers(e: LogExport): ArrayBuffer[] {
  return [
    ...[e.metaOf, e.titleEnd, e.titles, e.recordEnd, e.records].map((a) => a.buffer as ArrayBuffer),
    ...statesBuffers(e.states),
  ];
}

export class StepLog {
  private readonly metas: Meta[] = [];
  private readonly metaIds = new Map<string, Map<number, number[]>>();
  private readonly metaOf = new Pool<Int32Array>(new Int32Array(0));
  private readonly titleEnd = new Pool<Int32Array>(new Int32Array(0));
  private readonly titles = new Pool<Uint8Array>(new Uint8Array(0));
  private readonly recordEnd = new Pool<Int32Array>(new Int32Array(0));
  private readonly records = new Pool<Float64Array>(new Float64Array(0));
  private readonly refs: Interner;
  private readonly states: StateStore;
  private readonly freeze: boolean;
  private readonly accessCache = new SlotCache<readonly Access[]>(CACHE);
  private readonly instructionCache = new SlotCache<NonNullable<Step['instruction']>>(CACHE);
  // a step's changes and title are read by several panels in one render: decoded once
  private readonly changeCache = new SlotCache<readonly Change[]>(CACHE);
  private readonly titleCache = new SlotCache<string>(CACHE);

  /** `freeze`: what reading decodes is frozen too (the deep-frozen runs of the tests). */
  constructor(freeze = false, refs = new Interner(), states?: StateStore) {
    this.freeze = freeze;
    this.refs = refs;
    this.states = states ?? new StateStore(refs, freeze);
  }

  get length(): number {
    return this.metaOf.length;
  }

  /** Appends step `index` (1-based, = length + 1). */
  append(
    meta: Meta & { readonly title: string },
    changes: readonly Change[],
    accesses: readonly Access[],
    instruction: Step['instruction'],
    state: MachineState,
  ): void {
    this.states.append(state);
    const s = meta.source;
    // metas by explanation and line (no key string built per step); the few left differ in CPU or phase
    let byLine = this.metaIds.get(meta.why);
    if (!byLine) this.metaIds.set(meta.why, (byLine = new Map()));
    let ids = byLine.get(s.line);
    let id = ids?.find((i) => sameMeta(this.metas[i]!, meta));
    if (id === undefined) {
      id = this.metas.length;
      const { phase, actor, cpu, why, source } = meta;
      this.metas.push({ phase, actor, cpu, why, source });
      if (!ids) byLine.set(s.line, (ids = []));
      ids.push(id);
    }
    this.metaOf.push(id);
    // UTF-8 is at most 3 bytes per UTF-16 unit
    this.titles.reserve(meta.title.length * 3);
    const { written } = encoder.encodeInto(
      meta.title,
      this.titles.data.subarray(this.titles.length),
    );
    this.titles.length += written;
    this.titleEnd.push(this.titles.length);
    encodeStep(this.records, this.refs, changes, accesses, instruction);
    this.recordEnd.push(this.records.length);
  }

  meta(index: number): Meta {
    return this.metas[this.metaOf.data[index - 1]!]!;
  }

  title(index: number): string {
    const hit = this.titleCache.get(index);
    if (hit !== undefined) return hit;
    const start = index > 1 ? this.titleEnd.data[index - 2]! : 0;
    const title = decoder.decode(this.titles.data.subarray(start, this.titleEnd.data[index - 1]!));
    this.titleCache.set(index, title);
    return title;
  }

  private range(index: number): [number, number] {
    return [index > 1 ? this.recordEnd.data[index - 2]! : 0, this.recordEnd.data[index - 1]!];
  }

  changesOf(index: number): readonly Change[] {
    const hit = this.changeCache.get(index);
    if (hit) return hit;
    const [start, end] = this.range(index);
    if (start === end) return EMPTY;
    const out = decodeChanges(this.records.data, start, end, this.refs.values);
    if (this.freeze) deepFreeze(out);
    const changes = out.length ? out : EMPTY;
    this.changeCache.set(index, changes);
    return changes;
  }

  stateOf(index: number): MachineState {
    return this.states.stateOf(index);
  }

  accessesOf(index: number): readonly Access[] {
    const hit = this.accessCache.get(index);
    if (hit) return hit;
    const [start, end] = this.range(index);
    const out = decodeAccesses(this.records.data, start, end, this.refs.values);
    const accesses = out.length ? out : EMPTY;
    if (this.freeze) deepFreeze(accesses);
    this.accessCache.set(index, accesses);
    return accesses;
  }

  instructionOf(index: number): Step['instruction'] {
    const hit = this.instructionCache.get(index);
    if (hit) return hit;
    const [start, end] = this.range(index);
    const i = decodeInstruction(this.records.data, start, end, this.refs.values);
    if (i) {
      if (this.freeze) deepFreeze(i);
      this.instructionCache.set(index, i);
    }
    return i;
  }

  /** What step `index` keeps whole rather than packed (for tests: the usual steps keep little). */
  keptWhole(index: number): unknown[] {
    return keptWhole(this.records.data, ...this.range(index), this.refs.values);
  }

  /** Trims the buffers of a log that is finished. */
  seal(): void {
    // the keys spell out every explanation again: only appending needs them
    this.metaIds.clear();
    for (const p of [this.metaOf, this.titleEnd, this.titles, this.recordEnd, this.records])
      p.trim();
    this.refs.seal();
    this.states.seal();
    this.forget();
  }

  /** Drops what reading decoded (a finished trace keeps only its packed form until read). */
  forget(): void {
    this.accessCache.clear();
    this.instructionCache.clear();
    this.changeCache.clear();
    this.titleCache.clear();
    this.states.forget();
  }

  /** The finished log's contents (trimmed copies), to move it to another thread. */
  exportLog(): LogExport {
    return {
      metas: this.metas,
      metaOf: this.metaOf.trimmed(),
      titleEnd: this.titleEnd.trimmed(),
      titles: this.titles.trimmed(),
      recordEnd: this.recordEnd.trimmed(),
      records: this.records.trimmed(),
      refs: this.refs.values,
      states: this.states.exportStates(),
    };
  }

  /** A log rebuilt from exportLog() (after structured cloning). */
  static fromExport(e: LogExport): StepLog {
    const refs = new Interner([...e.refs]);
    refs.seal();
    const log = new StepLog(false, refs, StateStore.fromExport(e.states, refs));
    log.metas.push(...e.metas);
    log.metaOf.adopt(e.metaOf);
    log.titleEnd.adopt(e.titleEnd);
    log.titles.adopt(e.titles);
    log.recordEnd.adopt(e.recordEnd);
    log.records.adopt(e.records);
    return log;
  }
}

/** True when two metas read the same (sources compared by content: each step may make its own). */
function sameMeta(a: Meta, b: Meta): boolean {
  const x = a.source;
  const y = b.source;
  return (
    a.phase === b.phase &&
    a.actor === b.actor &&
    a.cpu === b.cpu &&
    a.why === b.why &&
    x.file === y.file &&
    x.func === y.func &&
    x.listing === y.listing &&
    x.line === y.line &&
    x.text === y.text
  );
}

const logs = new WeakMap<readonly Step[], StepLog>();

/** Marks `steps` as the PackedSteps of `log` (the recorder does, for the transfer). */
export function registerLog(steps: readonly Step[], log: StepLog): void {
  logs.set(steps, log);
}

/** The log behind a trace's steps, or undefined when they are plain objects. */
export function packedLog(steps: readonly Step[]): StepLog | undefined {
  return logs.get(steps);
}

/** One step of a packed trace: its index; the rest decoded from the log on read. */
export class PackedStep implements Step {
  readonly index: number;
  // an ES private field: not enumerable, so spreading or serialising a step never drags the log
  readonly #log: StepLog;

  constructor(log: StepLog, index: number) {
    this.#log = log;
    this.index = index;
  }
  get state(): MachineState {
    return this.#log.stateOf(this.index);
  }
  get phase(): Phase {
    return this.#log.meta(this.index).phase;
  }
  get actor(): Actor {
    return this.#log.meta(this.index).actor;
  }
  get cpu(): number {
    return this.#log.meta(this.index).cpu;
  }
  get why(): string {
    return this.#log.meta(this.index).why;
  }
  get source(): SourceRef {
    return this.#log.meta(this.index).source;
  }
  get title(): string {
    return this.#log.title(this.index);
  }
  get changes(): readonly Change[] {
    return this.#log.changesOf(this.index);
  }
  get accesses(): readonly Access[] {
    return this.#log.accessesOf(this.index);
  }
  get instruction(): Step['instruction'] {
    return this.#log.instructionOf(this.index);
  }
}

/** A step as a plain object (every field read once): for JSON, comparisons and tests. */
export function plainStep(s: Step): Step {
  return {
    index: s.index,
    phase: s.phase,
    actor: s.actor,
    cpu: s.cpu,
    title: s.title,
    why: s.why,
    source: s.source,
    changes: s.changes,
    state: s.state,
    instruction: s.instruction,
    accesses: s.accesses,
  };
}
