import type { Trace } from '../trace/types';

/**
 * The step every HYP mapping exists at: once init_hyp_mode has created them all (after
 * kvm_vgic_hyp_init, before any boot-table freeing), or the last step if init never got there.
 * The CLI's walk/dump show it by default and the QEMU crosscheck exports its tables.
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
