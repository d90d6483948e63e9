import type { Access, Actor, Change, MachineState, Phase, PgdName, SourceRef, Step } from './types';

/*
 * The compact form of a trace's steps: memory per step in proportion to what the step changed.
 * What repeats (phase, actor, CPU, source line, explanation) is stored once and referred to by
 * number; titles are UTF-8 in one byte pool; the three changes the stress preset makes by the
 * hundred thousand (descriptor, refcount, cache clean) are numbers in one Float64 pool; the
 * rare rest, accesses and instructions, are kept as objects by step. A Step is a small view
 * (PackedStep) that decodes its fields when read. Every buffer here is a plain typed array, so
 * a finished log moves to another thread as a handful of transferable buffers (exportLog).
 */

interface Meta {
  readonly phase: Phase;
  readonly actor: Actor;
  readonly cpu: number;
  readonly why: string;
  readonly source: SourceRef;
}

/** A growable typed array. */
class Pool<T extends Float64Array | Uint8Array | Int32Array> {
  data: T;
  length = 0;
  constructor(data: T) {
    this.data = data;
  }
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    // 1.5x: amortised O(1) appends with at most a third of the buffer unused
    let size = Math.max(64, Math.ceil(this.data.length * 1.5));
    while (size < this.length + n) size = Math.ceil(size * 1.5);
    const next = new (this.data.constructor as new (n: number) => T)(size);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }
  push(v: number): void {
    this.reserve(1);
    this.data[this.length++] = v;
  }
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }
  /** Drops the unused tail (a finished log grows no more). */
  trim(): void {
    if (this.data.length !== this.length) this.data = this.trimmed();
  }
}

const TAG_OBJECT = 0;
const TAG_DESCRIPTOR = 1;
const TAG_REFCOUNT = 2;
const TAG_CLEAN = 3;
const PGD_CODE: Readonly<Record<string, number>> = { null: 0, boot: 1, runtime: 2 };
const PGD_NAME: readonly (PgdName | null)[] = [null, 'boot', 'runtime'];
const EMPTY: readonly never[] = Object.freeze([]);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Everything a finished log holds, as transferable typed arrays plus the few shared objects. */
export interface LogExport {
  readonly metas: readonly Meta[];
  readonly metaOf: Int32Array;
  readonly titleEnd: Int32Array;
  readonly titles: Uint8Array;
  readonly changeEnd: Int32Array;
  readonly changes: Float64Array;
  readonly objects: readonly Change[];
  readonly accesses: ReadonlyMap<number, readonly Access[]>;
  readonly instructions: ReadonlyMap<number, NonNullable<Step['instruction']>>;
  readonly bases: readonly MachineState[];
  readonly baseOf: Int32Array;
}

export class StepLog {
  private readonly metas: Meta[] = [];
  private readonly metaIds = new Map<string, number>();
  private readonly metaOf = new Pool(new Int32Array(0));
  private readonly titleEnd = new Pool(new Int32Array(0));
  private readonly titles = new Pool(new Uint8Array(0));
  private readonly changeEnd = new Pool(new Int32Array(0));
  private readonly changes = new Pool(new Float64Array(0));
  private readonly objects: Change[] = [];
  private readonly accesses = new Map<number, readonly Access[]>();
  private readonly instructions = new Map<number, NonNullable<Step['instruction']>>();
  /**
   * Steps' states differ from the one before in what the step changed; most steps change
   * neither kernel variables, allocator nor CPUs (only memory, which is versioned apart). A
   * state is stored once per distinct set of parts (a base) and a step's is its base at the
   * step's version.
   */
  private readonly bases: MachineState[] = [];
  private readonly baseOf = new Pool(new Int32Array(0));
  /** Recently read states, so that reading a step's state twice gives the same object. */
  private readonly stateCache = new Map<number, MachineState>();

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
    const index = this.length + 1;
    const last = this.bases[this.bases.length - 1];
    if (!last || !sameParts(last, state)) this.bases.push(state);
    this.baseOf.push(this.bases.length - 1);
    const s = meta.source;
    const key = `${meta.phase}\u0000${meta.actor}\u0000${meta.cpu}\u0000${s.file}\u0000${s.func}\u0000${s.listing}\u0000${s.line}\u0000${s.text}\u0000${meta.why}`;
    let id = this.metaIds.get(key);
    if (id === undefined) {
      id = this.metas.length;
      const { phase, actor, cpu, why, source } = meta;
      this.metas.push({ phase, actor, cpu, why, source });
      this.metaIds.set(key, id);
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
    for (const c of changes) this.encodeChange(c);
    this.changeEnd.push(this.changes.length);
    if (accesses.length) this.accesses.set(index, accesses);
    if (instruction) this.instructions.set(index, instruction);
  }

  private encodeChange(c: Change): void {
    const p = this.changes;
    if (c.kind === 'descriptor' && String(c.pgd) in PGD_CODE) {
      p.reserve(9);
      p.push(TAG_DESCRIPTOR);
      p.push(PGD_CODE[String(c.pgd)]!);
      p.push(c.level);
      p.push(c.index);
      p.push(c.pa);
      // 64-bit descriptors as two exact 32-bit halves (a double holds 53 bits)
      p.push(Number(c.before & 0xffffffffn));
      p.push(Number(c.before >> 32n));
      p.push(Number(c.after & 0xffffffffn));
      p.push(Number(c.after >> 32n));
    } else if (c.kind === 'refcount') {
      p.push(TAG_REFCOUNT);
      p.push(c.pa);
      p.push(c.before);
      p.push(c.after);
    } else if (c.kind === 'cache-clean') {
      p.push(TAG_CLEAN);
      p.push(c.pa);
      p.push(c.length);
      p.push(c.lines.length);
      for (const l of c.lines) p.push(l);
    } else {
      p.push(TAG_OBJECT);
      p.push(this.objects.length);
      this.objects.push(c);
    }
  }

  meta(index: number): Meta {
    return this.metas[this.metaOf.data[index - 1]!]!;
  }

  title(index: number): string {
    const start = index > 1 ? this.titleEnd.data[index - 2]! : 0;
    return decoder.decode(this.titles.data.subarray(start, this.titleEnd.data[index - 1]!));
  }

  changesOf(index: number): readonly Change[] {
    const p = this.changes.data;
    let i = index > 1 ? this.changeEnd.data[index - 2]! : 0;
    const end = this.changeEnd.data[index - 1]!;
    if (i === end) return EMPTY;
    const out: Change[] = [];
    while (i < end) {
      const tag = p[i]!;
      if (tag === TAG_DESCRIPTOR) {
        const hi = (lo: number, h: number) => (BigInt(h) << 32n) | BigInt(lo);
        out.push({
          kind: 'descriptor',
          pgd: PGD_NAME[p[i + 1]!]!,
          level: p[i + 2]! as 1 | 2 | 3,
          index: p[i + 3]!,
          pa: p[i + 4]!,
          before: hi(p[i + 5]!, p[i + 6]!),
          after: hi(p[i + 7]!, p[i + 8]!),
        });
        i += 9;
      } else if (tag === TAG_REFCOUNT) {
        out.push({ kind: 'refcount', pa: p[i + 1]!, before: p[i + 2]!, after: p[i + 3]! });
        i += 4;
      } else if (tag === TAG_CLEAN) {
        const n = p[i + 3]!;
        out.push({
          kind: 'cache-clean',
          pa: p[i + 1]!,
          length: p[i + 2]!,
          lines: Array.from(p.subarray(i + 4, i + 4 + n)),
        });
        i += 4 + n;
      } else {
        out.push(this.objects[p[i + 1]!]!);
        i += 2;
      }
    }
    return out;
  }

  stateOf(index: number): MachineState {
    const hit = this.stateCache.get(index);
    if (hit) return hit;
    const base = this.bases[this.baseOf.data[index - 1]!]!;
    const state = base.version === index ? base : { ...base, version: index };
    if (this.stateCache.size >= 16) this.stateCache.clear();
    this.stateCache.set(index, state);
    return state;
  }

  accessesOf(index: number): readonly Access[] {
    return this.accesses.get(index) ?? EMPTY;
  }

  instructionOf(index: number): Step['instruction'] {
    return this.instructions.get(index) ?? null;
  }

  /** Trims the buffers of a log that is finished. */
  seal(): void {
    // the keys spell out every explanation again: only appending needs them
    this.metaIds.clear();
    for (const p of [this.metaOf, this.titleEnd, this.titles, this.changeEnd, this.changes])
      p.trim();
    this.baseOf.trim();
  }

  /** The finished log's contents (trimmed copies), to move it to another thread. */
  exportLog(): LogExport {
    return {
      bases: this.bases,
      baseOf: this.baseOf.trimmed(),
      metas: this.metas,
      metaOf: this.metaOf.trimmed(),
      titleEnd: this.titleEnd.trimmed(),
      titles: this.titles.trimmed(),
      changeEnd: this.changeEnd.trimmed(),
      changes: this.changes.trimmed(),
      objects: this.objects,
      accesses: this.accesses,
      instructions: this.instructions,
    };
  }

  /** A log rebuilt from exportLog() (after structured cloning). */
  static fromExport(e: LogExport): StepLog {
    const log = new StepLog();
    log.metas.push(...e.metas);
    const adopt = <T extends Float64Array | Uint8Array | Int32Array>(pool: Pool<T>, data: T) => {
      pool.data = data;
      pool.length = data.length;
    };
    adopt(log.metaOf, e.metaOf);
    adopt(log.titleEnd, e.titleEnd);
    adopt(log.titles, e.titles);
    adopt(log.changeEnd, e.changeEnd);
    adopt(log.changes, e.changes);
    adopt(log.baseOf, e.baseOf);
    log.bases.push(...e.bases);
    log.objects.push(...e.objects);
    for (const [k, v] of e.accesses) log.accesses.set(k, v);
    for (const [k, v] of e.instructions) log.instructions.set(k, v);
    return log;
  }
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

/** True when two states share every part but the version. */
function sameParts(a: MachineState, b: MachineState): boolean {
  for (const k of Object.keys(b) as (keyof MachineState)[])
    if (k !== 'version' && a[k] !== b[k]) return false;
  return Object.keys(a).length === Object.keys(b).length;
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
