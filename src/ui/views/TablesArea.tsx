import { AddressStripPanel } from '../panels/AddressStripPanel';
import { InspectorPanel } from '../panels/InspectorPanel';
import { PanelFrame } from '../panels/PanelFrame';
import { PgdTreesPanel } from '../panels/PgdTreesPanel';
import type { TablesTab } from '../store/appStore';
import { selectTablesTab } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useCurrentStep } from '../store/useStep';
import './tablesArea.css';

const selectSetTab = (s: import('../store/appStore').AppState) => s.setTablesTab;

const TAB_TITLE: Readonly<Record<TablesTab, string>> = {
  tables: 'Page tables',
  strip: 'Address space',
  inspector: 'Address inspector',
};

/** The big panel: the two PGD trees, or behind tabs the address strip and the inspector. */
export function TablesArea({ stripApart }: { stripApart: boolean }) {
  const stored = useAppStore(selectTablesTab);
  const setTab = useAppStore(selectSetTab);
  const { step } = useCurrentStep();
  const tabs: TablesTab[] = stripApart ? ['tables', 'inspector'] : ['tables', 'strip', 'inspector'];
  const tab = tabs.includes(stored) ? stored : 'tables';
  const onKey = (e: React.KeyboardEvent, i: number) => {
    // arrow keys move between tabs (the ARIA tabs pattern); stop them from stepping
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    e.stopPropagation();
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <PanelFrame
      title={TAB_TITLE[tab]}
      className="tables-area"
      resetKey={`${tab}${step.index}`}
      heading={
        <span className="tabs" role="tablist" aria-label="Tables view">
          {tabs.map((t, i) => (
            <button
              key={t}
              id={`tab-${t}`}
              type="button"
              role="tab"
              aria-selected={t === tab}
              aria-controls="tables-tabpanel"
              tabIndex={t === tab ? 0 : -1}
              onClick={() => setTab(t)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {TAB_TITLE[t]}
            </button>
          ))}
        </span>
      }
    >
      <div id="tables-tabpanel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'tables' && <PgdTreesPanel />}
        {tab === 'strip' && <AddressStripPanel />}
        {tab === 'inspector' && <InspectorPanel />}
      </div>
    </PanelFrame>
  );
}

export function StripPanel() {
  const { step } = useCurrentStep();
  return (
    <PanelFrame title="Address space" className="strip-panel" resetKey={step.index}>
      <AddressStripPanel />
    </PanelFrame>
  );
}
