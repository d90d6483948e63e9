import { FirstStepHint } from '../controls/FirstStepHint';
import { MessageBar } from '../controls/MessageBar';
import { OutcomeBanner } from '../controls/OutcomeBanner';
import { StepControls, StepCounter } from '../controls/StepControls';
import { Timeline } from '../controls/Timeline';
import { Toolbar } from '../controls/Toolbar';
import { CpuPanel } from '../panels/CpuPanel';
import { ExplanationPanel } from '../panels/ExplanationPanel';
import { MmuPanel } from '../panels/MmuPanel';
import { SourcePanel } from '../panels/SourcePanel';
import { TlbPanel } from '../panels/TlbPanel';
import { StripPanel, TablesArea } from './TablesArea';
import { claimSteppingFocus } from './surfaceFocus';
import { useMediaQuery } from './useMediaQuery';
import './appView.css';

/** The step-through app: toolbar, timeline, the tables, and the per-step panels. */
export function AppView() {
  const wide = useMediaQuery('(min-width: 1600px) and (min-height: 900px)');
  return (
    <div className={`app-view${wide ? ' wide' : ''}`}>
      <header className="app-header">
        <Toolbar />
        <div className="stepbar">
          {/* the hint sits under the controls, in room the taller timeline leaves anyway */}
          <div className="stepbar-left">
            <div className="stepbar-controls">
              <StepControls />
              <StepCounter />
            </div>
            <FirstStepHint />
          </div>
          <Timeline />
        </div>
        <MessageBar />
        <OutcomeBanner />
      </header>
      <main className="app-grid" id="stepping-surface" tabIndex={-1} ref={claimSteppingFocus}>
        <div className="col-left">
          <TablesArea stripApart={wide} />
          {wide && <StripPanel />}
          <div className="explain-row">
            <ExplanationPanel />
            <SourcePanel />
          </div>
        </div>
        <div className="col-right">
          <CpuPanel />
          <MmuPanel />
          <TlbPanel />
        </div>
      </main>
    </div>
  );
}
