import { memo } from 'react';
import { decodeHsctlr, HSCTLR_RESERVED_NOTE, type CpuState } from '../../engine/machine/cpuState';
import type { Design } from '../../engine/scenario/config';
import type { Layout } from '../../engine/scenario/layout';
import type { KernelVars } from '../../engine/trace/types';
import { ghex } from '../model/format';
import { pgdName } from '../model/pgdNames';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';
import './cpu.css';

interface Row {
  readonly name: string;
  readonly value: string;
  readonly note?: string;
  /** Tooltip: what the value rests on. */
  readonly tip?: string;
  readonly changed: boolean;
  readonly wide?: boolean;
}

function rows(
  c: CpuState,
  b: CpuState,
  k: KernelVars,
  layout: Layout,
  stub: number,
  design: Design,
): Row[] {
  const inHyp = c.mode === 'hyp';
  const sp = inHyp ? c.spHyp : c.spSvc;
  const bsp = inHyp ? b.spHyp : b.spSvc;
  const h = decodeHsctlr(c.hsctlr);
  const onOff = (x: boolean) => (x ? '1' : '0');
  const r: Row[] = [
    { name: 'PC', value: ghex(c.pc), changed: false },
    { name: inHyp ? 'SP_hyp' : 'SP_svc', value: ghex(sp), changed: sp !== bsp },
  ];
  for (let i = 0; i < 4; i++)
    r.push({ name: `r${i}`, value: ghex(c.r[i]! >>> 0), changed: c.r[i] !== b.r[i] });
  r.push(
    {
      name: 'LR',
      value: ghex(inHyp ? c.lrUsr : c.lrSvc),
      changed: inHyp ? c.lrUsr !== b.lrUsr : c.lrSvc !== b.lrSvc,
    },
    { name: 'ELR_hyp', value: ghex(c.elrHyp), changed: c.elrHyp !== b.elrHyp },
    {
      name: 'HTTBR',
      value: ghex(c.httbr),
      note: pgdName(c.httbr, k, design),
      changed: c.httbr !== b.httbr,
      wide: true,
    },
    {
      name: 'HSCTLR',
      value: ghex(c.hsctlr),
      note: `M=${onOff(h.m)} (MMU ${h.m ? 'on' : 'off'}) C=${onOff(h.c)} I=${onOff(h.i)}`,
      tip: HSCTLR_RESERVED_NOTE,
      changed: c.hsctlr !== b.hsctlr,
      wide: true,
    },
    {
      name: 'HVBAR',
      value: ghex(c.hvbar),
      note: hvbarNote(c, k, layout, stub),
      changed: c.hvbar !== b.hvbar,
      wide: true,
    },
    { name: 'HTCR', value: ghex(c.htcr), changed: c.htcr !== b.htcr },
    { name: 'VTCR', value: ghex(c.vtcr), changed: c.vtcr !== b.vtcr },
    { name: 'HMAIR0', value: ghex(c.hmair0), changed: c.hmair0 !== b.hmair0 },
    { name: 'HMAIR1', value: ghex(c.hmair1), changed: c.hmair1 !== b.hmair1 },
    { name: 'SPSR_hyp', value: ghex(c.spsrHyp), changed: c.spsrHyp !== b.spsrHyp },
    { name: 'HSR', value: ghex(c.hsr), changed: c.hsr !== b.hsr },
  );
  return r;
}

function hvbarNote(c: CpuState, k: KernelVars, layout: Layout, stub: number): string {
  if (c.hvbar === k.idmapVector) return 'init vectors (idmap PA)';
  if (c.hvbar >= layout.hypCodeStart && c.hvbar < layout.hypCodeEnd)
    return 'runtime vectors (HYP VA)';
  if (c.hvbar === stub || c.hvbar === k.hypDefaultVectors) return 'hyp stub vectors (PA)';
  return '';
}

/** One register; memoised, so a step re-renders only the rows whose value or mark changed. */
const RegRow = memo(function RegRow({
  name,
  value,
  note,
  tip,
  changed,
  wide,
}: {
  name: string;
  value: string;
  note: string | undefined;
  tip: string | undefined;
  changed: boolean;
  wide: boolean;
}) {
  return (
    <div className={`reg${changed ? ' changed' : ''}${wide ? ' wide' : ''}`} data-reg={name}>
      <dt>
        {name}
        {changed && (
          <span className="chg-mark">
            <span aria-hidden="true">✱</span>
            <span className="sr-only"> (changed)</span>
          </span>
        )}
      </dt>
      <dd>
        <span className="mono" title={tip}>
          {value}
        </span>
        {note && <span className="note"> {note}</span>}
      </dd>
    </div>
  );
});

export function CpuPanel() {
  const { trace, step, before } = useCurrentStep();
  const c = step.state.cpus[step.cpu]!;
  const b = before.cpus[step.cpu]!;
  const list = rows(
    c,
    b,
    step.state.kernel,
    trace.layout,
    trace.initial.cpus[step.cpu]!.hvbar,
    trace.config.design,
  );
  const modeChanged = c.mode !== b.mode;
  return (
    <PanelFrame
      title="CPU"
      className="cpu-panel"
      resetKey={step.index}
      heading={
        <>
          CPU{c.id}{' '}
          <span className={`mode mode-${c.mode}${modeChanged ? ' changed' : ''}`}>
            {c.mode === 'hyp' ? 'HYP mode' : 'SVC mode'}
            {modeChanged && <span className="chg-tag"> changed</span>}
          </span>
          {!c.online && <span className="offline"> offline</span>}
          <span className="actor">
            {' '}
            {step.actor === 'PL1' ? 'kernel (PL1) step' : 'HYP instruction'}
          </span>
        </>
      }
    >
      <dl className="regs">
        {list.map((r) => (
          <RegRow
            key={r.name}
            name={r.name}
            value={r.value}
            note={r.note}
            tip={r.tip}
            changed={r.changed}
            wide={!!r.wide}
          />
        ))}
      </dl>
    </PanelFrame>
  );
}
