import { decodeHsctlr } from '../../engine/machine/cpuState';
import { ghex } from '../model/format';
import { useCurrentStep } from '../store/useStep';

/**
 * The registers the dual-step story turns on, for the step's CPU, compact enough for half a
 * screen. Each row carries data-reg with the name the alignment's differences use, so the
 * compare view can mark the ones that differ.
 */
export function CompareRegisters() {
  const { step } = useCurrentStep();
  const c = step.state.cpus[step.cpu];
  if (!c) return null;
  const h = decodeHsctlr(c.hsctlr);
  const rows: [string, string, string?][] = [
    ['mode', c.mode === 'hyp' ? 'HYP' : c.mode.toUpperCase()],
    ['PC', ghex(c.pc)],
    ['HTTBR', ghex(c.httbr)],
    ['HSCTLR', ghex(c.hsctlr), `MMU ${h.m ? 'on' : 'off'}`],
    ['HVBAR', ghex(c.hvbar)],
    ['SP_hyp', ghex(c.spHyp)],
    ['ELR_hyp', ghex(c.elrHyp)],
    ['HSR', ghex(c.hsr)],
  ];
  return (
    <section className="compare-regs" aria-label={`CPU${step.cpu} registers`}>
      <h3>CPU{step.cpu}</h3>
      <dl>
        {rows.map(([name, value, note]) => (
          <div key={name} data-reg={name} className="compare-reg">
            <dt>{name}</dt>
            <dd className="mono" title={note}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
