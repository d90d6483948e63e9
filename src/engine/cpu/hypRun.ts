import { hex } from '../arch/hex';
import type { Config } from '../scenario/config';
import type { Recorder } from '../trace/recorder';
import type { Access, Phase, SourceRef } from '../trace/types';
import type { World } from '../trace/world';
import { MODE_BITS, type CpuState } from '../machine/cpuState';
import { conditionPasses } from './conditions';
import { execute, type ExecResult } from './execute';
import { decodeInstruction, disassemble } from './a32';
import { translate, type Translation } from './mmu';
import { FSC } from './walk';
import { lastDescriptorWrite, staleUse } from './causes';
import { HSR_EC_DABT_HYP, HSR_EC_HVC, HSR_EC_IABT_HYP, HSR_EC_UNKNOWN } from './program/constants';

/** What the simulator knows about the code at a physical address: its listing line and "why". */
export interface CodeInfo {
  source: SourceRef;
  why: string;
  /** Labels of the code region, for naming steps. */
  region: string;
}

export interface HypEnv {
  readonly rec: Recorder;
  readonly world: World;
  readonly config: Config;
  readonly codeAt: (pa: number) => CodeInfo | undefined;
  readonly unknownSource: SourceRef;
  /** Kernel VA that an ERET into means panic(). */
  readonly panicVa: number;
  /** panic()'s format strings by kernel VA (interrupts.S die strings). */
  readonly panicStrings?: ReadonlyMap<number, string>;
}

export type RunEnd =
  | { kind: 'returned'; step: number }
  | { kind: 'hang'; step: number; reason: string }
  | { kind: 'panic'; step: number; reason: string };

const VECTOR = {
  undefined: 0x04,
  hvcInHyp: 0x08,
  prefetchAbort: 0x0c,
  dataAbort: 0x10,
  hypTrap: 0x14,
} as const;
const HYP_CPSR = MODE_BITS.hyp | 0x1c0; // A, I, F masked on entry to Hyp mode
const MAX_HYP_STEPS = 3000;
/** Said wherever the CPU runs a word the simulator fills in for text it does not model. */
export const UNMODELLED =
  'On hardware other kernel text (or stale data) sits here, and what it does is unpredictable; the simulator fills such words with udf #0 so that the run stops visibly.';

export interface ExceptionSpec {
  name: string;
  offset: number;
  hsr: number;
  returnAddress: number;
  hifar?: number;
  hdfar?: number;
}

/** Architectural entry to Hyp mode (facts §4.3, §7). Returns a short description. */
export function enterHyp(cpu: CpuState, e: ExceptionSpec): CpuState {
  return {
    ...cpu,
    mode: 'hyp',
    spsrHyp: cpu.cpsr,
    elrHyp: e.returnAddress >>> 0,
    cpsr: ((cpu.cpsr & 0xf0000000) | HYP_CPSR) >>> 0,
    hsr: e.hsr >>> 0,
    hifar: e.hifar ?? cpu.hifar,
    hdfar: e.hdfar ?? cpu.hdfar,
    pc: (cpu.hvbar + e.offset) >>> 0,
  };
}

export function hvcHsr(imm16: number): number {
  return ((HSR_EC_HVC << 26) | (1 << 25) | imm16) >>> 0;
}

function abortHsr(ec: number, fsc: number, write = false): number {
  // IL (bit 25) is UNK/SBZP for aborts taken to Hyp mode on ARMv7: written as zero (facts §9)
  return ((ec << 26) | (write ? 1 << 6 : 0) | fsc) >>> 0;
}

const FAULT_WORDS: Record<string, string> = {
  translation: 'translation fault',
  'access-flag': 'access flag fault',
  permission: 'permission fault',
  alignment: 'alignment fault',
  external: 'external abort',
};

/**
 * Runs the CPU in Hyp mode, one step per instruction (plus one per exception taken), until it
 * ERETs to SVC, spins, loops on faults, panics, or exceeds the step budget.
 */
export function runHyp(env: HypEnv, cpuId: number, phaseOf: (region: string) => Phase): RunEnd {
  const { rec, world, config } = env;
  let lastException: { pc: number; name: string } | null = null;
  let firstFault: string | null = null;
  // the step a hang or panic shows at: the first fault, not the loop that follows it
  let firstFaultStep: number | null = null;
  const singleStep = config.design === 'single-step';
  const withCause = (what: string) => (firstFault ? `${firstFault}; then ${what}` : what);
  for (let n = 0; n < MAX_HYP_STEPS; n++) {
    const cpu = rec.state.cpus[cpuId]!;
    if (cpu.mode !== 'hyp') return { kind: 'returned', step: rec.steps.length };
    if (rec.full)
      return {
        kind: 'hang',
        step: rec.steps.length,
        reason: 'the simulator stopped: step limit reached',
      };
    const pc = cpu.pc;
    const fetch = outsideRam(
      config,
      translate(
        world,
        rec.version + 1,
        cpu,
        pc,
        'fetch',
        config.walkerCoherent,
        rec.steps.length + 1,
      ),
    );
    if (fetch.access.fault || fetch.access.pa === null) {
      const f = fetch.access.fault!;
      const code = env.codeAt(pc);
      rec.begin({
        phase: phaseOf(code?.region ?? 'unknown'),
        actor: 'HYP',
        cpu: cpuId,
        title: `Prefetch abort: fetch from ${hex(pc)} faults (${FAULT_WORDS[f.type]}, level ${f.level})`,
        why: `The instruction fetch at ${fetch.access.mmu ? `VA ${hex(pc)} cannot be translated through HTTBR ${hex(cpu.httbr)}` : `${hex(pc)} fails`}: ${describeWalkEnd(fetch.access)}.${walkCause(rec, fetch.access)} The CPU takes a prefetch abort to Hyp mode at HVBAR + 0x0c = ${hex(cpu.hvbar + VECTOR.prefetchAbort)}.`,
        source: code?.source ?? env.unknownSource,
      });
      rec.access({ ...fetch.access, value: null });
      const hsr = abortHsr(HSR_EC_IABT_HYP, f.fsc);
      rec.updateCpu(cpuId, (c) =>
        enterHyp(c, {
          name: 'prefetch abort',
          offset: VECTOR.prefetchAbort,
          hsr,
          returnAddress: pc,
          hifar: pc,
        }),
      );
      rec.change({
        kind: 'exception',
        cpu: cpuId,
        name: 'prefetch abort',
        vector: cpu.hvbar + VECTOR.prefetchAbort,
        hsr,
      });
      rec.commit();
      firstFault ??= `a prefetch abort at ${hex(pc)}: ${describeWalkEnd(fetch.access)}`;
      firstFaultStep ??= rec.steps.length;
      if (lastException && lastException.name === 'prefetch abort' && lastException.pc === pc) {
        return {
          kind: 'hang',
          step: firstFaultStep ?? rec.steps.length,
          reason: withCause(
            `a fault loop: the prefetch-abort vector ${hex(pc)} is itself untranslatable, so every attempt faults again (HSR ${hex(hsr, 8)}, HIFAR ${hex(pc)})`,
          ),
        };
      }
      lastException = { pc: cpu.hvbar + VECTOR.prefetchAbort, name: 'prefetch abort' };
      continue;
    }
    const pa = fetch.access.pa;
    const word = world.memory.read32(pa, rec.version + 1, fetch.access.observer);
    const insn = decodeInstruction(word);
    const code = env.codeAt(pa);
    const text = disassemble(insn, pc);
    const baseWhy =
      code?.why ??
      `The word at PA ${hex(pa)} is ${hex(word, 8)}: not code the simulator models. ${UNMODELLED}`;
    const notes: string[] = [];
    const note = (a: Omit<Access, 'value'>) => {
      const u = staleUse(
        world,
        rec.version,
        rec.state.cpus[cpuId]!,
        rec.state.kernel,
        a,
        singleStep,
      );
      if (u) notes.push(u.why);
      if (a.fault?.type === 'alignment')
        notes.push(
          `HSCTLR.A is set (phase 1 turned it on), so this unaligned word ${a.type} of ${hex(a.va)} takes an alignment fault before any translation: a data abort with fault status 0x21 and HDFAR = ${hex(a.va)}.`,
        );
    };
    note(fetch.access);
    rec.begin({
      phase: phaseOf(code?.region ?? 'unknown'),
      actor: 'HYP',
      cpu: cpuId,
      title: text,
      why: baseWhy,
      source: code?.source ?? env.unknownSource,
    });
    rec.access({ ...fetch.access, value: word });
    if (fetch.fill) {
      const entry = fetch.tlb.entries[fetch.fill.index]!;
      rec.change({
        kind: 'tlb-fill',
        cpu: cpuId,
        index: fetch.fill.index,
        entry,
        evicted: fetch.fill.evicted,
      });
    } else if (fetch.access.tlb === 'hit')
      rec.change({ kind: 'tlb-hit', cpu: cpuId, index: fetch.access.tlbIndex! });
    rec.updateCpu(cpuId, (c) => ({ ...c, tlb: fetch.tlb }));
    const passes = conditionPasses(insn.cond, rec.state.cpus[cpuId]!.cpsr);
    let result: ExecResult;
    if (!passes) {
      result = {
        effect: 'condition false: not executed',
        next: pc + 4,
        exception: null,
        stop: null,
      };
    } else {
      result = execute({
        rec,
        world,
        config,
        cpuId,
        pc,
        insn,
        panicVa: env.panicVa,
        ...(env.panicStrings ? { panicStrings: env.panicStrings } : {}),
        onAccess: note,
      });
    }
    rec.instruction({ pc, word, text, executed: passes });
    rec.retitle(
      `${text}${result.effect ? ` — ${result.effect}` : ''}`,
      notes.length ? `${baseWhy} ${notes.join(' ')}` : undefined,
    );
    if (result.exception) {
      const x = result.exception;
      const hsr =
        x.kind === 'undefined'
          ? abortHsr(HSR_EC_UNKNOWN, 0)
          : x.kind === 'data-abort'
            ? abortHsr(HSR_EC_DABT_HYP, x.fsc, x.write)
            : hvcHsr(x.imm16);
      const offset =
        x.kind === 'undefined'
          ? VECTOR.undefined
          : x.kind === 'data-abort'
            ? VECTOR.dataAbort
            : VECTOR.hvcInHyp;
      const name =
        x.kind === 'undefined'
          ? 'undefined instruction'
          : x.kind === 'data-abort'
            ? 'data abort'
            : 'HVC in Hyp mode';
      rec.updateCpu(cpuId, (c) =>
        enterHyp(c, {
          name,
          offset,
          hsr,
          returnAddress: pc,
          ...(x.kind === 'data-abort' ? { hdfar: x.va } : {}),
        }),
      );
      rec.change({ kind: 'exception', cpu: cpuId, name, vector: cpu.hvbar + offset, hsr });
      rec.retitle(
        `${text} — ${name}${x.kind === 'data-abort' ? ` at ${hex(x.va)}` : ''}: to HVBAR + ${hex(offset, 2)}`,
      );
      rec.commit();
      firstFaultStep ??= rec.steps.length;
      firstFault ??=
        code === undefined
          ? `a jump to ${hex(pc)} (PA ${hex(pa)}), bytes the init code never meant to run: on hardware other kernel text runs there and the result is unpredictable (the simulator stops at its filler word)`
          : `${name === 'undefined instruction' ? 'an undefined instruction' : `a ${name}`} at ${hex(pc)} (word ${hex(word, 8)})`;
      if (lastException && lastException.name === name && lastException.pc === pc) {
        return {
          kind: 'hang',
          step: firstFaultStep ?? rec.steps.length,
          reason: withCause(
            `an exception loop: the ${name} vector ${hex(pc)} raises the same exception again`,
          ),
        };
      }
      lastException = { pc: (cpu.hvbar + offset) >>> 0, name };
      continue;
    }
    if (result.next !== null) rec.updateCpu(cpuId, (c) => ({ ...c, pc: result.next! >>> 0 }));
    rec.commit();
    lastException = null;
    if (result.stop) return { ...result.stop, step: firstFaultStep ?? rec.steps.length };
    if (passes && insn.kind === 'b' && insn.offset === -8) {
      return {
        kind: 'hang',
        step: firstFaultStep ?? rec.steps.length,
        reason: withCause(`the CPU spins on "b ." at ${hex(pc)} forever`),
      };
    }
  }
  return {
    kind: 'hang',
    step: rec.steps.length,
    reason: `still running after ${MAX_HYP_STEPS} HYP instructions`,
  };
}

/** Says who left the descriptor a faulting walk read, and why the walker saw it that way. */
function walkCause(rec: Recorder, a: Omit<Access, 'value'>): string {
  const last = a.walk?.levels[a.walk.levels.length - 1];
  if (!last || a.walk?.fault?.type !== 'translation') return '';
  const w = lastDescriptorWrite(rec, last.descAddr);
  if (!w) return ' No step of this trace ever wrote that entry: nothing maps this address.';
  const who = `step ${w.step} (${rec.steps[w.step - 1]!.title})`;
  if (w.after === last.desc)
    return ` It was last written at ${who}: the tables really hold no mapping there.`;
  return ` PL1 wrote ${hex(w.after, 16)} there at ${who}, but that line is still dirty in the data cache and this walker reads the PoC, which still holds the old value.`;
}

/**
 * A fetch that translates to a PA where the modelled system has no RAM: hypstep takes a
 * synchronous external abort (FSC 0x10) there; what a real bus returns is system specific [I].
 */
function outsideRam(config: Config, t: Translation): Translation {
  const pa = t.access.pa;
  if (t.access.fault || pa === null) return t;
  if (pa >= config.ramBase && pa < config.ramBase + config.ramSize) return t;
  return {
    ...t,
    access: { ...t.access, pa: null, fault: { type: 'external', level: 0, fsc: FSC.external } },
  };
}

function describeWalkEnd(a: Omit<Access, 'value'>): string {
  if (a.fault?.type === 'external')
    return `it ${a.mmu ? 'translates' : 'goes, with the HYP MMU off,'} to a physical address where this system has no RAM: a synchronous external abort (fault status 0x10; what a real bus returns there is system specific [I])`;
  if (a.tlb === 'hit') return 'the TLB entry forbids it';
  const w = a.walk;
  if (!w) return 'no walk';
  const last = w.levels[w.levels.length - 1];
  if (!last) return 'no walk';
  if (w.fault?.type === 'translation')
    return `the level-${last.level} entry at ${hex(last.descAddr)} reads ${hex(last.desc, 16)} (${last.kind})${a.observer === 'poc' ? ' as the walker sees memory at the PoC' : ''}`;
  return `${FAULT_WORDS[w.fault?.type ?? 'translation']} at level ${last.level}`;
}

/** Enters Hyp mode for an HVC executed at PL1 (SVC): vector HVBAR + 0x14, HSR.EC = 0x12. */
export function takeHvcFromSvc(
  rec: Recorder,
  cpuId: number,
  hvcAddress: number,
  imm16: number,
): void {
  const hsr = hvcHsr(imm16);
  rec.updateCpu(cpuId, (c) =>
    enterHyp(c, { name: 'hyp trap', offset: VECTOR.hypTrap, hsr, returnAddress: hvcAddress + 4 }),
  );
  const cpu = rec.state.cpus[cpuId]!;
  rec.change({ kind: 'exception', cpu: cpuId, name: 'HVC', vector: cpu.pc, hsr });
}
