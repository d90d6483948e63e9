import type { CpuState } from '../machine/cpuState';
import type { Access, Actor, Change, MachineState, Phase, SourceRef, Step } from './types';
import type { World } from './world';

export interface StepMeta {
  phase: Phase;
  actor: Actor;
  cpu: number;
  title: string;
  why: string;
  source: SourceRef;
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

  constructor(world: World, initial: MachineState, maxSteps: number, freeze = false) {
    this.world = world;
    this.initial = initial;
    this.maxSteps = maxSteps;
    this.freeze = freeze;
    this.current = initial;
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
    const step: Step = {
      index: this.steps.length + 1,
      ...p.meta,
      changes: p.changes,
      accesses: p.accesses,
      instruction: p.instruction,
      state: this.current,
    };
    if (this.freeze) deepFreeze(step);
    this.steps.push(step);
    this.pending = null;
    return step;
  }

  /** begin + body + commit, for steps whose body is straight-line. */
  step<T>(meta: StepMeta, body: () => T): T {
    this.begin(meta);
    const r = body();
    this.commit();
    return r;
  }
}

/** Freezes a committed step and everything it reaches (typed-array lines excepted): for tests. */
function deepFreeze(o: unknown): void {
  if (o === null || typeof o !== 'object' || Object.isFrozen(o) || ArrayBuffer.isView(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}
