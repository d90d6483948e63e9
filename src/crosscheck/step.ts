import type { Trace } from '../engine/trace/types';

/**
 * The CLI's default step for walk/dump (src/cli/sim.ts defaultStep): once init_hyp_mode has
 * created every mapping, or the last step if init never got there. Kept in step with sim.ts
 * (a copy, because sim.ts imports this module's commands).
 */
export function defaultStep(trace: Trace): number {
  const done = trace.steps.find(
    (s) =>
      (s.source.listing === 'init_hyp_mode' && s.source.text.startsWith('kvm_timer_hyp_init')) ||
      (s.source.listing === 'init_hyp_mode_v39' &&
        s.source.text.startsWith('"Hyp mode initialized')),
  );
  return done ? done.index : trace.steps.length;
}
