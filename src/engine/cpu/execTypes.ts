import type { Config } from '../scenario/config';
import type { Access } from '../trace/types';
import type { Recorder } from '../trace/recorder';
import type { World } from '../trace/world';
import type { Instruction } from './a32';

/* What the executor is given for one instruction, and what it says happened. */

export interface ExecContext {
  rec: Recorder;
  world: World;
  config: Config;
  cpuId: number;
  pc: number;
  insn: Instruction;
  panicVa: number;
  /** The format strings panic() may be handed in r0, by kernel VA. */
  panicStrings?: ReadonlyMap<number, string>;
  /** Receives each data access this instruction made, to explain what it used (a stale TLB entry). */
  onAccess?: (a: Omit<Access, 'value'>) => void;
}

export type HypException =
  | { kind: 'undefined' }
  | { kind: 'data-abort'; va: number; fsc: number; write: boolean }
  | { kind: 'hvc'; imm16: number };

export interface ExecResult {
  /** Plain words for the step title: what the instruction did. */
  effect: string;
  /** Next PC, or null when the instruction changed it itself (eret). */
  next: number | null;
  exception: HypException | null;
  stop: { kind: 'panic' | 'hang'; reason: string } | null;
}
