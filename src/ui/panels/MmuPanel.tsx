import type { Design } from '../../engine/scenario/config';
import type { Access, KernelVars, Walk } from '../../engine/trace/types';
import { desc64, entryLabel, fsc, ghex } from '../model/format';
import { describeHsr, fscName } from '../model/hsr';
import { pgdName } from '../model/pgdNames';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';
import './mmu.css';

const ACCESS_NAME = { fetch: 'instruction fetch', read: 'data read', write: 'data write' } as const;

/** A 64-bit descriptor that may break between its high and low word in a narrow column. */
function Desc64({ d }: { d: bigint }) {
  const [hi, lo] = [desc64(d).slice(0, 12), desc64(d).slice(12)];
  return (
    <>
      {hi}
      <wbr />
      {lo}
    </>
  );
}

/**
 * One row per level: the entry (level and index), where the descriptor lives, its value and
 * kind. The table each level reads is the previous row's output, so it is not repeated.
 */
export function WalkTable({ walk, caption }: { walk: Walk; caption: string }) {
  return (
    <table className="walk">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">entry</th>
          <th scope="col">at</th>
          <th scope="col">descriptor</th>
          <th scope="col">kind</th>
        </tr>
      </thead>
      <tbody>
        {walk.levels.map((l) => (
          <tr key={l.level} className={l.kind === 'invalid' ? 'fault' : undefined}>
            <th scope="row" className="mono">
              {entryLabel(l.level, l.index)}
            </th>
            <td className="mono" title={`table at ${ghex(l.tableAddr)}`}>
              {ghex(l.descAddr)}
            </td>
            <td className="mono">
              <Desc64 d={l.desc} />
            </td>
            <td>{l.kind}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AccessView({ a, kernel, design }: { a: Access; kernel: KernelVars; design: Design }) {
  const ttbr = a.walk?.ttbr ?? 0;
  const tlb =
    a.tlb === 'off'
      ? 'MMU off: VA = PA, no TLB'
      : a.tlb === 'hit'
        ? `TLB hit (entry ${a.tlbIndex})`
        : `TLB miss: walk from HTTBR ${ghex(ttbr)} (${pgdName(ttbr, kernel, design)})${a.observer === 'poc' ? ', reading the PoC' : ''}`;
  return (
    <div className={`access${a.fault ? ' faulted' : ''}`} data-testid="mmu-access">
      <p>
        <strong>{ACCESS_NAME[a.type]}</strong> <span className="mono">VA {ghex(a.va)}</span>:{' '}
        <span className={`tlb-${a.tlb}`}>{tlb}</span>
      </p>
      {a.walk && a.tlb === 'miss' && <WalkTable walk={a.walk} caption={`Walk of ${ghex(a.va)}`} />}
      {a.fault ? (
        <p className="fault-line" role="note">
          ✖ Fault: {fscName(a.fault.fsc)} (FSC {fsc(a.fault.fsc)})
        </p>
      ) : (
        a.pa !== null && (
          <p className="pa-line">
            → PA <span className="mono">{ghex(a.pa)}</span>
            {a.value !== null && (
              <>
                {' '}
                {a.type === 'write' ? 'wrote' : 'read'}{' '}
                <span className="mono">{ghex(a.value >>> 0)}</span>
              </>
            )}
          </p>
        )
      )}
    </div>
  );
}

export function MmuPanel() {
  const { trace, step } = useCurrentStep();
  const exception = step.changes.find((c) => c.kind === 'exception');
  return (
    <PanelFrame title="MMU" className="mmu-panel" resetKey={step.index}>
      {step.accesses.length === 0 && !exception && (
        <p className="dim">
          {step.actor === 'PL1'
            ? 'A kernel (PL1) step: the HYP MMU is not involved.'
            : 'No memory access in this step.'}
        </p>
      )}
      {step.accesses.map((a, i) => (
        <AccessView key={i} a={a} kernel={step.state.kernel} design={trace.config.design} />
      ))}
      {exception && exception.kind === 'exception' && (
        <p
          className={`exception-line${exception.hsr !== null && exception.hsr >>> 26 !== 0x12 ? ' fault-line' : ''}`}
        >
          Exception: {exception.name} → vector {ghex(exception.vector)}
          {exception.hsr !== null && (
            <>
              {' '}
              HSR <span className="mono">{ghex(exception.hsr)}</span> ({describeHsr(exception.hsr)})
            </>
          )}
        </p>
      )}
    </PanelFrame>
  );
}
