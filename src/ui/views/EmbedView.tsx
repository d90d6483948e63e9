import { StepControls, StepCounter } from '../controls/StepControls';
import { currentLink } from '../controls/Toolbar';
import { ExplanationPanel } from '../panels/ExplanationPanel';
import { PanelFrame } from '../panels/PanelFrame';
import { PgdTreesPanel } from '../panels/PgdTreesPanel';
import { useAppStoreApi } from '../store/StoreContext';
import { useCurrentStep } from '../store/useStep';
import '../controls/toolbar.css';
import './embed.css';

/** Chrome-less, for an iframe in slides: trees and explanation, keys still work. */
export function EmbedView() {
  const store = useAppStoreApi();
  const { step } = useCurrentStep();
  return (
    <main className="embed-view">
      <div className="embed-bar">
        <h1 className="brand embed-brand">
          hyp<span>step</span>
        </h1>
        <StepControls />
        <StepCounter />
        <a
          href={currentLink(store, 'app')}
          target="_blank"
          rel="noopener noreferrer"
          className="open-full"
        >
          Open in hypstep ↗
        </a>
      </div>
      <div className="embed-grid">
        <PanelFrame title="Page tables" className="tables-area" resetKey={step.index}>
          <PgdTreesPanel />
        </PanelFrame>
        <ExplanationPanel />
      </div>
    </main>
  );
}
