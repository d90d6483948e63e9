import type { ReactNode } from 'react';
import { groupHexInText } from '../model/format';
import { PHASE_LABEL } from '../model/phases';
import { CpuPanel } from '../panels/CpuPanel';
import { PanelFrame } from '../panels/PanelFrame';
import { PgdTreesPanel } from '../panels/PgdTreesPanel';
import { ChangeList } from '../panels/ChangeList';
import { OutcomeBanner } from '../controls/OutcomeBanner';
import { MomentsToggle, StepCounter } from '../controls/StepControls';
import { momentsAt, nextMoment } from '../model/moments';
import { selectAudienceBlanked } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useCurrentStep } from '../store/useStep';
import { NotesBar } from './NotesBar';
import { MmuTlbStrip } from './MmuTlbStrip';
import './presenter.css';

/** Big panels for a projector: both PGDs, the CPU, and the step's explanation, change spotlighted. */
export function SlideBody({ status }: { status?: ReactNode }) {
  const { trace, step } = useCurrentStep();
  const moments = momentsAt(trace, step.index);
  return (
    <div className="slide-body">
      <div className="slide-top">
        <div className="slide-phase">
          <span className={`phase-chip phase-${step.phase}`}>{PHASE_LABEL[step.phase]}</span>{' '}
          <StepCounter />
          {moments.map((m) => (
            <span key={m.kind} className="moment-chip" data-testid="moment-chip">
              ◆ {m.label}
            </span>
          ))}
          {status}
        </div>
        <h1 className="slide-title" data-testid="step-title">
          {groupHexInText(step.title)}
        </h1>
        {step.instruction && <p className="slide-instr mono">{step.instruction.text}</p>}
      </div>
      <div className="slide-grid">
        <PanelFrame title="Page tables" className="tables-area" resetKey={step.index}>
          <PgdTreesPanel />
        </PanelFrame>
        <div className="slide-side">
          <CpuPanel />
          <MmuTlbStrip />
        </div>
      </div>
      <div className="spotlight">
        <ChangeList />
      </div>
      <OutcomeBanner />
    </div>
  );
}

export function PresenterView() {
  const { trace, step } = useCurrentStep();
  const audienceBlanked = useAppStore(selectAudienceBlanked);
  const next = trace.steps[step.index];
  const moment = nextMoment(trace, step.index);
  return (
    <div className="presenter-view">
      <main className="slide-main">
        <SlideBody
          status={
            <span role="status" className="audience-status">
              {audienceBlanked && (
                <span className="audience-blanked" data-testid="audience-blanked">
                  ■ Audience blanked: <kbd>b</kbd>, <kbd>.</kbd> or <kbd>Esc</kbd> to show it
                </span>
              )}
            </span>
          }
        />
      </main>
      <aside className="notes" aria-label="Presenter notes">
        <p className="notes-why">{groupHexInText(step.why)}</p>
        <p className="notes-next">
          Next: <strong>{next ? groupHexInText(next.title) : 'the end'}</strong>
          {moment && (
            <span className="notes-moment">
              {' '}
              · next key moment (<kbd>n</kbd>): {moment.label}, step {moment.step}
            </span>
          )}
        </p>
        <NotesBar>
          <MomentsToggle />
        </NotesBar>
      </aside>
    </div>
  );
}

export function AudienceView() {
  return (
    <div className="audience-view">
      <main className="slide-main">
        <SlideBody />
      </main>
    </div>
  );
}
