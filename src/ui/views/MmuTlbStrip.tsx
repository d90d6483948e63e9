import type { TlbEntry } from '../../engine/machine/cpuState';
import { isStale } from '../../engine/cpu/tlb';
import type { Access, KernelVars } from '../../engine/trace/types';
import { ghex, tlbSpanLabel } from '../model/format';
import { fscName } from '../model/hsr';
import { pgdName as pgdNameOf } from '../model/pgdNames';
import type { Design } from '../../engine/scenario/config';
import { useCurrentStep } from '../store/useStep';
import './mmuTlbStrip.css';

const VERB = { fetch: 'fetch', read: 'read', write: 'write' } as const;
/** Entries shown before "+N more": stale and used ones first, so they are never the ones cut. */
const MAX_CHIPS = 8;

function AccessLine({
  a,
  kernel,
  stale,
  design,
}: {
  a: Access;
  kernel: KernelVars;
  stale: boolean;
  design: Design;
}) {
  const pgdName = (httbr: number, k: KernelVars) => pgdNameOf(httbr, k, design);
  const via =
    a.tlb === 'off'
      ? 'MMU off'
      : a.tlb === 'hit'
        ? `TLB hit #${a.tlbIndex}`
        : `TLB miss → walk ${pgdName(a.walk?.ttbr ?? 0, kernel)}`;
  return (
    <span
      className={`strip-access${a.fault ? ' fault' : ''} tlb-${a.tlb}`}
      data-testid="strip-access"
    >
      <strong>{VERB[a.type]}</strong> <span className="mono">{ghex(a.va)}</span>{' '}
      <span className="strip-via">{via}</span> {stale && <span className="stale-tag">stale</span>}{' '}
      {a.fault ? (
        <span className="strip-fault">✖ {fscName(a.fault.fsc)}</span>
      ) : (
        a.pa !== null && (
          <>
            → <span className="mono">{ghex(a.pa)}</span>
          </>
        )
      )}
      {stale && a.tlbEntry && (
        <span className="strip-src">
          {' '}
          (filled at step {a.tlbEntry.filledAt} under the {pgdName(a.tlbEntry.httbr, kernel)})
        </span>
      )}
    </span>
  );
}

/**
 * A compact MMU + TLB line for the presenter and audience views: this step's accesses (hit or
 * miss, PA or fault) and the TLB's entries, stale ones hatched and labelled, so a room sees
 * TLBIALLH empty the TLB and a stale entry being used.
 */
export function MmuTlbStrip() {
  const { trace, step } = useCurrentStep();
  const c = step.state.cpus[step.cpu]!;
  const kernel = step.state.kernel;
  const pgdName = (httbr: number, k: KernelVars) => pgdNameOf(httbr, k, trace.config.design);
  const used = new Map<number, 'hit' | 'filled'>();
  let dropped = 0;
  for (const ch of step.changes) {
    if (ch.kind === 'tlb-fill' && ch.cpu === step.cpu) used.set(ch.index, 'filled');
    if (ch.kind === 'tlb-hit' && ch.cpu === step.cpu && !used.has(ch.index))
      used.set(ch.index, 'hit');
    if (ch.kind === 'tlb-invalidate' && ch.cpu === step.cpu) dropped += ch.dropped.length;
  }
  const entries = c.tlb.entries
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: TlbEntry; i: number } => x.e !== null)
    .map(({ e, i }) => ({
      e,
      i,
      stale: isStale(trace.world, step.state.version, c.httbr, e),
      use: used.get(i),
    }));
  const shown = [...entries]
    .sort(
      (a, b) => Number(!!b.use) - Number(!!a.use) || Number(b.stale) - Number(a.stale) || a.i - b.i,
    )
    .slice(0, MAX_CHIPS)
    .sort((a, b) => a.i - b.i);
  const hidden = entries.length - shown.length;
  return (
    <section className="mmu-tlb-strip" aria-label="MMU and TLB" data-testid="mmu-tlb-strip">
      <p className="strip-line">
        <span className="strip-head">MMU</span>
        {step.accesses.length === 0 ? (
          <span className="dim">
            {step.actor === 'PL1'
              ? 'a kernel (PL1) step: HYP MMU not involved'
              : 'no memory access'}
          </span>
        ) : (
          step.accesses.map((a, k) => (
            <AccessLine
              key={k}
              a={a}
              kernel={kernel}
              design={trace.config.design}
              stale={
                a.tlb === 'hit' &&
                a.tlbEntry !== null &&
                isStale(trace.world, step.state.version, c.httbr, a.tlbEntry)
              }
            />
          ))
        )}
      </p>
      <p className="strip-line">
        <span className="strip-head">
          TLB <span className="dim">CPU{c.id}</span>
        </span>
        <span className="strip-count" data-testid="strip-tlb-count">
          {entries.length} of {c.tlb.entries.length}
        </span>
        {dropped > 0 && (
          <span className="strip-dropped changed">
            TLBIALLH dropped {dropped} {dropped === 1 ? 'entry' : 'entries'}
          </span>
        )}
        {shown.map(({ e, i, stale, use }) => (
          <span
            key={i}
            className={`strip-chip from-${pgdName(e.httbr, kernel).split(' ')[0]}${stale ? ' stale' : ''}${use ? ' changed' : ''}`}
            data-testid="strip-tlb-entry"
            title={`entry ${i}: VA ${ghex(e.vaPage)} → PA ${ghex(e.paPage)}${e.size > 4096 ? ` (${tlbSpanLabel(e.size)})` : ''}, filled under the ${pgdName(e.httbr, kernel)} at step ${e.filledAt}${stale ? '; stale: the tables HTTBR points at no longer give this' : ''}`}
          >
            <span className="mono">
              #{i} {ghex(e.vaPage)}
            </span>
            <span className="strip-from">{pgdName(e.httbr, kernel).replace(' PGD', '')}</span>
            {stale && <span className="stale-tag">stale</span>}
            {use && <span className="chg-tag">{use}</span>}
          </span>
        ))}
        {hidden > 0 && <span className="dim">+{hidden} more</span>}
      </p>
    </section>
  );
}
