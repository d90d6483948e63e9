import type { TlbEntry } from '../machine/cpuState';
import { hasKeys, type Interner, type Pool } from './pool';
import type { Access, FaultInfo, Walk, WalkLevel } from './types';

/*
 * A memory access and its table walk as numbers (the body of stepCodec's TAG_ACCESS record):
 * flags, the VA, then only the fields that are not null, a walk's levels with their 64-bit
 * descriptors as two 32-bit halves. TLB entries and faults are numbers in the Interner. An
 * access of another shape (keys, their order, types) is not encoded here: the caller keeps it
 * whole.
 */

const ACCESS_KEYS = [
  'type',
  'va',
  'mmu',
  'tlb',
  'tlbIndex',
  'tlbEntry',
  'walk',
  'pa',
  'fault',
  'observer',
  'value',
];
const WALK_KEYS = ['va', 'ttbr', 'levels', 'pa', 'fault', 'attrs', 'observer'];
const LEVEL_KEYS = ['level', 'index', 'tableAddr', 'descAddr', 'desc', 'kind'];
const FAULT_KEYS = ['type', 'level', 'fsc'];
const ACCESS_TYPES: readonly Access['type'][] = ['fetch', 'read', 'write'];
const TLB_USES: readonly Access['tlb'][] = ['hit', 'miss', 'off'];
const OBSERVERS: readonly Access['observer'][] = ['coherent', 'poc'];
const LEVEL_KINDS: readonly WalkLevel['kind'][] = ['invalid', 'table', 'block', 'page', 'reserved'];

/* Access flags: type (2 bits), tlb (2), observer, mmu, then a bit per field that is null. */
const F_OBSERVER = 1 << 4;
const F_MMU = 1 << 5;
const NULLABLE = ['tlbIndex', 'tlbEntry', 'walk', 'pa', 'fault', 'value'] as const;
const F_NULL = 1 << 6; // F_NULL << i: NULLABLE[i] is null
/* Walk flags: observer, then pa, fault, attrs null. */
const W_OBSERVER = 1;
const W_NO_PA = 2;
const W_NO_FAULT = 4;
const W_NO_ATTRS = 8;

/** A 64-bit value as two exact 32-bit halves (a double holds 53 bits). */
export function pushU64(p: Pool<Float64Array>, v: bigint): void {
  p.push(Number(v & 0xffffffffn));
  p.push(Number(v >> 32n));
}
const isU64 = (v: unknown): v is bigint => typeof v === 'bigint' && v >= 0n && v >> 64n === 0n;
export const u64 = (lo: number, hi: number) => (BigInt(hi) << 32n) | BigInt(lo);

/** A fault, the same number for the same content. */
function faultRef(refs: Interner, f: FaultInfo): number | null {
  if (!hasKeys(f, FAULT_KEYS) || typeof f.level !== 'number' || typeof f.fsc !== 'number')
    return null;
  return refs.idByKey(`fault ${f.type} ${f.level} ${f.fsc}`, f);
}

/** Appends an access's numbers; false (and partial output) when its shape is not the usual one. */
export function encodeAccess(p: Pool<Float64Array>, refs: Interner, a: Access): boolean {
  if (!hasKeys(a, ACCESS_KEYS) || typeof a.va !== 'number' || typeof a.mmu !== 'boolean')
    return false;
  const type = ACCESS_TYPES.indexOf(a.type);
  const tlb = TLB_USES.indexOf(a.tlb);
  const observer = OBSERVERS.indexOf(a.observer);
  if (type < 0 || tlb < 0 || observer < 0) return false;
  let flags = type | (tlb << 2) | (observer ? F_OBSERVER : 0) | (a.mmu ? F_MMU : 0);
  for (let i = 0; i < NULLABLE.length; i++) if (a[NULLABLE[i]!] === null) flags |= F_NULL << i;
  p.push(flags);
  p.push(a.va);
  if (a.tlbIndex !== null) {
    if (typeof a.tlbIndex !== 'number') return false;
    p.push(a.tlbIndex);
  }
  if (a.tlbEntry !== null) p.push(refs.id(a.tlbEntry));
  if (a.walk !== null && !encodeWalk(p, refs, a.walk)) return false;
  for (const v of [a.pa, a.value]) if (v !== null && typeof v !== 'number') return false;
  if (a.pa !== null) p.push(a.pa);
  if (a.fault !== null) {
    const f = faultRef(refs, a.fault);
    if (f === null) return false;
    p.push(f);
  }
  if (a.value !== null) p.push(a.value);
  return true;
}

function encodeWalk(p: Pool<Float64Array>, refs: Interner, w: Walk): boolean {
  if (!hasKeys(w, WALK_KEYS) || typeof w.va !== 'number' || typeof w.ttbr !== 'number')
    return false;
  const observer = OBSERVERS.indexOf(w.observer);
  if (observer < 0 || !Array.isArray(w.levels)) return false;
  const flags =
    (observer ? W_OBSERVER : 0) |
    (w.pa === null ? W_NO_PA : 0) |
    (w.fault === null ? W_NO_FAULT : 0) |
    (w.attrs === null ? W_NO_ATTRS : 0);
  p.push(flags);
  p.push(w.va);
  p.push(w.ttbr);
  p.push(w.levels.length);
  for (const l of w.levels) {
    const kind = LEVEL_KINDS.indexOf(l.kind);
    if (!hasKeys(l, LEVEL_KEYS) || kind < 0 || !isU64(l.desc)) return false;
    if (typeof l.index !== 'number' || typeof l.tableAddr !== 'number') return false;
    if (typeof l.level !== 'number' || typeof l.descAddr !== 'number') return false;
    p.push(l.level);
    p.push(l.index);
    p.push(l.tableAddr);
    p.push(l.descAddr);
    pushU64(p, l.desc);
    p.push(kind);
  }
  if (w.pa !== null) {
    if (typeof w.pa !== 'number') return false;
    p.push(w.pa);
  }
  if (w.fault !== null) {
    const f = faultRef(refs, w.fault);
    if (f === null) return false;
    p.push(f);
  }
  if (w.attrs !== null) {
    if (!isU64(w.attrs)) return false;
    pushU64(p, w.attrs);
  }
  return true;
}

/** The access whose numbers start at `at`. */
export function decodeAccess(d: Float64Array, at: number, refs: readonly unknown[]): Access {
  const flags = d[at]!;
  let i = at + 2;
  // bit n set: NULLABLE[n] is null
  const tlbIndex = flags & F_NULL ? null : d[i++]!;
  const tlbEntry = flags & (F_NULL << 1) ? null : (refs[d[i++]!] as TlbEntry);
  let walk: Walk | null = null;
  if (!(flags & (F_NULL << 2))) {
    const w = decodeWalk(d, i, refs);
    walk = w.walk;
    i = w.next;
  }
  const pa = flags & (F_NULL << 3) ? null : d[i++]!;
  const fault = flags & (F_NULL << 4) ? null : (refs[d[i++]!] as FaultInfo);
  const value = flags & (F_NULL << 5) ? null : d[i]!;
  return {
    type: ACCESS_TYPES[flags & 3]!,
    va: d[at + 1]!,
    mmu: (flags & F_MMU) !== 0,
    tlb: TLB_USES[(flags >> 2) & 3]!,
    tlbIndex,
    tlbEntry,
    walk,
    pa,
    fault,
    observer: OBSERVERS[flags & F_OBSERVER ? 1 : 0]!,
    value,
  };
}

function decodeWalk(
  d: Float64Array,
  at: number,
  refs: readonly unknown[],
): { walk: Walk; next: number } {
  const flags = d[at]!;
  const n = d[at + 3]!;
  let i = at + 4;
  const levels: WalkLevel[] = [];
  for (let k = 0; k < n; k++, i += 7)
    levels.push({
      level: d[i]! as WalkLevel['level'],
      index: d[i + 1]!,
      tableAddr: d[i + 2]!,
      descAddr: d[i + 3]!,
      desc: u64(d[i + 4]!, d[i + 5]!),
      kind: LEVEL_KINDS[d[i + 6]!]!,
    });
  const pa = flags & W_NO_PA ? null : d[i++]!;
  const fault = flags & W_NO_FAULT ? null : (refs[d[i++]!] as FaultInfo);
  let attrs: bigint | null = null;
  if (!(flags & W_NO_ATTRS)) {
    attrs = u64(d[i]!, d[i + 1]!);
    i += 2;
  }
  const walk: Walk = {
    va: d[at + 1]!,
    ttbr: d[at + 2]!,
    levels,
    pa,
    fault,
    attrs,
    observer: OBSERVERS[flags & W_OBSERVER]!,
  };
  return { walk, next: i };
}
