import type { AllocatorState } from '../machine/allocatorState';
import type { CpuState, TlbEntry } from '../machine/cpuState';
import type { Config } from '../scenario/config';
import type { Layout } from '../scenario/layout';
import type { World } from './world';

export type Phase = 'pl1-setup' | 'hyp-phase1' | 'hyp-phase2' | 'runtime' | 'hotplug' | 'teardown';
export const PHASES: readonly Phase[] = [
  'pl1-setup',
  'hyp-phase1',
  'hyp-phase2',
  'runtime',
  'hotplug',
  'teardown',
];
export type Actor = 'PL1' | 'HYP';

/** Where a step comes from: a line of the simulator's own paraphrase of a kernel file. */
export interface SourceRef {
  readonly file: string;
  readonly func: string;
  /** Id of the listing (see source/listings.ts) and the 0-based line in it. */
  readonly listing: string;
  readonly line: number;
  readonly text: string;
}

export type PgdName = 'boot' | 'runtime';

/** The kernel's own variables that HYP init revolves around (mmu.c, arm.c). */
export interface KernelVars {
  readonly bootPgd: number | null; // PA of boot_hyp_pgd
  readonly hypPgd: number | null; // PA of hyp_pgd
  readonly bounce: number | null; // PA of init_bounce_page
  readonly idmapStart: number;
  readonly idmapEnd: number;
  readonly idmapVector: number;
  readonly stackPages: readonly (number | null)[]; // kernel VA per CPU
  readonly hypDefaultVectors: number | null;
  readonly online: readonly boolean[];
  readonly messages: readonly string[];
}

export interface MachineState {
  /** Version of the world (memory, refcounts, page owners) this state reads. Equals the step index. */
  readonly version: number;
  readonly kernel: KernelVars;
  readonly alloc: AllocatorState;
  readonly cpus: readonly CpuState[];
}

export interface WalkLevel {
  readonly level: 1 | 2 | 3;
  readonly index: number;
  readonly tableAddr: number;
  readonly descAddr: number;
  readonly desc: bigint;
  readonly kind: 'invalid' | 'table' | 'block' | 'page' | 'reserved';
}

export interface FaultInfo {
  readonly type: 'translation' | 'access-flag' | 'permission' | 'alignment' | 'external';
  readonly level: 0 | 1 | 2 | 3;
  /** Fault status code (IFSC/DFSC), long-descriptor format. */
  readonly fsc: number;
}

export interface Walk {
  readonly va: number;
  readonly ttbr: number;
  readonly levels: readonly WalkLevel[];
  readonly pa: number | null;
  readonly fault: FaultInfo | null;
  readonly attrs: bigint | null;
  readonly observer: 'coherent' | 'poc';
}

/** One memory access the HYP CPU made in a step, as the MMU handled it. */
export interface Access {
  readonly type: 'fetch' | 'read' | 'write';
  readonly va: number;
  readonly mmu: boolean; // HSCTLR.M at the time
  readonly tlb: 'hit' | 'miss' | 'off';
  readonly tlbIndex: number | null;
  /** The TLB entry this access hit, or the one its walk filled. */
  readonly tlbEntry: TlbEntry | null;
  readonly walk: Walk | null;
  readonly pa: number | null;
  readonly fault: FaultInfo | null;
  readonly value: number | null;
  readonly observer: 'coherent' | 'poc';
}

export type Change =
  | { readonly kind: 'alloc'; readonly what: string; readonly pa: number; readonly size: number }
  | { readonly kind: 'alloc-failed'; readonly what: string; readonly reason: string }
  | { readonly kind: 'free'; readonly what: string; readonly pa: number; readonly size: number }
  | {
      readonly kind: 'descriptor';
      readonly pgd: PgdName | null;
      readonly level: 1 | 2 | 3;
      readonly index: number;
      readonly pa: number;
      readonly before: bigint;
      readonly after: bigint;
    }
  | {
      readonly kind: 'refcount';
      readonly pa: number;
      readonly before: number;
      readonly after: number;
    }
  | {
      readonly kind: 'cache-clean';
      readonly pa: number;
      readonly length: number;
      readonly lines: readonly number[];
    }
  | { readonly kind: 'memory'; readonly pa: number; readonly length: number; readonly what: string }
  | {
      readonly kind: 'kernel-var';
      readonly name: string;
      readonly before: string;
      readonly after: string;
    }
  | {
      readonly kind: 'register';
      readonly cpu: number;
      readonly name: string;
      readonly before: string;
      readonly after: string;
    }
  | {
      readonly kind: 'tlb-fill';
      readonly cpu: number;
      readonly index: number;
      readonly entry: TlbEntry;
      readonly evicted: TlbEntry | null;
    }
  | { readonly kind: 'tlb-hit'; readonly cpu: number; readonly index: number }
  | { readonly kind: 'tlb-invalidate'; readonly cpu: number; readonly dropped: readonly TlbEntry[] }
  | {
      readonly kind: 'exception';
      readonly cpu: number;
      readonly name: string;
      readonly vector: number;
      readonly hsr: number | null;
    }
  | { readonly kind: 'message'; readonly level: 'info' | 'err'; readonly text: string };

export interface Step {
  readonly index: number; // 1-based, the same N as the UI, the URL and the CLI
  readonly phase: Phase;
  readonly actor: Actor;
  readonly cpu: number;
  readonly title: string;
  /** Why the step exists: what would go wrong without it. */
  readonly why: string;
  readonly source: SourceRef;
  readonly changes: readonly Change[];
  readonly state: MachineState;
  /** The instruction a HYP step executed, with its address (a VA when the MMU is on). */
  readonly instruction: {
    readonly pc: number;
    readonly word: number;
    readonly text: string;
    readonly executed: boolean;
  } | null;
  readonly accesses: readonly Access[];
}

export type OutcomeKind = 'success' | 'hang' | 'panic' | 'init-error' | 'corruption' | 'leak';

export interface Outcome {
  readonly kind: OutcomeKind;
  /** One line, plain words. */
  readonly summary: string;
  readonly detail: string;
  /** The step at which the outcome shows (1-based). */
  readonly step: number;
}

/** A key moment of the story, marked by the engine so the UI, the talk mode and the CLI agree. */
export type MomentKind =
  'mmu-on' | 'trampoline-jump' | 'httbr-switch' | 'tlbiallh' | 'return-svc' | 'consequence';

export interface KeyMoment {
  /** 1-based step index, the same N as Step.index. */
  readonly step: number;
  readonly cpu: number;
  readonly kind: MomentKind;
  /** Short label for a timeline marker, e.g. "CPU0 MMU on". */
  readonly label: string;
}

export interface Trace {
  readonly config: Config;
  readonly layout: Layout;
  readonly world: World;
  readonly initial: MachineState;
  readonly steps: readonly Step[];
  readonly outcome: Outcome;
  /** Key moments in step order (see MomentKind). */
  readonly moments: readonly KeyMoment[];
}

export type { CpuState, TlbEntry };
