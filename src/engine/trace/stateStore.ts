import type { AllocatorState } from '../machine/allocatorState';
import type { CpuState } from '../machine/cpuState';
import { deepFreeze, hasKeys, type Interner, Pool, SlotCache } from './pool';
import type { KernelVars, MachineState } from './types';

/*
 * Steps' machine states, stored by what changed. A state is a version plus three parts:
 * kernel variables, allocator and CPUs. Kernel and allocator change rarely and are kept as
 * the objects they are. A CPU changes at every HYP instruction it runs (the PC at least), so
 * each CPU's successive values are kept as a keyframe (the object itself) every
 * KEYFRAME_EVERY values and, between, as deltas: the fields that changed, as numbers. Reading
 * decodes from the keyframe before.
 *
 * Decoded objects are shared as the recorder's were: a CPU value is decoded once into one
 * object while it is in the cache (the UI and traceJson's stale-TLB cache compare by
 * identity), objects kept whole (a TLB state) are the recorder's, and reading a step twice
 * gives the same state.
 */

/** Values of one CPU between keyframes: bounds a read to this many deltas. */
const KEYFRAME_EVERY = 32;
/** Decoded states kept for identity and speed: a few steps around the UI's cursor. */
const CACHE = 16;

/* What a delta record sets; a record is [head, value], head = kind + 8 * (key + 256 * index). */
const NUM = 0; // cpu[key] = value
const BOOL = 1; // cpu[key] = value !== 0
const STR = 2; // cpu[key] = refs[value]
const ELEM = 3; // cpu[key][index] = value (an array of numbers: r0-r12)
const REF = 4; // cpu[key] = refs[value], null for -1 (an object kept whole: the TLB)
const MAX_KEYS = 256;

type Cpus = readonly CpuState[];
type Fields = Record<string, unknown>;

/** What StateStore keeps, as transferable arrays plus the objects it keeps whole. */
export interface StatesExport {
  readonly kernels: readonly KernelVars[];
  readonly allocs: readonly AllocatorState[];
  readonly keyframes: readonly CpuState[];
  readonly keys: readonly string[];
  /** Per step: its base (a distinct set of parts). */
  readonly baseOf: Int32Array;
  /** Per base: kernel number, allocator number, CPU-set number. */
  readonly bases: Int32Array;
  /** Per CPU set: where its CPU values start in setValues (they run to the next set's start). */
  readonly setStart: Int32Array;
  /** CPU value numbers, CPU by CPU, set by set. */
  readonly setValues: Int32Array;
  /** Per CPU value: its keyframe number, or -1 for a delta on valuePrev. */
  readonly valueKey: Int32Array;
  /** Per CPU value: the value it follows (the same CPU's), -1 for a CPU's first. */
  readonly valuePrev: Int32Array;
  /** Per CPU value: where its delta ends in `deltas` (it starts where the value before's ends). */
  readonly valueEnd: Int32Array;
  readonly deltas: Float64Array;
}

export class StateStore {
  private readonly kernels: KernelVars[] = [];
  private readonly allocs: AllocatorState[] = [];
  private readonly keyframes: CpuState[] = [];
  private readonly keys: string[] = [];
  private readonly keyIds = new Map<string, number>();
  private readonly baseOf = new Pool<Int32Array>(new Int32Array(0));
  private readonly bases = new Pool<Int32Array>(new Int32Array(0));
  private readonly setStart = new Pool<Int32Array>(new Int32Array(0));
  private readonly setValues = new Pool<Int32Array>(new Int32Array(0));
  private readonly valueKey = new Pool<Int32Array>(new Int32Array(0));
  private readonly valuePrev = new Pool<Int32Array>(new Int32Array(0));
  private readonly valueEnd = new Pool<Int32Array>(new Int32Array(0));
  private readonly deltas = new Pool<Float64Array>(new Float64Array(0));
  /** Recording: the last state, and per CPU slot its last value's number and deltas since a keyframe. */
  private last: MachineState | null = null;
  private lastValue: number[] = [];
  private sinceKeyframe: number[] = [];
  /** Per slot: its last value's keys (a delta needs the same), their numbers, and its values. */
  private shapes: { names: string[]; ids: number[]; values: unknown[] }[] = [];
  private readonly stateCache = new SlotCache<MachineState>(CACHE);
  private readonly cpusCache = new SlotCache<Cpus>(CACHE);
  /** Decoded CPU values by number, and their arrays by value * MAX_KEYS + key (value = the last to change it). */
  private readonly cpuCache = new SlotCache<CpuState>(CACHE * 2);
  private readonly arrayCache = new SlotCache<readonly number[]>(CACHE * 2);

  private readonly refs: Interner;
  private readonly freeze: boolean;

  constructor(refs: Interner, freeze: boolean) {
    this.refs = refs;
    this.freeze = freeze;
  }

  /** Stores the state of the next step. */
  append(state: MachineState): void {
    const last = this.last;
    if (
      !last ||
      last.kernel !== state.kernel ||
      last.alloc !== state.alloc ||
      last.cpus !== state.cpus
    ) {
      if (!last || last.kernel !== state.kernel) this.kernels.push(state.kernel);
      if (!last || last.alloc !== state.alloc) this.allocs.push(state.alloc);
      if (!last || last.cpus !== state.cpus) this.appendCpus(last?.cpus ?? [], state.cpus);
      this.bases.push(this.kernels.length - 1);
      this.bases.push(this.allocs.length - 1);
      this.bases.push(this.setStart.length - 1);
      this.last = state;
    }
    this.baseOf.push(this.bases.length / 3 - 1);
  }

  private appendCpus(prev: Cpus, next: Cpus): void {
    this.setStart.push(this.setValues.length);
    for (let slot = 0; slot < next.length; slot++) {
      const b = next[slot]!;
      const a = prev[slot];
      if (a !== b || this.lastValue[slot] === undefined) {
        const before = this.lastValue[slot] ?? -1;
        const mark = this.deltas.length;
        const since = this.sinceKeyframe[slot] ?? 0;
        if (a && before >= 0 && since < KEYFRAME_EVERY - 1 && this.encodeDelta(slot, b)) {
          this.sinceKeyframe[slot] = since + 1;
          this.valueKey.push(-1);
        } else {
          this.deltas.length = mark; // a delta begun and found not encodable
          // a value with more keys than records can name: the next value is a keyframe too
          this.sinceKeyframe[slot] = this.keyframeShape(slot, b) ? 0 : KEYFRAME_EVERY;
          this.valueKey.push(this.keyframes.push(b) - 1);
        }
        this.valuePrev.push(before);
        this.valueEnd.push(this.deltas.length);
        this.lastValue[slot] = this.valueEnd.length - 1;
      }
      this.setValues.push(this.lastValue[slot]!);
    }
    // a slot beyond the new set (fewer CPUs) starts afresh if it comes back
    this.lastValue.length = Math.min(this.lastValue.length, next.length);
  }

  private keyId(k: string): number {
    let id = this.keyIds.get(k);
    if (id === undefined) {
      id = this.keys.push(k) - 1;
      this.keyIds.set(k, id);
    }
    return id;
  }

  /** Appends the records that turn the slot's last value into `b`; false when they cannot. */
  private encodeDelta(slot: number, b: CpuState): boolean {
    const shape = this.shapes[slot]!;
    // the same keys in the same order (for-in reads them without building an array)
    if (!hasKeys(b, shape.names)) return false;
    const now = Object.values(b);
    const was = shape.values;
    for (let i = 0; i < now.length; i++) {
      const x = was[i];
      const y = now[i];
      if (Object.is(x, y)) continue;
      const key = shape.ids[i]!;
      if (typeof y === 'number') this.record(NUM, key, 0, y);
      else if (typeof y === 'boolean') this.record(BOOL, key, 0, y ? 1 : 0);
      else if (typeof y === 'string') this.record(STR, key, 0, this.refs.id(y));
      else if (y === null) this.record(REF, key, 0, -1);
      else if (Array.isArray(x) && Array.isArray(y) && this.elements(key, x, y)) continue;
      else if (typeof y === 'object') this.record(REF, key, 0, this.refs.id(y));
      else return false;
    }
    shape.values = now;
    return true;
  }

  private record(kind: number, key: number, index: number, value: number): void {
    const d = this.deltas;
    d.reserve(2);
    d.push(kind + 8 * (key + MAX_KEYS * index));
    d.push(value);
  }

  /** Records the elements that differ when both arrays hold numbers only; false (none) if not. */
  private elements(key: number, x: readonly unknown[], y: readonly unknown[]): boolean {
    if (x.length !== y.length) return false;
    const d = this.deltas;
    const mark = d.length;
    for (let j = 0; j < y.length; j++) {
      const v = y[j];
      if (typeof v !== 'number' || typeof x[j] !== 'number') {
        d.length = mark;
        return false;
      }
      if (!Object.is(x[j], v)) this.record(ELEM, key, j, v);
    }
    return true;
  }

  /** Notes a keyframe's keys and values, which the deltas after it are taken against. */
  private keyframeShape(slot: number, b: CpuState): boolean {
    const names = Object.keys(b);
    const ids = names.map((n) => this.keyId(n));
    this.shapes[slot] = { names, ids, values: Object.values(b) };
    return ids.every((id) => id < MAX_KEYS);
  }

  stateOf(index: number): MachineState {
    const hit = this.stateCache.get(index);
    if (hit) return hit;
    const b = this.baseOf.data[index - 1]! * 3;
    const parts = this.bases.data;
    const state: MachineState = {
      version: index,
      kernel: this.kernels[parts[b]!]!,
      alloc: this.allocs[parts[b + 1]!]!,
      cpus: this.cpusOf(parts[b + 2]!),
    };
    if (this.freeze) Object.freeze(state);
    this.stateCache.set(index, state);
    return state;
  }

  private cpusOf(set: number): Cpus {
    const hit = this.cpusCache.get(set);
    if (hit) return hit;
    const start = this.setStart.data[set]!;
    const end =
      set + 1 < this.setStart.length ? this.setStart.data[set + 1]! : this.setValues.length;
    const cpus: CpuState[] = [];
    for (let i = start; i < end; i++) cpus.push(this.cpuOf(this.setValues.data[i]!));
    if (this.freeze) Object.freeze(cpus);
    this.cpusCache.set(set, cpus);
    return cpus;
  }

  /** CPU value `v`: its keyframe with every delta after it applied. */
  private cpuOf(v: number): CpuState {
    const key = this.valueKey.data;
    if (key[v]! >= 0) return this.keyframes[key[v]!]!;
    const hit = this.cpuCache.get(v);
    if (hit) return hit;
    // back to a keyframe, or to a value decoded lately (reading steps in order decodes one delta)
    const chain: number[] = [];
    let k = v;
    let from: CpuState | undefined;
    while (!from) {
      chain.push(k);
      k = this.valuePrev.data[k]!;
      from = key[k]! >= 0 ? this.keyframes[key[k]!] : this.cpuCache.get(k);
    }
    const o: Fields = { ...(from as unknown as Fields) };
    // per array key: the value that last changed it (its copy is written in place after)
    let arrayAt: Map<number, number> | null = null;
    const d = this.deltas.data;
    const refs = this.refs.values;
    for (let c = chain.length - 1; c >= 0; c--) {
      const e = chain[c]!;
      for (let i = this.valueEnd.data[e - 1]!, end = this.valueEnd.data[e]!; i < end; i += 2) {
        let h = d[i]!;
        const kind = h % 8;
        h = (h - kind) / 8;
        const keyId = h % MAX_KEYS;
        const index = (h - keyId) / MAX_KEYS;
        const name = this.keys[keyId]!;
        const x = d[i + 1]!;
        if (kind === NUM) o[name] = x;
        else if (kind === BOOL) o[name] = x !== 0;
        else if (kind === STR) o[name] = refs[x];
        else if (kind === REF) {
          o[name] = x < 0 ? null : refs[x];
          arrayAt?.delete(keyId);
        } else {
          let arr = o[name] as number[];
          arrayAt ??= new Map();
          if (!arrayAt.has(keyId)) o[name] = arr = arr.slice();
          arr[index] = x;
          arrayAt.set(keyId, e);
        }
      }
    }
    // one object per (array, value that last changed it), as the recorder shared them
    for (const [keyId, e] of arrayAt ?? []) {
      const id = e * MAX_KEYS + keyId;
      const name = this.keys[keyId]!;
      const known = this.arrayCache.get(id);
      if (known) o[name] = known;
      else this.arrayCache.set(id, o[name] as number[]);
    }
    const cpu = o as unknown as CpuState;
    if (this.freeze) deepFreeze(cpu);
    this.cpuCache.set(v, cpu);
    return cpu;
  }

  /** Recording is over: trims the arrays. */
  seal(): void {
    this.keyIds.clear();
    this.last = null;
    this.lastValue = [];
    this.sinceKeyframe = [];
    this.shapes = [];
    this.forget();
    for (const p of [
      this.baseOf,
      this.bases,
      this.setStart,
      this.setValues,
      this.valueKey,
      this.valuePrev,
      this.valueEnd,
    ])
      p.trim();
    this.deltas.trim();
  }

  /** Drops what reading decoded (it is decoded again when read). */
  forget(): void {
    for (const c of [this.stateCache, this.cpusCache, this.cpuCache, this.arrayCache]) c.clear();
  }

  exportStates(): StatesExport {
    return {
      kernels: this.kernels,
      allocs: this.allocs,
      keyframes: this.keyframes,
      keys: this.keys,
      baseOf: this.baseOf.trimmed(),
      bases: this.bases.trimmed(),
      setStart: this.setStart.trimmed(),
      setValues: this.setValues.trimmed(),
      valueKey: this.valueKey.trimmed(),
      valuePrev: this.valuePrev.trimmed(),
      valueEnd: this.valueEnd.trimmed(),
      deltas: this.deltas.trimmed(),
    };
  }

  static fromExport(e: StatesExport, refs: Interner): StateStore {
    const s = new StateStore(refs, false);
    s.kernels.push(...e.kernels);
    s.allocs.push(...e.allocs);
    s.keyframes.push(...e.keyframes);
    s.keys.push(...e.keys);
    s.baseOf.adopt(e.baseOf);
    s.bases.adopt(e.bases);
    s.setStart.adopt(e.setStart);
    s.setValues.adopt(e.setValues);
    s.valueKey.adopt(e.valueKey);
    s.valuePrev.adopt(e.valuePrev);
    s.valueEnd.adopt(e.valueEnd);
    s.deltas.adopt(e.deltas);
    return s;
  }
}

/** The transferable buffers of an export. */
export function statesBuffers(e: StatesExport): ArrayBuffer[] {
  return [
    e.baseOf,
    e.bases,
    e.setStart,
    e.setValues,
    e.valueKey,
    e.valuePrev,
    e.valueEnd,
    e.deltas,
  ].map((a) => a.buffer as ArrayBuffer);
}
