import { groupHexInText } from '../model/format';
import { PHASE_LABEL } from '../model/phases';
import { useCurrentStep } from '../store/useStep';
import { ChangeList } from './ChangeList';
import { PanelFrame } from './PanelFrame';
import './explanation.css';

/** The step's title and why it exists, in plain words, plus what it changed. */
export function ExplanationPanel() {
  const { step } = useCurrentStep();
  return (
    <PanelFrame
      title="Explanation"
      className="explanation-panel"
      resetKey={step.index}
      heading={
        <>
          <span className={`phase-chip phase-${step.phase}`}>{PHASE_LABEL[step.phase]}</span>{' '}
          <span className="actor-chip">{step.actor === 'PL1' ? 'kernel (PL1)' : 'HYP'}</span>{' '}
          <span className="dim">CPU{step.cpu}</span>
        </>
      }
    >
      <p className="step-title" data-testid="step-title">
        {groupHexInText(step.title)}
      </p>
      {step.instruction && (
        <p className="instr mono">
          {step.instruction.text}
          {!step.instruction.executed && (
            <span className="dim"> (condition false: not executed)</span>
          )}
        </p>
      )}
      <p className="why">{groupHexInText(step.why)}</p>
      <ChangeList />
    </PanelFrame>
  );
}
