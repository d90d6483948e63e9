import type { OutcomeKind } from '../../engine/trace/types';
import { useCurrentStep } from '../store/useStep';

const KIND_LABEL: Readonly<Record<OutcomeKind, string>> = {
  success: '✔ Success',
  hang: '✖ HYP hangs',
  panic: '✖ HYP panic',
  'init-error': '✖ Init fails',
  corruption: '⚠ Wrong data',
  leak: '⚠ Memory leak',
};

/** The scenario's outcome, once the trace has reached the step where it shows. */
export function OutcomeBanner() {
  const { trace, step } = useCurrentStep();
  const o = trace.outcome;
  const reached = step.index >= o.step || step.index === trace.steps.length;
  if (!reached) return null;
  return (
    <div className={`outcome outcome-${o.kind}`} role="status" data-testid="outcome">
      <strong>{KIND_LABEL[o.kind]}</strong> <span>{o.summary}</span>
      {o.detail && (
        <details>
          <summary>Why</summary>
          <p>{o.detail}</p>
        </details>
      )}
    </div>
  );
}
