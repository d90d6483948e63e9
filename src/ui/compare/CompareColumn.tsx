import type { Difference } from '../../engine/compare/diff';
import type { Trace } from '../../engine/trace/types';
import { MmuPanel } from '../panels/MmuPanel';
import { PanelFrame } from '../panels/PanelFrame';
import { PgdTreesPanel } from '../panels/PgdTreesPanel';
import { TlbPanel } from '../panels/TlbPanel';
import { CompareRegisters } from './CompareRegisters';
import { stepAt, StepOverrideContext } from '../store/useStep';
import { describeDifference } from './describeDifference';
import { differenceStyle } from './differenceStyle';
import { useAdoptedStyle } from './useAdoptedStyle';

/**
 * One side of the comparison: its own PGD trees, CPU, MMU and TLB at the step it shows. The
 * panels are the app's own, reading this side's step through StepOverrideContext.
 */
export function CompareColumn(props: {
  side: 'left' | 'right';
  label: string;
  trace: Trace;
  /** The 1-based step shown (held when this side has no counterpart here). */
  shown: number;
  present: boolean;
  differences: readonly Difference[];
}) {
  const { side, label, trace, shown, present, differences } = props;
  const current = stepAt(trace, shown);
  const scope = `compare-${side}`;
  useAdoptedStyle(differenceStyle(`.${scope}`, differences, side));
  return (
    <StepOverrideContext.Provider value={current}>
      <section
        className={`compare-col ${scope}${present ? '' : ' held'}`}
        aria-label={`${side === 'left' ? 'Left' : 'Right'}: ${label}`}
        data-testid={scope}
      >
        <header className="compare-col-head">
          <h2 className="compare-side-label" title={label}>
            {label}
          </h2>
          <p className="compare-col-step" data-testid={`${scope}-step`}>
            {present ? (
              <>
                Step {shown} of {trace.steps.length}
              </>
            ) : (
              <>
                <span className="no-counterpart">(no counterpart)</span> holding step {shown} of{' '}
                {trace.steps.length}
              </>
            )}
          </p>
          <p
            className="compare-col-title"
            data-testid={`${scope}-title`}
            title={current.step.title}
          >
            {current.step.title}
          </p>
        </header>
        <div className="compare-col-tables">
          <PanelFrame title={`Page tables (${side})`} heading="Page tables" resetKey={shown}>
            <PgdTreesPanel />
          </PanelFrame>
        </div>
        <CompareRegisters />
        <div className="compare-col-panels">
          <MmuPanel />
          <TlbPanel />
        </div>
        {differences.length > 0 && (
          <ul className="compare-diffs sr-only">
            {differences.map((d, i) => (
              <li key={i}>{describeDifference(d)}</li>
            ))}
          </ul>
        )}
      </section>
    </StepOverrideContext.Provider>
  );
}
