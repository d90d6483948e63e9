import { useMemo, useState } from 'react';
import type { OutcomeKind } from '../../engine/trace/types';
import { outcomeFault } from '../model/faultWords';
import { groupHexInText } from '../model/format';
import { useAppStore } from '../store/StoreContext';
import { useCurrentStep } from '../store/useStep';
import './outcome.css';

const KIND_LABEL: Readonly<Record<OutcomeKind, string>> = {
  success: '✔ Success',
  hang: '✖ HYP hangs',
  panic: '✖ HYP panic',
  'init-error': '✖ Init fails',
  corruption: '⚠ Wrong data',
  leak: '⚠ Memory leak',
};

const selectGoTo = (s: import('../store/appStore').AppState) => s.goTo;

/** The scenario's outcome, once the trace has reached the step where it shows. */
export function OutcomeBanner() {
  const { trace, step } = useCurrentStep();
  const goTo = useAppStore(selectGoTo);
  const [open, setOpen] = useState(false);
  const fault = useMemo(() => outcomeFault(trace), [trace]);
  const o = trace.outcome;
  const reached = step.index >= o.step || step.index === trace.steps.length;
  if (!reached) return null;
  return (
    <div className={`outcome outcome-${o.kind}`} role="status" data-testid="outcome">
      <div className="outcome-line">
        <strong className="outcome-kind">{KIND_LABEL[o.kind]}</strong>
        <span className="outcome-summary">{groupHexInText(o.summary)}</span>
        <span className="outcome-actions">
          {o.detail && (
            <button
              type="button"
              aria-expanded={open}
              aria-controls="outcome-why"
              onClick={() => setOpen(!open)}
            >
              {open ? '▾' : '▸'} Why
            </button>
          )}
          {step.index !== o.step && (
            <button type="button" onClick={() => goTo(o.step)}>
              Go to where it happens (step {o.step})
            </button>
          )}
        </span>
      </div>
      {fault && (
        <p className="outcome-fault" data-testid="outcome-fault">
          Syndrome: <strong>{fault.text}</strong>
          {fault.step !== o.step && <span className="dim"> (step {fault.step})</span>}
        </p>
      )}
      {o.detail && (
        <p id="outcome-why" className="outcome-why" hidden={!open}>
          {groupHexInText(o.detail)}
        </p>
      )}
    </div>
  );
}
