import type { MachineState, Trace } from '../../engine/trace/types';
import { defaultStep } from '../../engine/inspect/mappedStep';
import { UsageError, type CommandContext } from '../command';

/** The step walk/dump read (--step, 1-based like every step number) and its state. */
export function selectedState(
  ctx: CommandContext,
  trace: Trace,
): { step: number; state: MachineState } {
  const n = trace.steps.length;
  const asked = ctx.flag('--step');
  let step = defaultStep(trace);
  if (asked !== undefined) {
    if (!/^[0-9]+$/.test(asked)) throw new UsageError(`--step: "${asked}" is not a whole number`);
    step = parseInt(asked, 10);
    if (step < 1 || step > n)
      throw new UsageError(`--step ${asked} is out of range: this trace has steps 1 to ${n}`);
  }
  const state = step === 0 ? trace.initial : trace.steps[step - 1]!.state;
  return { step, state };
}

/** --cpu, checked against the scenario's CPUs: every command rejects one it does not have. */
export function selectedCpu(ctx: CommandContext, trace: Trace): number {
  const cpu = ctx.intFlag('--cpu', 0) ?? 0;
  if (cpu >= trace.config.cpus)
    throw new UsageError(`--cpu ${cpu}: this scenario has CPUs 0 to ${trace.config.cpus - 1}`);
  return cpu;
}
