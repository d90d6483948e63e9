import { useMemo, useState } from 'react';
import { TRAMPOLINE_VA } from '../../engine/arch/lpae';
import { buildPgdModel, type EntryNode, type PgdModel } from '../model/pgdModel';
import { desc64, entryLabel, ghex } from '../model/format';
import { HEADER, layoutPgdPair, ROW, type PlacedNode } from '../layout/pgdTreeLayout';
import { useCurrentStep } from '../store/useStep';
import { useElementWidth } from './useElementWidth';
import { DescriptorTip } from './DescriptorTip';

function describeModel(m: PgdModel, otherName: string): string {
  if (m.pa === null) return `${title(m)}: not allocated at this step.`;
  const tramp =
    m.trampolinePa === null
      ? `the trampoline VA ${ghex(TRAMPOLINE_VA)} is not mapped`
      : `the trampoline VA ${ghex(TRAMPOLINE_VA)} maps to PA ${ghex(m.trampolinePa)}`;
  return `${title(m)} at ${ghex(m.pa)}${m.active ? ', held by HTTBR' : ''}: ${tramp}. ${otherName}`;
}

function title(m: PgdModel): string {
  return m.name === 'boot' ? 'Boot PGD' : 'Runtime PGD';
}

function nodeText(p: PlacedNode): string {
  const n = p.node;
  if (n.kind === 'more') return `+${n.count} more`;
  if (n.kind === 'pgd-page') return ghex(n.pa);
  return `[${entryLabel(n.level, n.index).replace(/^L\d\[|\]$/g, '')}]`;
}

function nodeLabel(p: PlacedNode): string {
  const n = p.node;
  if (n.kind === 'more') return `${n.count} more populated entries at level ${n.level}, not drawn`;
  if (n.kind === 'pgd-page')
    return `page at PA ${ghex(n.pa)}, mapped at VA ${ghex(n.entry.va)}${n.entry.idmap ? ' (the idmap)' : ''}`;
  const flags = [
    n.trampoline ? 'on the trampoline path' : '',
    n.idmap ? 'on the idmap path' : '',
    n.onWalk ? "on this step's walk" : '',
    n.changed ? 'changed in this step' : '',
    n.desc !== n.descAtPoc ? 'not yet cleaned to the PoC' : '',
  ].filter(Boolean);
  return `${entryLabel(n.level, n.index)}: ${n.kind} descriptor ${desc64(n.desc)} for VA ${ghex(n.va)}${flags.length ? ', ' + flags.join(', ') : ''}`;
}

/** Both PGDs as trees, boot on the left, runtime mirrored on the right, the trampoline page between. */
export function PgdTreesPanel() {
  const { trace, step } = useCurrentStep();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const [tip, setTip] = useState<string | null>(null);
  const cpu = step.state.cpus[step.cpu]!;
  const { boot, runtime } = useMemo(() => {
    const k = step.state.kernel;
    return {
      boot: buildPgdModel(trace, step, 'boot', k.bootPgd, cpu.httbr),
      runtime: buildPgdModel(trace, step, 'runtime', k.hypPgd, cpu.httbr),
    };
  }, [trace, step, cpu.httbr]);
  const layout = useMemo(
    () => layoutPgdPair(boot, runtime, Math.max(width, 640)),
    [boot, runtime, width],
  );
  const tipNode = layout.nodes.find((n) => n.id === tip);
  const design = trace.config.design;
  const same =
    boot.trampolinePa !== null && runtime.trampolinePa !== null
      ? boot.trampolinePa === runtime.trampolinePa
      : null;

  return (
    <div className="pgd-trees" ref={ref}>
      <p className="sr-only" id="pgd-trees-desc">
        {describeModel(boot, '')} {describeModel(runtime, '')}
        {same === true ? ' Both trampoline paths end on the same physical page.' : ''}
      </p>
      <svg
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label="Boot and runtime HYP page tables"
        aria-describedby="pgd-trees-desc"
        className="pgd-svg"
      >
        <defs>
          <pattern
            id="hatch"
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
          </pattern>
        </defs>
        {(['boot', 'runtime'] as const).map((side) => {
          const m = side === 'boot' ? boot : runtime;
          const x = side === 'boot' ? 0 : layout.width - layout.sideWidth;
          return (
            <g key={side} className={`tree-head tree-${side}${m.active ? ' active' : ''}`}>
              <rect
                x={x + 1}
                y={1}
                width={layout.sideWidth - 2}
                height={30}
                rx={5}
                className="tree-head-box"
              />
              <text x={x + 10} y={16} className="tree-title" dominantBaseline="middle">
                {title(m)}
                <tspan className="mono tree-pa">
                  {' '}
                  {m.pa === null
                    ? design === 'single-step' && side === 'boot'
                      ? 'none before v3.10'
                      : 'not allocated'
                    : ghex(m.pa)}
                </tspan>
              </text>
              {m.active && (
                <text
                  x={x + layout.sideWidth - 10}
                  y={16}
                  textAnchor="end"
                  dominantBaseline="middle"
                  className="httbr-tag"
                >
                  ◀ HTTBR
                </text>
              )}
              {m.pa !== null &&
                ['L1', 'L2', 'L3', 'PA'].map((c, i) => (
                  <text
                    key={c}
                    x={layout.columnX[i]![side] + layout.columnX[i]!.width / 2}
                    y={HEADER - 8}
                    textAnchor="middle"
                    className="col-caption"
                    aria-hidden="true"
                  >
                    {c}
                  </text>
                ))}
            </g>
          );
        })}
        {layout.links.map((l) => (
          <path
            key={l.id}
            d={l.path}
            className={`tree-link${l.trampoline ? ' trampoline' : ''}${l.onWalk ? ' walk' : ''}`}
          />
        ))}
        {layout.nodes.map((p) => {
          const n = p.node;
          const entry = n.kind !== 'more' && n.kind !== 'pgd-page' ? (n as EntryNode) : null;
          const cls = [
            'tree-node',
            `side-${p.side}`,
            n.kind,
            entry?.trampoline ? 'trampoline' : '',
            entry?.onWalk ? 'walk' : '',
            entry?.changed ? 'changed' : '',
            entry && entry.desc !== entry.descAtPoc ? 'dirty' : '',
            n.kind === 'pgd-page' && n.entry.idmap ? 'idmap' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <g
              key={p.id}
              className={cls}
              transform={`translate(${p.x},${p.y - ROW / 2 + 3})`}
              tabIndex={n.kind === 'more' ? -1 : 0}
              role="img"
              aria-label={nodeLabel(p)}
              onMouseEnter={() => entry && setTip(p.id)}
              onMouseLeave={() => setTip(null)}
              onFocus={() => entry && setTip(p.id)}
              onBlur={() => setTip(null)}
            >
              <rect width={p.width} height={ROW - 6} rx={4} className="node-box" />
              {entry && entry.desc !== entry.descAtPoc && (
                <rect
                  width={p.width}
                  height={ROW - 6}
                  rx={4}
                  fill="url(#hatch)"
                  className="dirty-fill"
                />
              )}
              <text
                x={p.width / 2}
                y={(ROW - 6) / 2 + 1}
                textAnchor="middle"
                dominantBaseline="middle"
                className="node-text"
              >
                {nodeText(p)}
              </text>
              {entry?.changed && (
                <text
                  x={p.side === 'boot' ? p.width + 2 : -2}
                  y={-1}
                  textAnchor={p.side === 'boot' ? 'start' : 'end'}
                  className="new-tag"
                >
                  new
                </text>
              )}
            </g>
          );
        })}
        {layout.shared && (
          <g
            className="shared-page"
            transform={`translate(${layout.shared.x},${layout.shared.y - ROW + 2})`}
            role="img"
            aria-label={`trampoline page at PA ${ghex(layout.shared.pa)}, mapped at ${ghex(TRAMPOLINE_VA)} in both PGDs`}
          >
            <rect width={layout.shared.width} height={ROW * 2 - 4} rx={6} className="shared-box" />
            <text
              x={layout.shared.width / 2}
              y={ROW / 2 + 1}
              textAnchor="middle"
              dominantBaseline="middle"
              className="shared-title"
            >
              trampoline page
            </text>
            <text
              x={layout.shared.width / 2}
              y={ROW + ROW / 2 - 2}
              textAnchor="middle"
              dominantBaseline="middle"
              className="mono shared-pa"
            >
              {ghex(layout.shared.pa)}
            </text>
          </g>
        )}
      </svg>
      {tipNode && tipNode.node.kind !== 'more' && tipNode.node.kind !== 'pgd-page' && (
        <div
          className="tip-anchor"
          style={{
            left: Math.min(tipNode.x, layout.width - 420),
            top: tipNode.y + ROW / 2 + 4,
          }}
        >
          <DescriptorTip
            level={tipNode.node.level}
            index={tipNode.node.index}
            descAddr={tipNode.node.descAddr}
            desc={tipNode.node.desc}
            descAtPoc={tipNode.node.descAtPoc}
          />
        </div>
      )}
      <p className="tree-legend">
        <span className="legend-tramp">━ trampoline path</span>
        <span className="legend-walk">━ this step&apos;s walk</span>
        <span className="legend-new">new = changed in this step</span>
        <span className="legend-dirty">hatched = not yet cleaned to the PoC</span>
        {same !== null && (
          <span className="legend-same">
            trampoline: {same ? 'same page in both PGDs' : 'different pages!'}
          </span>
        )}
      </p>
    </div>
  );
}
