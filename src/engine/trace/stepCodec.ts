import type { TlbEntry } from '../machine/cpuState';
import { hasKeys, type Interner, type Pool } from './pool';
import type { Access, Change, FaultInfo, PgdName, Step, Walk, WalkLevel } from './types';

/*
 * A step's changes, memory accesses and instruction as numbers in one Float64 pool: each is
 * a record that starts with its tag. What is not a number (a TLB entry, a register's name, an
 * instruction's text, a fault) is a number in the log's Interner. A value whose shape is not
 * the one a decoder rebuilds (its keys, in their order, and its types) is kept whole
 * (TAG_OBJECT and the like): decoding gives back exactly what was recorded, either way.
 */

type Instruction = NonNullable<Step['instruction']>;

const TAG_OBJECT = 0; // [tag, ref]: a change kept whole
const TAG_DESCRIPTOR = 1; // [tag, pgd, level, index, pa, before lo, hi, after lo, hi]
const TAG_REFCOUNT = 2; // [tag, pa, before, after]
const TAG_CLEAN = 3; // [tag, pa, length, n, ...n lines]
const TAG_REGISTER = 4; // [tag, cpu, name ref, before, after] (see encodeRegisterValue)
const TAG_TLB_HIT = 5; // [tag, cpu, index]
const TAG_TLB_FILL = 6; // [tag, cpu, index, entry ref, evicted ref or -1]
/** Tags from here on are not changes: changesOf stops at the first. */
const TAG_ACCESS = 10; // [tag, record length, flags, va, the fields flags say are not null...]
const TAG_ACCESS_OBJECT = 11; // [tag, ref]
const TAG_INSTRUCTION = 12; // [tag, pc, word, text ref, executed]
const TAG_INSTRUCTION_OBJECT = 13; // [tag, ref]

const PGD_CODE: Readonly<Record<string, number>> = { null: 0, boot: 1, runtime: 2 };
const PGD_NAME: readonly (PgdName | null)[] = [null, 'boot', 'runtime'];

const REGISTER_KEYS = ['kind', 'cpu', 'name', 'before', 'after'];
const TLB_HIT_KEYS = ['kind', 'cpu', 'index'];
const TLB_FILL_KEYS = ['kind', 'cpu', 'index', 'entry', 'evicted'];
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
const INSTRUCTION_KEYS = ['pc', 'word', 'text', 'executed'];

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

const HEX32 = /^0x[0-9a-f]{8}$/;

/** Appends one step's records. */
export function encodeStep(
  p: Pool<Float64Array>,
  refs: Interner,
  changes: readonly Change[],
  accesses: readonly Access[],
  instruction: Step['instruction'],
): void {
  for (const c of changes) encodeChange(p, refs, c);
  for (const a of accesses) {
    const mark = p.length;
    if (!encodeAccess(p, refs, a)) {
      p.length = mark;
      p.push(TAG_ACCESS_OBJECT);
      p.push(refs.add(a));
    }
  }
  if (!instruction) return;
  const i = instruction;
  if (
    hasKeys(i, INSTRUCTION_KEYS) &&
    typeof i.pc === 'number' &&
    typeof i.word === 'number' &&
    typeof i.text === 'string' &&
    typeof i.executed === 'boolean'
  ) {
    p.reserve(5);
    p.push(TAG_INSTRUCTION);
    p.push(i.pc);
    p.push(i.word);
    p.push(refs.id(i.text));
    p.push(i.executed ? 1 : 0);
  } else {
    p.push(TAG_INSTRUCTION_OBJECT);
    p.push(refs.add(i));
  }
}

/** A 64-bit value as two exact 32-bit halves (a double holds 53 bits). */
function pushU64(p: Pool<Float64Array>, v: bigint): void {
  p.push(Number(v & 0xffffffffn));
  p.push(Number(v >> 32n));
}
const isU64 = (v: unknown): v is bigint => typeof v === 'bigint' && v >= 0n && v >> 64n === 0n;
const u64 = (lo: number, hi: number) => (BigInt(hi) << 32n) | BigInt(lo);

/** A register's shown value: 8 hex digits as a number, anything else as -(string ref + 1). */
function registerValue(refs: Interner, s: string): number {
  return HEX32.test(s) ? parseInt(s.slice(2), 16) : -refs.id(s) - 1;
}
function registerText(refs: readonly unknown[], v: number): string {
  return v >= 0 ? `0x${v.toString(16).padStart(8, '0')}` : (refs[-v - 1] as string);
}

function encodeChange(p: Pool<Float64Array>, refs: Interner, c: Change): void {
  if (c.kind === 'descriptor' && String(c.pgd) in PGD_CODE) {
    p.reserve(9);
    p.push(TAG_DESCRIPTOR);
    p.push(PGD_CODE[String(c.pgd)]!);
    p.push(c.level);
    p.push(c.index);
    p.push(c.pa);
    pushU64(p, c.before);
    pushU64(p, c.after);
  } else if (c.kind === 'refcount') {
    p.reserve(4);
    p.push(TAG_REFCOUNT);
    p.push(c.pa);
    p.push(c.before);
    p.push(c.after);
  } else if (c.kind === 'cache-clean') {
    p.reserve(4 + c.lines.length);
    p.push(TAG_CLEAN);
    p.push(c.pa);
    p.push(c.length);
    p.push(c.lines.length);
    for (const l of c.lines) p.push(l);
  } else if (
    c.kind === 'register' &&
    hasKeys(c, REGISTER_KEYS) &&
    typeof c.cpu === 'number' &&
    typeof c.name === 'string' &&
    typeof c.before === 'string' &&
    typeof c.after === 'string'
  ) {
    p.reserve(5);
    p.push(TAG_REGISTER);
    p.push(c.cpu);
    p.push(refs.id(c.name));
    p.push(registerValue(refs, c.before));
    p.push(registerValue(refs, c.after));
  } else if (c.kind === 'tlb-hit' && hasKeys(c, TLB_HIT_KEYS)) {
    p.reserve(3);
    p.push(TAG_TLB_HIT);
    p.push(c.cpu);
    p.push(c.index);
  } else if (c.kind === 'tlb-fill' && hasKeys(c, TLB_FILL_KEYS) && c.entry) {
    p.reserve(5);
    p.push(TAG_TLB_FILL);
    p.push(c.cpu);
    p.push(c.index);
    p.push(refs.id(c.entry));
    p.push(c.evicted ? refs.id(c.evicted) : -1);
  } else {
    p.push(TAG_OBJECT);
    p.push(refs.add(c));
  }
}

/** A fault, the same number for the same content. */
function faultRef(refs: Interner, f: FaultInfo): number | null {
  if (!hasKeys(f, FAULT_KEYS) || typeof f.level !== 'number' || typeof f.fsc !== 'number')
    return null;
  return refs.idByKey(`fault ${f.type} ${f.level} ${f.fsc}`, f);
}

/** Appends an access record; false (and partial output) when its shape is not the usual one. */
function encodeAccess(p: Pool<Float64Array>, refs: Interner, a: Access): boolean {
  if (!hasKeys(a, ACCESS_KEYS) || typeof a.va !== 'number' || typeof a.mmu !== 'boolean')
    return false;
  const type = ACCESS_TYPES.indexOf(a.type);
  const tlb = TLB_USES.indexOf(a.tlb);
  const observer = OBSERVERS.indexOf(a.observer);
  if (type < 0 || tlb < 0 || observer < 0) return false;
  let flags = type | (tlb << 2) | (observer ? F_OBSERVER : 0) | (a.mmu ? F_MMU : 0);
  NULLABLE.forEach((k, i) => {
    if (a[k] === null) flags |= F_NULL << i;
  });
  const start = p.length;
  p.push(TAG_ACCESS);
  p.push(0); // the record's length, known at the end
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
  p.data[start + 1] = p.length - start;
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

/** How many numbers the record at `i` takes. */
function recordLength(d: Float64Array, i: number): number {
  switch (d[i]) {
    case TAG_DESCRIPTOR:
      return 9;
    case TAG_REFCOUNT:
      return 4;
    case TAG_CLEAN:
      return 4 + d[i + 3]!;
    case TAG_REGISTER:
    case TAG_TLB_FILL:
    case TAG_INSTRUCTION:
      return 5;
    case TAG_TLB_HIT:
      return 3;
    case TAG_ACCESS:
      return d[i + 1]!;
    default:
      return 2;
  }
}

export function decodeChanges(
  d: Float64Array,
  start: number,
  end: number,
  refs: readonly unknown[],
): Change[] {
  const out: Change[] = [];
  for (let i = start; i < end && d[i]! < TAG_ACCESS; i += recordLength(d, i)) {
    const tag = d[i]!;
    if (tag === TAG_DESCRIPTOR)
      out.push({
        kind: 'descriptor',
        pgd: PGD_NAME[d[i + 1]!]!,
        level: d[i + 2]! as 1 | 2 | 3,
        index: d[i + 3]!,
        pa: d[i + 4]!,
        before: u64(d[i + 5]!, d[i + 6]!),
        after: u64(d[i + 7]!, d[i + 8]!),
      });
    else if (tag === TAG_REFCOUNT)
      out.push({ kind: 'refcount', pa: d[i + 1]!, before: d[i + 2]!, after: d[i + 3]! });
    else if (tag === TAG_CLEAN)
      out.push({
        kind: 'cache-clean',
        pa: d[i + 1]!,
        length: d[i + 2]!,
        lines: Array.from(d.subarray(i + 4, i + 4 + d[i + 3]!)),
      });
    else if (tag === TAG_REGISTER)
      out.push({
        kind: 'register',
        cpu: d[i + 1]!,
        name: refs[d[i + 2]!] as string,
        before: registerText(refs, d[i + 3]!),
        after: registerText(refs, d[i + 4]!),
      });
    else if (tag === TAG_TLB_HIT) out.push({ kind: 'tlb-hit', cpu: d[i + 1]!, index: d[i + 2]! });
    else if (tag === TAG_TLB_FILL)
      out.push({
        kind: 'tlb-fill',
        cpu: d[i + 1]!,
        index: d[i + 2]!,
        entry: refs[d[i + 3]!] as TlbEntry,
        evicted: d[i + 4]! < 0 ? null : (refs[d[i + 4]!] as TlbEntry),
      });
    else out.push(refs[d[i + 1]!] as Change);
  }
  return out;
}

/** The index of the first record at or after `start` that is not a change. */
function afterChanges(d: Float64Array, start: number, end: number): number {
  let i = start;
  while (i < end && d[i]! < TAG_ACCESS) i += recordLength(d, i);
  return i;
}

export function decodeAccesses(
  d: Float64Array,
  start: number,
  end: number,
  refs: readonly unknown[],
): Access[] {
  const out: Access[] = [];
  for (let i = afterChanges(d, start, end); i < end; i += recordLength(d, i)) {
    const tag = d[i]!;
    if (tag === TAG_ACCESS_OBJECT) out.push(refs[d[i + 1]!] as Access);
    else if (tag === TAG_ACCESS) out.push(decodeAccess(d, i, refs));
  }
  return out;
}

function decodeAccess(d: Float64Array, at: number, refs: readonly unknown[]): Access {
  const flags = d[at + 2]!;
  let i = at + 4;
  const has = (k: (typeof NULLABLE)[number]) => (flags & (F_NULL << NULLABLE.indexOf(k))) === 0;
  const tlbIndex = has('tlbIndex') ? d[i++]! : null;
  const tlbEntry = has('tlbEntry') ? (refs[d[i++]!] as TlbEntry) : null;
  let walk: Walk | null = null;
  if (has('walk')) {
    const w = decodeWalk(d, i, refs);
    walk = w.walk;
    i = w.next;
  }
  const pa = has('pa') ? d[i++]! : null;
  const fault = has('fault') ? (refs[d[i++]!] as FaultInfo) : null;
  const value = has('value') ? d[i]! : null;
  return {
    type: ACCESS_TYPES[flags & 3]!,
    va: d[at + 3]!,
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

export function decodeInstruction(
  d: Float64Array,
  start: number,
  end: number,
  refs: readonly unknown[],
): Step['instruction'] {
  for (let i = afterChanges(d, start, end); i < end; i += recordLength(d, i)) {
    const tag = d[i]!;
    if (tag === TAG_INSTRUCTION_OBJECT) return refs[d[i + 1]!] as Instruction;
    if (tag === TAG_INSTRUCTION)
      return {
        pc: d[i + 1]!,
        word: d[i + 2]!,
        text: refs[d[i + 3]!] as string,
        executed: d[i + 4]! !== 0,
      };
  }
  return null;
}

/** The values among a step's records that were kept whole (not packed): for tests. */
export function keptWhole(
  d: Float64Array,
  start: number,
  end: number,
  refs: readonly unknown[],
): unknown[] {
  const out: unknown[] = [];
  for (let i = start; i < end; i += recordLength(d, i)) {
    const tag = d[i]!;
    if (tag === TAG_OBJECT || tag === TAG_ACCESS_OBJECT || tag === TAG_INSTRUCTION_OBJECT)
      out.push(refs[d[i + 1]!]);
  }
  return out;
}
