/*
 * The storage a packed step log is made of: growable typed arrays, a table of the few objects
 * and strings steps refer to by number, and a small recently-used cache for decoded values.
 */

export type PoolArray = Float64Array | Uint8Array | Int32Array;

/** A growable typed array. */
export class Pool<T extends PoolArray> {
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
  /** Takes over an array exported from another pool (a log moved between threads). */
  adopt(data: T): void {
    this.data = data;
    this.length = data.length;
  }
}

/**
 * Values that steps refer to by number: objects shared between steps (a TLB entry, a TLB
 * state), strings that repeat (register names, instruction texts) and the rare objects that
 * are kept as they are. Lookup tables exist only while recording.
 */
export class Interner {
  readonly values: unknown[];
  private ids: Map<unknown, number> | null = new Map();
  private keyed: Map<string, number> | null = new Map();

  constructor(values: unknown[] = []) {
    this.values = values;
  }

  /** The number of `v`, the same for the same object (or equal string) every time. */
  id(v: unknown): number {
    let id = this.ids!.get(v);
    if (id === undefined) {
      id = this.values.push(v) - 1;
      this.ids!.set(v, id);
    }
    return id;
  }

  /** The number of the first value stored under `key` (values equal in content, not identity). */
  idByKey(key: string, v: unknown): number {
    let id = this.keyed!.get(key);
    if (id === undefined) {
      id = this.values.push(v) - 1;
      this.keyed!.set(key, id);
    }
    return id;
  }

  /** Stores a value no other step refers to. */
  add(v: unknown): number {
    return this.values.push(v) - 1;
  }

  /** Recording is over: the lookup tables go (they repeat what `values` holds). */
  seal(): void {
    this.ids = null;
    this.keyed = null;
  }
}

/**
 * A cache of decoded values by number, one slot per number modulo its size: constant time,
 * no allocation, and reading a number again while the numbers read since map to other slots
 * (any `size` consecutive ones do) gives the same value.
 */
export class SlotCache<V> {
  private readonly keys: Float64Array;
  private readonly values: (V | undefined)[];
  constructor(size: number) {
    this.keys = new Float64Array(size).fill(-1);
    this.values = new Array<V | undefined>(size);
  }

  get(k: number): V | undefined {
    const i = k % this.keys.length;
    return this.keys[i] === k ? this.values[i] : undefined;
  }

  set(k: number, v: V): void {
    const i = k % this.keys.length;
    this.keys[i] = k;
    this.values[i] = v;
  }

  clear(): void {
    this.keys.fill(-1);
    this.values.fill(undefined);
  }
}

/** True when `o`'s own keys are exactly `keys`, in that order (what a decoder rebuilds). */
export function hasKeys(o: object, keys: readonly string[]): boolean {
  // for-in walks a plain object's keys in order without building an array; a key it
  // inherits (none, for an object literal) only makes the check fail: the value is kept whole
  let i = 0;
  for (const k in o) if (k !== keys[i++]) return false;
  return i === keys.length;
}

/** Freezes a decoded value and what it reaches (typed arrays excepted). */
export function deepFreeze(o: unknown): void {
  if (o === null || typeof o !== 'object' || Object.isFrozen(o) || ArrayBuffer.isView(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}
