import type { TlbEntry } from '../../engine/machine/cpuState';
import { isStale } from '../../engine/cpu/tlb';
import { ghex, tlbSpanLabel } from '../model/format';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';
import { pgdName } from '../model/pgdNames';
import './tlb.css';

export function TlbPanel() {
  const { trace, step } = useCurrentStep();
  const c = step.state.cpus[step.cpu]!;
  const used = new Map<number, string>();
  let dropped: readonly TlbEntry[] = [];
  for (const ch of step.changes) {
    if (ch.kind === 'tlb-fill' && ch.cpu === step.cpu) used.set(ch.index, 'filled');
    if (ch.kind === 'tlb-hit' && ch.cpu === step.cpu && !used.has(ch.index))
      used.set(ch.index, 'hit');
    if (ch.kind === 'tlb-invalidate' && ch.cpu === step.cpu) dropped = ch.dropped;
  }
  const entries = c.tlb.entries
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: TlbEntry; i: number } => x.e !== null);
  return (
    <PanelFrame
      title="TLB"
      className="tlb-panel"
      resetKey={step.index}
      heading={
        <>
          TLB{' '}
          <span className="dim">
            CPU{c.id}: {entries.length} of {c.tlb.entries.length} entries
          </span>
        </>
      }
    >
      {dropped.length > 0 && (
        <p className="tlb-dropped changed">
          TLBIALLH dropped {dropped.length} {dropped.length === 1 ? 'entry' : 'entries'}
          <span className="chg-tag"> changed</span>
        </p>
      )}
      {entries.length === 0 ? (
        <p className="dim">Empty{dropped.length === 0 ? '' : ' after the invalidation'}.</p>
      ) : (
        <table className="tlb">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" title="the page or block the entry covers">
                VA
              </th>
              <th scope="col">PA</th>
              <th scope="col" title="the PGD HTTBR held when the entry was filled">
                from
              </th>
              <th scope="col" title="the step that filled it">
                step
              </th>
              <th scope="col">state</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(({ e, i }) => {
              const stale = isStale(trace.world, step.state.version, c.httbr, e);
              const u = used.get(i);
              const from = pgdName(e.httbr, step.state.kernel, trace.config.design);
              return (
                <tr
                  key={i}
                  className={`${stale ? 'stale' : ''}${u ? ' changed' : ''}`}
                  data-from={from}
                  data-va={`0x${(e.vaPage >>> 0).toString(16)}`}
                >
                  <td>{i}</td>
                  <td className="mono">
                    {ghex(e.vaPage)}
                    {e.size > 4096 && (
                      <span className="span-tag" title={`one entry for a ${tlbSpanLabel(e.size)}`}>
                        {' '}
                        {tlbSpanLabel(e.size).replace(' block', '')}
                      </span>
                    )}
                  </td>
                  <td className="mono">{ghex(e.paPage)}</td>
                  <td className={`from-${from.split(' ')[0]}`}>{from.replace(' PGD', '')}</td>
                  <td>{e.filledAt}</td>
                  <td>
                    {stale && <span className="stale-tag">stale</span>}
                    {u && <span className="chg-tag">{u}</span>}
                    {!stale && !u && <span className="dim">ok</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </PanelFrame>
  );
}
