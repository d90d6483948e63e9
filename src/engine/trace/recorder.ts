import type { CpuState } from '../machine/cpuState';
import type { Access, Actor, Change, MachineState, Phase, SourceRef, Step } from './types';
import { deepFreeze } from './pool';
import { PackedStep, registerLog, StepLog } from './stepLog';
import type { World } from './world';

export interface StepMeta {
  phase: Phase;
  actor: Actor;
  cpu: number;
  title: string;
  why: string;
  source: SourceRef;
}

/** How often (in committed steps) the progress listener hears from a recorder. */
export const PROGRESS_EVERY = 4096;
let progressListener: ((steps: number) => void) | null = null;

/**
 * Hears every PROGRESS_EVERY-th committed step of any recorder in this thread: the simulation
 * worker's progress bar. It only observes; the trace does not depend on it.
 */
export function setProgressListener(listener: ((steps: number) => void) | null): void {
  progressListener = listener;
}

/**
 * Builds the trace as a fold: each step starts from the last committed state, writes the
 * world at its own version (= its 1-based index) and commits an immutable snapshot that shares
 * every unchanged part with the previous one.
 */
export class Recorder {
  readonly steps: Step[] = [];
  private current: MachineState;
  private pending: {
    meta: StepMeta;
    changes: Change[];
    accesses: Access[];
    instruction: Step['instruction'];
  } | null = null;

  readonly world: World;
  readonly initial: MachineState;
  private readonly maxSteps: number;
  private readonly freeze: boolean;
  /** Where packed steps keep what they share and what they changed (null: plain steps). */
  private readonly log: StepLog | null;

  /**
   * `packed` (the default) stores steps compactly (stepLog.ts); plain steps are the reference
   * the packed form is tested against.
   */
  constructor(
    world: World,
    initial: MachineState,
    maxSteps: number,
    freeze = false,
    packed = true,
  ) {
    this.world = world;
    this.initial = initial;
    this.maxSteps = maxSteps;
    this.freeze = freeze;
    this.current = initial;
    this.log = packed ? new StepLog(freeze) : null;
    if (this.log) registerLog(this.steps, this.log);
  }

  /** The version a step being built writes at (its index), or the last one when none is open. */
  get version(): number {
    return this.pending ? this.steps.length + 1 : this.steps.length;
  }

  get state(): MachineState {
    return this.current;
  }

  get full(): boolean {
    return this.steps.length >= this.maxSteps;
  }

  begin(meta: StepMeta): void {
    if (this.pending) throw new Error(`step "${this.pending.meta.title}" still open`);
    this.pending = { meta, changes: [], accesses: [], instruction: null };
    this.current = { ...this.current, version: this.steps.length + 1 };
  }

  /** Amends the open step's title or explanation once its effect is known. */
  retitle(title: string, why?: string): void {
    if (!this.pending) throw new Error('no open step');
    this.pending.meta = { ...this.pending.meta, title, ...(why !== undefined ? { why } : {}) };
  }

  change(c: Change): void {
    if (!this.pending) throw new Error('change outside a step');
    this.pending.changes.push(c);
  }

  access(a: Access): void {
    if (!this.pending) throw new Error('access outside a step');
    this.pending.accesses.push(a);
  }

  instruction(i: NonNullable<Step['instruction']>): void {
    if (!this.pending) throw new Error('instruction outside a step');
    this.pending.instruction = i;
  }

  update(fn: (s: MachineState) => MachineState): void {
    this.current = fn(this.current);
  }

  updateCpu(id: number, fn: (c: CpuState) => CpuState): void {
    this.update((s) => {
      const before = s.cpus[id];
      if (!before) throw new Error(`no CPU ${id}`);
      const after = fn(before);
      if (after === before) return s;
      const cpus = s.cpus.slice();
      cpus[id] = after;
      return { ...s, cpus };
    });
  }

  commit(): Step {
    const p = this.pending;
    if (!p) throw new Error('no open step');
    const index = this.steps.length + 1;
    let step: Step;
    if (this.log) {
      this.log.append(p.meta, p.changes, p.accesses, p.instruction, this.current);
      step = new PackedStep(this.log, index);
      if (this.freeze) {
        // the log is shared and still growing: freeze what the step holds, not the log
        deepFreeze(this.current);
        deepFreeze(p.changes);
        deepFreeze(p.accesses);
        deepFreeze(p.instruction);
        Object.freeze(step);
      }
    } else {
      step = {
        index,
        ...p.meta,
        changes: p.changes,
        accesses: p.accesses,
        instruction: p.instruction,
        state: this.current,
      };
      if (this.freeze) deepFreeze(step);
    }
    this.steps.push(step);
    this.pending = null;
    if (progressListener && step.index % PROGRESS_EVERY === 0) progressListener(step.index);
    return step;
  }

  /** Ends recording: trims what the packed steps keep. */
  seal(): void {
    this.log?.seal();
  }

  /** begin + body + commit, for steps whose body is straight-line. */
  step<T>(meta: StepMeta, body: () => T): T {
    this.begin(meta);
    const r = body();
    this.commit();
    return r;
  }
}
