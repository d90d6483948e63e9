import { lazy, Suspense } from 'react';
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
import { useMediaQuery } from './useMediaQuery';
import { selectEditorOpen } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';

// The editor is not needed for the first paint: its chunk loads when it is opened.
const ScenarioEditor = lazy(() => import('../editor/ScenarioEditor'));
const selectSetEditor = (s: import('../store/appStore').AppState) => s.setEditorOpen;

/** The step-through app: toolbar, timeline, the tables, and the per-step panels. */
export function AppView() {
  const wide = useMediaQuery('(min-width: 1600px) and (min-height: 900px)');
  const editorOpen = useAppStore(selectEditorOpen);
  const setEditorOpen = useAppStore(selectSetEditor);
  return (
    <div className={`app-view${wide ? ' wide' : ''}`}>
      <header className="app-header">
        <Toolbar />
        <div className="stepbar">
          <StepControls />
          <StepCounter />
          <Timeline />
        </div>
        <MessageBar />
        <OutcomeBanner />
      </header>
      <main className="app-grid">
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
      {editorOpen && (
        <Suspense fallback={null}>
          <ScenarioEditor onClose={() => setEditorOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
