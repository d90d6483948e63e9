import type { Step, Trace } from '../../engine/trace/types';
import { ghex } from './format';

/** One place "Go to" can jump to. */
export interface GoToMatch {
  readonly step: number;
  /** Why it matched, e.g. "data read of 0xffff_0fd0" or "in __kvm_hyp_init". */
  readonly why: string;
  readonly title: string;
}

export interface GoToResult {
  /** How the query was read: a step number, a VA or a name. */
  readonly kind: 'step' | 'va' | 'name' | 'empty';
  readonly matches: readonly GoToMatch[];
  /** Matches found in all (the list may be cut at MAX_MATCHES). */
  readonly count: number;
  /** Something to say when nothing matches or the query needs fixing. */
  readonly note: string | null;
}

export const MAX_MATCHES = 200;
const ACCESS_VERB = { fetch: 'instruction fetch', read: 'data read', write: 'data write' } as const;

/** "0xffff0000", "0xffff_0000" or eight bare hex digits "ffff0000" read as a VA. */
export function parseVa(text: string): number | null {
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const m = /^0x([0-9a-f]{1,8})$/.exec(t) ?? /^([0-9a-f]{8})$/.exec(t);
  return m ? parseInt(m[1]!, 16) : null;
}

function cut(all: GoToMatch[], kind: GoToResult['kind'], note: string | null): GoToResult {
  return { kind, matches: all.slice(0, MAX_MATCHES), count: all.length, note };
}

function byVa(trace: Trace, va: number): GoToResult {
  const exact: GoToMatch[] = [];
  const page: GoToMatch[] = [];
  for (const s of trace.steps) {
    for (const a of s.accesses) {
      const hit = va >= a.va && va < a.va + 4;
      const samePage = a.va >>> 12 === va >>> 12;
      if (!hit && !samePage) continue;
      const why = `${ACCESS_VERB[a.type]} of ${ghex(a.va)}${a.fault ? ' (fault)' : a.tlb === 'hit' ? ' (TLB hit)' : ''}`;
      (hit ? exact : page).push({ step: s.index, why, title: s.title });
      break;
    }
  }
  if (exact.length) return cut(exact, 'va', null);
  if (page.length)
    return cut(
      page,
      'va',
      `No step touches ${ghex(va)} itself; these touch its page ${ghex(va & ~0xfff)}.`,
    );
  return cut([], 'va', `No step touches ${ghex(va)} or its page.`);
}

function mnemonic(s: Step): string {
  return s.instruction ? s.instruction.text.split(/\s/)[0]!.toLowerCase() : '';
}

function byName(trace: Trace, query: string): GoToResult {
  const q = query.toLowerCase();
  const out: GoToMatch[] = [];
  for (const s of trace.steps) {
    const instr = s.instruction?.text ?? '';
    let why: string | null = null;
    if (mnemonic(s) === q || instr.toLowerCase().startsWith(q)) why = instr;
    else if (s.source.func.toLowerCase().includes(q)) why = `in ${s.source.func}`;
    else if (instr.toLowerCase().includes(q)) why = instr;
    else if (s.title.toLowerCase().includes(q)) why = 'title';
    if (why !== null) out.push({ step: s.index, why, title: s.title });
  }
  return cut(
    out,
    'name',
    out.length ? null : `No instruction, kernel function or step title contains "${query}".`,
  );
}

/**
 * Reads what was typed into "Go to": a step number, a VA (the steps whose accesses touch it)
 * or an instruction / kernel function name (the steps that run it).
 */
export function goToSearch(trace: Trace, text: string): GoToResult {
  const t = text.trim();
  if (!t) return { kind: 'empty', matches: [], count: 0, note: null };
  const total = trace.steps.length;
  if (/^[0-9]{1,9}$/.test(t)) {
    const n = Number(t);
    if (n < 1 || n > total)
      return cut([], 'step', `Step ${n} is not in this scenario (1 to ${total}).`);
    return cut([{ step: n, why: `step ${n}`, title: trace.steps[n - 1]!.title }], 'step', null);
  }
  const va = parseVa(t);
  if (va !== null) return byVa(trace, va);
  return byName(trace, t);
}
