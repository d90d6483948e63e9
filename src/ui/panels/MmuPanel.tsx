import type { Access, Walk } from '../../engine/trace/types';
import { desc64, entryLabel, fsc, ghex } from '../model/format';
import { describeHsr, fscName } from '../model/hsr';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';
import { pgdName } from './CpuPanel';
import type { KernelVars } from '../../engine/trace/types';

const ACCESS_NAME = { fetch: 'instruction fetch', read: 'data read', write: 'data write' } as const;

export function WalkTable({ walk, caption }: { walk: Walk; caption: string }) {
  return (
    <table className="walk">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">level</th>
          <th scope="col">table</th>
          <th scope="col">index</th>
          <th scope="col">descriptor @ address</th>
          <th scope="col">kind</th>
        </tr>
      </thead>
      <tbody>
        {walk.levels.map((l) => (
          <tr key={l.level} className={l.kind === 'invalid' ? 'fault' : undefined}>
            <th scope="row">L{l.level}</th>
            <td className="mono">{ghex(l.tableAddr)}</td>
            <td className="mono">{entryLabel(l.level, l.index).replace(/^L\d/, '')}</td>
            <td className="mono">
              {desc64(l.desc)} <span className="dim">@ {ghex(l.descAddr)}</span>
            </td>
            <td>{l.kind}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AccessView({ a, kernel }: { a: Access; kernel: KernelVars }) {
  const tlb =
    a.tlb === 'off'
      ? 'MMU off: VA = PA, no TLB'
      : a.tlb === 'hit'
        ? `TLB hit (entry ${a.tlbIndex})`
        : `TLB miss: walk from HTTBR ${ghex(a.walk?.ttbr ?? 0)} (${pgdName(a.walk?.ttbr ?? 0, kernel)})${a.observer === 'poc' ? ', reading the PoC' : ''}`;
  return (
    <div className={`access${a.fault ? ' faulted' : ''}`}>
      <p>
        <strong>{ACCESS_NAME[a.type]}</strong> <span className="mono">VA {ghex(a.va)}</span>
        <br />
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
  const { step } = useCurrentStep();
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
        <AccessView key={i} a={a} kernel={step.state.kernel} />
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
