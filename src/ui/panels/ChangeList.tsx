import type { Design } from '../../engine/scenario/config';
import type { Change } from '../../engine/trace/types';
import { desc64, entryLabel, ghex, groupHexInText, tlbSpanLabel } from '../model/format';
import { changePgdName } from '../model/pgdNames';
import { useCurrentStep } from '../store/useStep';
import './changeList.css';

function describe(c: Change, design: Design): string | null {
  switch (c.kind) {
    case 'alloc':
      return `allocated ${c.what} at PA ${ghex(c.pa)} (${c.size} bytes)`;
    case 'alloc-failed':
      return `allocation of ${c.what} failed: ${c.reason}`;
    case 'free':
      return `freed ${c.what} at PA ${ghex(c.pa)}`;
    case 'descriptor':
      return `${c.pgd ? `${changePgdName(c.pgd, design)} ` : ''}${entryLabel(c.level, c.index)} @ ${ghex(c.pa)}: ${desc64(c.before)} → ${desc64(c.after)}`;
    case 'refcount':
      return `page count of ${ghex(c.pa)}: ${c.before} → ${c.after}`;
    case 'cache-clean':
      return `cleaned ${c.length} bytes at ${ghex(c.pa)} to the PoC (${c.lines.length} line${c.lines.length === 1 ? '' : 's'})`;
    case 'memory':
      return `wrote ${c.length} bytes at ${ghex(c.pa)}: ${c.what}`;
    case 'kernel-var':
      return `${c.name}: ${c.before} → ${c.after}`;
    case 'register':
      return `${c.name}: ${c.before} → ${c.after}`;
    case 'tlb-fill':
      return `TLB entry ${c.index} filled: ${ghex(c.entry.vaPage)} → ${ghex(c.entry.paPage)}${c.entry.size > 4096 ? ` (${tlbSpanLabel(c.entry.size)})` : ''}${c.evicted ? ` (evicted ${ghex(c.evicted.vaPage)})` : ''}`;
    case 'tlb-hit':
      return null; // the TLB panel shows hits; listing them here is noise
    case 'tlb-invalidate':
      return `TLB invalidated: ${c.dropped.length} entr${c.dropped.length === 1 ? 'y' : 'ies'} dropped`;
    case 'exception':
      return `exception: ${c.name}, vector ${ghex(c.vector)}`;
    case 'message':
      return `kernel log: "${c.text}"`;
  }
}

/** What the step changed, one line each. */
export function ChangeList() {
  const { trace, step } = useCurrentStep();
  // the same grouped hex as the panels, also inside the engine's before/after text
  const lines = step.changes
    .map((c) => describe(c, trace.config.design))
    .filter((x): x is string => x !== null)
    .map(groupHexInText);
  if (lines.length === 0) return null;
  return (
    <details className="changes" open={lines.length <= 3}>
      <summary>Changed in this step ({lines.length})</summary>
      <ul>
        {lines.map((t, i) => (
          <li key={i} className="mono-ish">
            {t}
          </li>
        ))}
      </ul>
    </details>
  );
}
