import { lazy, Suspense, useEffect } from 'react';
import { GoToDialog } from './controls/GoToDialog';
import { KeyboardHelp } from './controls/KeyboardHelp';
import { MessageBar } from './controls/MessageBar';
import { Toolbar } from './controls/Toolbar';
import { useKeyboard } from './controls/useKeyboard';
import { usePlayback } from './controls/usePlayback';
import { selectBlanked, selectEditorOpen, selectExportOpen, selectView } from './store/selectors';
import { useAppStore } from './store/StoreContext';
import { CurrentStepProvider } from './store/CurrentStepProvider';
import { ShownTraceContext } from './store/useStep';
import { useWindowSync } from './sync/useWindowSync';
import { useTheme } from './theme/useTheme';
import { useUrlSync } from './url/useUrlSync';
import { StepAnnouncer } from './views/StepAnnouncer';
import { LoadingPanel } from './worker/LoadingPanel';
import { useTraceLoading } from './worker/useTraceLoading';

// what the first paint does not need comes in chunks of its own: the panels (requested when a
// simulation starts, from an effect: after the shell's first paint, beside the worker, and not
// at all while a costly link waits for its answer), the other views and the export dialog (on
// use)
let appViewModule: Promise<typeof import('./views/AppView')> | null = null;
const loadAppView = () => (appViewModule ??= import('./views/AppView'));
const AppView = lazy(() => loadAppView().then((m) => ({ default: m.AppView })));
const ExportDialog = lazy(() =>
  import('./controls/ExportDialog').then((m) => ({ default: m.ExportDialog })),
);
const PresenterView = lazy(() =>
  import('./views/PresenterView').then((m) => ({ default: m.PresenterView })),
);
const AudienceView = lazy(() =>
  import('./views/PresenterView').then((m) => ({ default: m.AudienceView })),
);
// outside the trace-ready part of the page: an edit that re-simulates keeps the editor and its focus
const ScenarioEditor = lazy(() => import('./editor/ScenarioEditor'));
const selectSetEditor = (s: import('./store/appStore').AppState) => s.setEditorOpen;
const CompareView = lazy(() => import('./compare/CompareView'));
const selectComparing = (s: import('./store/appStore').AppState) => s.compare !== null;
const EmbedView = lazy(() => import('./views/EmbedView').then((m) => ({ default: m.EmbedView })));

export function App() {
  useTheme();
  useKeyboard();
  usePlayback();
  useUrlSync();
  useWindowSync();
  const { status, shown } = useTraceLoading();
  const view = useAppStore(selectView);
  const blanked = useAppStore(selectBlanked);
  const exportOpen = useAppStore(selectExportOpen);
  const editorOpen = useAppStore(selectEditorOpen);
  const comparing = useAppStore(selectComparing);
  const setEditorOpen = useAppStore(selectSetEditor);
  const ready = status.kind === 'ready';
  const simulating = status.kind === 'loading';
  useEffect(() => {
    if (simulating && view === 'app') void loadAppView();
  }, [simulating, view]);
  // a comparison loads its own sides: it waits for the store's config as before
  const showing = comparing ? (ready ? shown : null) : shown;
  const reloading = showing !== null && !ready;
  return (
    <>
      <div
        className={`app-root view-${view}${reloading ? ' reloading' : ''}`}
        data-testid="app-root"
        aria-busy={reloading || undefined}
      >
        {showing === null && status.kind !== 'ready' && (
          // the shell: paints at once, before any trace, and keeps the scenario picker usable
          <div className="app-view">
            {view === 'app' && (
              <header className="app-header">
                <Toolbar />
                <MessageBar />
              </header>
            )}
            {view !== 'app' && <MessageBar />}
            <LoadingPanel status={status} />
          </div>
        )}
        {showing !== null && (
          // while the next trace is simulated the last one stays on screen, under the progress
          <ShownTraceContext.Provider value={showing}>
            <CurrentStepProvider trace={showing} enabled={!comparing}>
              <Suspense fallback={null}>
                {view === 'app' && !comparing && <AppView />}
                {comparing && view !== 'embed' && (
                  <CompareView chrome={view === 'app'} notes={view === 'presenter'} />
                )}
                {view === 'presenter' && !comparing && <PresenterView />}
                {view === 'audience' && !comparing && <AudienceView />}
                {view === 'embed' && <EmbedView />}
                {view !== 'app' && <MessageBar />}
                {!comparing && !reloading && <StepAnnouncer />}
              </Suspense>
            </CurrentStepProvider>
          </ShownTraceContext.Provider>
        )}
        {reloading && (
          <div className="reload-overlay">
            <LoadingPanel status={status} />
          </div>
        )}
      </div>
      {blanked && (
        <div
          className="blank-screen"
          data-testid="blank-screen"
          aria-label="Screen blanked: press b, . or Esc"
          role="dialog"
        />
      )}
      <KeyboardHelp />
      {ready && (
        <ShownTraceContext.Provider value={showing}>
          <GoToDialog />
        </ShownTraceContext.Provider>
      )}
      {view === 'app' && editorOpen && (
        <Suspense fallback={null}>
          <ScenarioEditor onClose={() => setEditorOpen(false)} />
        </Suspense>
      )}
      {ready && exportOpen && (
        <ShownTraceContext.Provider value={showing}>
          <Suspense fallback={null}>
            <ExportDialog />
          </Suspense>
        </ShownTraceContext.Provider>
      )}
    </>
  );
}
