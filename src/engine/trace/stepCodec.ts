import type { TlbEntry } from '../machine/cpuState';
import { decodeAccess, encodeAccess, pushU64, u64 } from './accessCodec';
import { hasKeys, type Interner, type Pool } from './pool';
import type { Access, Change, PgdName, Step } from './types';

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
const TAG_REGISTER = 4; // [tag, cpu, name ref, before, after] (see registerValue)
const TAG_TLB_HIT = 5; // [tag, cpu, index]
const TAG_TLB_FILL = 6; // [tag, cpu, index, entry ref, evicted ref or -1]
/** Tags from here on are not changes: changesOf stops at the first. */
const TAG_ACCESS = 10; // [tag, record length, ...the access (accessCodec.ts)]
const TAG_ACCESS_OBJECT = 11; // [tag, ref]
const TAG_INSTRUCTION = 12; // [tag, pc, word, text ref, executed]
const TAG_INSTRUCTION_OBJECT = 13; // [tag, ref]

const PGD_CODE: Readonly<Record<string, number>> = { null: 0, boot: 1, runtime: 2 };
const PGD_NAME: readonly (PgdName | null)[] = [null, 'boot', 'runtime'];

const REGISTER_KEYS = ['kind', 'cpu', 'name', 'before', 'after'];
const TLB_HIT_KEYS = ['kind', 'cpu', 'index'];
const TLB_FILL_KEYS = ['kind', 'cpu', 'index', 'entry', 'evicted'];
const INSTRUCTION_KEYS = ['pc', 'word', 'text', 'executed'];

const HEX32 = /^0x[0-9a-f]{8}$/;
const numbers = (...v: unknown[]) => v.every((x) => typeof x === 'number');

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
    const start = p.length;
    p.push(TAG_ACCESS);
    p.push(0); // the record's length, known at the end
    if (encodeAccess(p, refs, a)) p.data[start + 1] = p.length - start;
    else {
      p.length = start;
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
  } else if (c.kind === 'tlb-hit' && hasKeys(c, TLB_HIT_KEYS) && numbers(c.cpu, c.index)) {
    p.reserve(3);
    p.push(TAG_TLB_HIT);
    p.push(c.cpu);
    p.push(c.index);
  } else if (
    c.kind === 'tlb-fill' &&
    hasKeys(c, TLB_FILL_KEYS) &&
    numbers(c.cpu, c.index) &&
    c.entry
  ) {
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
    else if (tag === TAG_ACCESS) out.push(decodeAccess(d, i + 2, refs));
  }
  return out;
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
