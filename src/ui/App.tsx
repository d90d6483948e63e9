import { ExportDialog } from './controls/ExportDialog';
import { GoToDialog } from './controls/GoToDialog';
import { KeyboardHelp } from './controls/KeyboardHelp';
import { MessageBar } from './controls/MessageBar';
import { useKeyboard } from './controls/useKeyboard';
import { usePlayback } from './controls/usePlayback';
import { selectBlanked, selectView } from './store/selectors';
import { useAppStore } from './store/StoreContext';
import { useWindowSync } from './sync/useWindowSync';
import { useTheme } from './theme/useTheme';
import { useUrlSync } from './url/useUrlSync';
import { AppView } from './views/AppView';
import { EmbedView } from './views/EmbedView';
import { AudienceView, PresenterView } from './views/PresenterView';
import { StepAnnouncer } from './views/StepAnnouncer';

export function App() {
  useTheme();
  useKeyboard();
  usePlayback();
  useUrlSync();
  useWindowSync();
  const view = useAppStore(selectView);
  const blanked = useAppStore(selectBlanked);
  return (
    <>
      <div className={`app-root view-${view}`} data-testid="app-root">
        {view === 'app' && <AppView />}
        {view === 'presenter' && <PresenterView />}
        {view === 'audience' && <AudienceView />}
        {view === 'embed' && <EmbedView />}
        {view !== 'app' && <MessageBar />}
        <StepAnnouncer />
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
      <GoToDialog />
      <ExportDialog />
    </>
  );
}
