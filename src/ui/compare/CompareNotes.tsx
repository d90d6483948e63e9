import type { Step } from '../../engine/trace/types';
import { groupHexInText } from '../model/format';
import { NotesBar } from '../views/NotesBar';
import type { ComparedPair } from './compareModel';
import { nextDivergence } from './compareModel';
import '../views/presenter.css';

function SideWhy({ label, step, present }: { label: string; step: Step; present: boolean }) {
  return (
    <p className="notes-why">
      <strong>{label}:</strong>{' '}
      {present ? groupHexInText(step.why) : `no counterpart here; it holds step ${step.index}.`}
    </p>
  );
}

/**
 * The presenter's notes under a comparison: why each side does what it shows, what comes next
 * on each side and where they part next, the talk timer and the audience window.
 */
export function CompareNotes({
  compared,
  position,
  leftLabel,
  rightLabel,
}: {
  compared: ComparedPair;
  position: number;
  leftLabel: string;
  rightLabel: string;
}) {
  const pair = compared.alignment.pairs[position]!;
  const leftStep = compared.left.steps[compared.shownLeft[position]! - 1]!;
  const rightStep = compared.right.steps[compared.shownRight[position]! - 1]!;
  const following = compared.alignment.pairs[position + 1];
  const nextTitle = (t: ComparedPair['left'], step: number | null | undefined) =>
    step ? groupHexInText(t.steps[step - 1]!.title) : 'nothing (no counterpart)';
  const divergence = nextDivergence(compared, position, 1);
  return (
    <aside className="notes compare-notes" aria-label="Presenter notes">
      <SideWhy label={leftLabel} step={leftStep} present={pair.left !== null} />
      <SideWhy label={rightLabel} step={rightStep} present={pair.right !== null} />
      <p className="notes-next">
        {following ? (
          <>
            Next: <strong>{nextTitle(compared.left, following.left)}</strong>{' '}
            <span className="dim">|</span>{' '}
            <strong>{nextTitle(compared.right, following.right)}</strong>
          </>
        ) : (
          'Next: the end of both.'
        )}
        <span className="notes-moment">
          {' '}
          ·{' '}
          {divergence === null
            ? 'the sides part nowhere further on'
            : `next divergence (d): aligned step ${divergence + 1}`}
        </span>
      </p>
      <NotesBar />
    </aside>
  );
}
