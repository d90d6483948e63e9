import type { Instruction } from '../a32';
import { encodeInstruction } from '../a32';
import type { Listing } from '../../source/listing';

/**
 * A two-pass assembler for the simulator's own rendering of the kernel's HYP assembly: labels,
 * `.align`, literal loads (`ldr rX, =value`, pooled at `.ltorg` in first-use order, as gas does)
 * and PC-relative branches. It produces machine words at real addresses plus a listing whose
 * lines the trace points at.
 */
export interface AsmContext {
  /** Address of the instruction being assembled. */
  readonly addr: number;
  label(name: string): number;
  literal(value: number): number;
}

export type AsmItem =
  | { kind: 'label'; name: string; comment?: string }
  | {
      kind: 'insn';
      text: string;
      comment?: string;
      build: (ctx: AsmContext) => Instruction;
      literal?: number;
      why?: string;
    }
  | { kind: 'align'; bytes: number }
  | { kind: 'ltorg' }
  | { kind: 'space'; bytes: number; text: string }
  | { kind: 'comment'; text: string };

export interface Assembled {
  readonly base: number;
  readonly size: number;
  readonly words: ReadonlyMap<number, number>;
  readonly symbols: Readonly<Record<string, number>>;
  readonly listing: Listing;
  /** Address -> listing line, for every instruction and literal word. */
  readonly lineAt: ReadonlyMap<number, number>;
  /** Address -> why the instruction is there, in plain words. */
  readonly whyAt: ReadonlyMap<number, string>;
  /** Address -> the nearest label at or before it (the code region). */
  readonly regionAt: ReadonlyMap<number, string>;
}

const NOP = 0xe320f000;

export function assemble(
  id: string,
  file: string,
  func: string,
  base: number,
  items: readonly AsmItem[],
): Assembled {
  // pass 1: addresses of labels and literal pool slots
  const symbols: Record<string, number> = {};
  const poolOrder: number[] = [];
  const poolAddr = new Map<number, number>();
  let addr = base;
  let pending: number[] = [];
  for (const it of items) {
    switch (it.kind) {
      case 'label':
        symbols[it.name] = addr;
        break;
      case 'insn':
        if (it.literal !== undefined && !pending.includes(it.literal) && !poolAddr.has(it.literal))
          pending.push(it.literal);
        addr += 4;
        break;
      case 'align':
        addr = Math.ceil(addr / it.bytes) * it.bytes;
        break;
      case 'space':
        addr += it.bytes;
        break;
      case 'ltorg':
        for (const v of pending) {
          poolAddr.set(v, addr);
          poolOrder.push(v);
          addr += 4;
        }
        pending = [];
        break;
      case 'comment':
        break;
    }
  }
  if (pending.length) throw new Error(`${id}: literals without an .ltorg`);

  // pass 2: words and listing
  const words = new Map<number, number>();
  const lineAt = new Map<number, number>();
  const whyAt = new Map<number, string>();
  const regionAt = new Map<number, string>();
  let region = '';
  const lines: { tag: string | null; text: string }[] = [];
  const push = (text: string, at: number | null) => {
    if (at !== null) lineAt.set(at, lines.length);
    lines.push({ tag: at !== null ? `a${at.toString(16)}` : null, text });
  };
  addr = base;
  for (const it of items) {
    switch (it.kind) {
      case 'label':
        push(`${it.name}:${it.comment ? `\t\t@ ${it.comment}` : ''}`, null);
        region = it.name;
        break;
      case 'comment':
        push(`\t@ ${it.text}`, null);
        break;
      case 'insn': {
        const at = addr;
        const ctx: AsmContext = {
          addr: at,
          label(name) {
            const v = symbols[name];
            if (v === undefined) throw new Error(`${id}: unknown label ${name}`);
            return v;
          },
          literal(value) {
            const v = poolAddr.get(value);
            if (v === undefined) throw new Error(`${id}: literal ${value} not pooled`);
            return v;
          },
        };
        words.set(at, encodeInstruction(it.build(ctx)) >>> 0);
        if (it.why) whyAt.set(at, it.why);
        regionAt.set(at, region);
        push(`\t${it.text}${it.comment ? `\t\t@ ${it.comment}` : ''}`, at);
        addr += 4;
        break;
      }
      case 'align': {
        const next = Math.ceil(addr / it.bytes) * it.bytes;
        for (; addr < next; addr += 4) words.set(addr, NOP);
        break;
      }
      case 'space':
        for (let a = addr; a < addr + it.bytes; a += 4) words.set(a, NOP);
        push(`\t${it.text}`, null);
        addr += it.bytes;
        break;
      case 'ltorg':
        push('\t.ltorg\t\t\t@ literal pool', null);
        for (const v of poolOrder) {
          if (poolAddr.get(v)! < addr) continue;
          const at = poolAddr.get(v)!;
          if (at !== addr) continue;
          words.set(at, v >>> 0);
          push(`\t.word\t0x${(v >>> 0).toString(16).padStart(8, '0')}`, at);
          addr += 4;
        }
        break;
    }
  }
  return {
    base,
    size: addr - base,
    words,
    symbols,
    listing: { id, file, func, lines },
    lineAt,
    whyAt,
    regionAt,
  };
}
