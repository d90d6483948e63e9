import type { Step, Trace } from '../trace/types';

/** Small queries over a trace, shared by the tests. */
export function stepsOf(trace: Trace, pred: (s: Step) => boolean): Step[] {
  return trace.steps.filter(pred);
}

/** The step that executed the instruction whose source text contains `text` on `cpu`, nth occurrence. */
export function insnStep(trace: Trace, cpu: number, text: RegExp, nth = 0): Step {
  const found = trace.steps.filter(
    (s) => s.cpu === cpu && s.actor === 'HYP' && s.instruction && text.test(s.source.text),
  );
  const s = found[nth];
  if (!s) throw new Error(`no step on CPU${cpu} matching ${text} (#${nth})`);
  return s;
}

export function before(trace: Trace, s: Step) {
  return s.index > 1 ? trace.steps[s.index - 2]!.state : trace.initial;
}
