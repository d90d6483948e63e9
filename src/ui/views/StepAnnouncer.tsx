import { useCurrentStep } from '../store/useStep';

/** Each step's title, announced to screen readers as the cursor moves. */
export function StepAnnouncer() {
  const { trace, step } = useCurrentStep();
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
      Step {step.index} of {trace.steps.length}: {step.title}
    </div>
  );
}
