import type { HypVa } from '../../engine/arch/types';
import { isStale, tlbEntryPa, tlbLookup } from '../../engine/cpu/tlb';
import { parseVa } from '../../url/vaText';
import { walk } from '../../engine/cpu/walk';
import type { Walk } from '../../engine/trace/types';
import { ghex } from '../model/format';
import { fscName } from '../model/hsr';
import { selectInspectText } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useCurrentStep } from '../store/useStep';
import { pgdName } from '../model/pgdNames';
import { WalkTable } from './MmuPanel';
import './inspector.css';

const selectSetInspect = (s: import('../store/appStore').AppState) => s.setInspectText;

function Result({ title, w }: { title: string; w: Walk | null }) {
  return (
    <div className="inspect-result" data-testid={`inspect-${title.split(' ')[0]!.toLowerCase()}`}>
      <h3>{title}</h3>
      {w === null ? (
        <p className="dim">No such table at this step.</p>
      ) : (
        <>
          <p className={w.pa === null ? 'fault-line' : 'pa-line'}>
            {w.pa === null ? (
              <>✖ {w.fault ? fscName(w.fault.fsc) : 'fault'}</>
            ) : (
              <>
                → PA <span className="mono">{ghex(w.pa)}</span>
                {w.pa === w.va && <span className="dim"> (identity)</span>}
              </>
            )}
          </p>
          <WalkTable walk={w} caption={`${title}: walk of ${ghex(w.va)}`} />
        </>
      )}
    </div>
  );
}

/** Type a VA: its walk in the boot PGD, in the runtime PGD and through HTTBR, and the TLB's view. */
export function InspectorPanel() {
  const { trace, step } = useCurrentStep();
  const text = useAppStore(selectInspectText);
  const setText = useAppStore(selectSetInspect);
  const parsed = parseVa(text);
  const valid = parsed !== undefined;
  const k = step.state.kernel;
  const cpu = step.state.cpus[step.cpu]!;
  const v = step.state.version;
  const walkIn = (pgd: number | null) =>
    valid && pgd !== null ? walk(trace.world, v, pgd, parsed as HypVa, 'coherent', null) : null;
  const tlbIndex = valid ? tlbLookup(cpu.tlb, parsed) : -1;
  const tlbEntry = tlbIndex >= 0 ? cpu.tlb.entries[tlbIndex]! : null;
  // a hit on an entry the current tables no longer agree with: what the stale-tlb story is about
  const stale = tlbEntry !== null && isStale(trace.world, v, cpu.httbr, tlbEntry);
  return (
    <div className="inspector">
      <form className="inspect-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="inspect-va">HYP VA</label>
        <input
          id="inspect-va"
          className="mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!valid}
          aria-describedby="inspect-hint"
        />
        <span id="inspect-hint" className={valid ? 'dim' : 'fault-line'}>
          {valid
            ? `quick picks:`
            : 'Type a 32-bit address in hex: 0xffff0000, ffff0000 or 0xffff_0000.'}
        </span>
        {[
          ['idmap', k.idmapStart],
          ['trampoline', 0xffff0000],
          ['HYP text', trace.layout.hypCodeStart],
        ].map(([label, va]) => (
          <button key={label} type="button" onClick={() => setText(ghex(va as number))}>
            {label}
          </button>
        ))}
      </form>
      {valid && (
        <div className="inspect-grid">
          <Result title="Boot PGD" w={walkIn(k.bootPgd)} />
          <Result title="Runtime PGD" w={walkIn(k.hypPgd)} />
          <Result
            title={`HTTBR (${pgdName(cpu.httbr, k, trace.config.design)})`}
            w={cpu.httbr !== 0 ? walkIn(cpu.httbr) : null}
          />
          <div className={`inspect-result${stale ? ' stale' : ''}`} data-testid="inspect-tlb">
            <h3>TLB of CPU{cpu.id}</h3>
            {tlbEntry ? (
              <p className="pa-line">
                {stale && <span className="stale-tag">stale</span>} hit, entry {tlbIndex}: → PA{' '}
                <span className="mono">{ghex(tlbEntryPa(tlbEntry, parsed))}</span>
                <br />
                filled under {pgdName(tlbEntry.httbr, k, trace.config.design)} at step{' '}
                {tlbEntry.filledAt}
                {stale && (
                  <>
                    <br />
                    <strong className="fault-line">
                      Stale: the tables HTTBR points at now do not give this translation; the TLB
                      still answers with it until a TLBIALLH.
                    </strong>
                  </>
                )}
              </p>
            ) : (
              <p className="dim">miss: no entry for this page</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
