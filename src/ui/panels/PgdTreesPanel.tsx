import { memo, useCallback, useId, useMemo, useState } from 'react';
import { TRAMPOLINE_VA } from '../../engine/arch/lpae';
import type { Design } from '../../engine/scenario/config';
import { pgdModelAt, type EntryNode, type PgdModel } from '../model/pgdModel';
import { desc64, entryLabel, ghex } from '../model/format';
import { pgdTitle } from '../model/pgdNames';
import {
  HEAD_BOX,
  HEADER,
  layoutPgdPair,
  MAX_WIDTH,
  NATURAL_WIDTH,
  ROW,
  type PairLayout,
  type PlacedNode,
} from '../layout/pgdTreeLayout';
import { useCurrentStep } from '../store/useStep';
import { DescriptorTip } from './DescriptorTip';
import { FloatingTip } from './FloatingTip';
import { TreeLink, TreeNode } from './TreeNode';
import { useElementSize } from './useElementSize';
import { usePanZoom } from './usePanZoom';
import './pgdTrees.css';

function describeModel(m: PgdModel, design: Design): string {
  const t = pgdTitle(m.name, design);
  if (m.pa === null) return `${t}: not allocated at this step.`;
  const tramp =
    m.trampolinePa === null
      ? `the trampoline VA ${ghex(TRAMPOLINE_VA)} is not mapped`
      : `the trampoline VA ${ghex(TRAMPOLINE_VA)} maps to PA ${ghex(m.trampolinePa)}`;
  return `${t} at ${ghex(m.pa)}${m.active ? ', held by HTTBR' : ''}: ${tramp}.`;
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

function sharedLabel(s: NonNullable<PairLayout['shared']>): string {
  return s.idmap
    ? `one physical page at PA ${ghex(s.pa)}, mapped three times: the idmap and the trampoline VA ${ghex(TRAMPOLINE_VA)} in the boot PGD, the trampoline VA in the runtime PGD`
    : `trampoline page at PA ${ghex(s.pa)}, mapped at ${ghex(TRAMPOLINE_VA)} in both PGDs`;
}

function TreeHeads({
  layout,
  models,
  design,
}: {
  layout: PairLayout;
  models: PgdModel[];
  design: Design;
}) {
  return (
    <>
      {models.map((m) => {
        const side = m.name;
        const x = side === 'boot' ? 0 : layout.width - layout.sideWidth;
        const tagW = 78;
        return (
          <g key={side} className={`tree-head tree-${side}${m.active ? ' active' : ''}`}>
            <rect
              x={x + 1}
              y={1}
              width={layout.sideWidth - 2}
              height={HEAD_BOX}
              rx={5}
              className="tree-head-box"
            />
            <text x={x + 10} y={15} className="tree-title" dominantBaseline="middle">
              {pgdTitle(side, design)}
            </text>
            <text x={x + 10} y={35} className="mono tree-pa" dominantBaseline="middle">
              {m.pa === null
                ? design === 'single-step' && side === 'boot'
                  ? 'none before v3.10'
                  : 'not allocated'
                : ghex(m.pa)}
            </text>
            {m.active && (
              <g
                className="httbr-tag"
                transform={`translate(${x + layout.sideWidth - tagW - 6},${(HEAD_BOX - 24) / 2 + 1})`}
              >
                <rect width={tagW} height={24} rx={12} className="httbr-pill" />
                <text x={tagW / 2} y={13} textAnchor="middle" dominantBaseline="middle">
                  ◀ HTTBR
                </text>
              </g>
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
    </>
  );
}

/**
 * The links, nodes and the shared page: the bulk of the panel's DOM. Memoised on the layout, so
 * the steps that change nothing the trees show (most of them) skip it altogether.
 */
const TreeDrawing = memo(function TreeDrawing({
  layout,
  hatchId,
  showTip,
  hideTip,
}: {
  layout: PairLayout;
  hatchId: string;
  showTip: (id: string, el: Element) => void;
  hideTip: () => void;
}) {
  return (
    <>
      {layout.links.map((l) => (
        <TreeLink
          key={l.id}
          d={l.path}
          toShared={l.id.endsWith('->shared')}
          className={`tree-link${l.trampoline ? ' trampoline' : ''}${l.idmap ? ' idmap' : ''}${l.onWalk ? ' walk' : ''}`}
        />
      ))}
      {layout.nodes.map((p) => {
        const n = p.node;
        const entry = n.kind !== 'more' && n.kind !== 'pgd-page' ? (n as EntryNode) : null;
        const dirty = entry !== null && entry.desc !== entry.descAtPoc;
        const cls = [
          'tree-node',
          `side-${p.side}`,
          n.kind,
          entry?.trampoline ? 'trampoline' : '',
          entry?.onWalk ? 'walk' : '',
          entry?.changed ? 'changed' : '',
          dirty ? 'dirty' : '',
          n.kind === 'pgd-page' && n.entry.idmap ? 'idmap' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <TreeNode
            key={p.id}
            id={p.id}
            x={p.x}
            y={p.y}
            width={p.width}
            className={cls}
            label={nodeLabel(p)}
            text={nodeText(p)}
            focusable={n.kind !== 'more'}
            dirtyFill={dirty ? `url(#${hatchId})` : null}
            newTag={entry?.changed ? (p.side === 'boot' ? 'start' : 'end') : null}
            onShow={entry ? showTip : null}
            onHide={hideTip}
          />
        );
      })}
      {layout.shared && (
        <g
          className={`shared-page${layout.shared.idmap ? ' idmap' : ''}`}
          transform={`translate(${layout.shared.x},${layout.shared.y - ROW + 2})`}
          role="img"
          aria-label={sharedLabel(layout.shared)}
        >
          <rect
            width={layout.shared.width}
            height={ROW * 2 - 4 + (layout.shared.idmap ? 18 : 0)}
            rx={6}
            className="shared-box"
          />
          <text
            x={layout.shared.width / 2}
            y={ROW / 2 + 1}
            textAnchor="middle"
            dominantBaseline="middle"
            className="shared-title"
          >
            trampoline page
          </text>
          {layout.shared.idmap && (
            <text
              x={layout.shared.width / 2}
              y={ROW + 4}
              textAnchor="middle"
              dominantBaseline="middle"
              className="shared-sub"
            >
              = the idmap page
            </text>
          )}
          <text
            x={layout.shared.width / 2}
            y={ROW + ROW / 2 - 2 + (layout.shared.idmap ? 16 : 0)}
            textAnchor="middle"
            dominantBaseline="middle"
            className="mono shared-pa"
          >
            {ghex(layout.shared.pa)}
          </text>
        </g>
      )}
    </>
  );
});

/** Both PGDs as trees, boot on the left, runtime mirrored on the right, the trampoline page between. */
export function PgdTreesPanel() {
  const { trace, step } = useCurrentStep();
  const [tip, setTip] = useState<{ id: string; el: Element } | null>(null);
  // ids unique per instance (the compare view draws two), safe inside url(#...)
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const descId = `pgd-trees-desc${uid}`;
  const hatchId = `hatch${uid}`;
  const { svgRef, gRef, zoomBy, fit, onKeyDown, STEP } = usePanZoom<SVGSVGElement, SVGGElement>();
  const cpu = step.state.cpus[step.cpu]!;
  const { boot, runtime } = useMemo(() => {
    const k = step.state.kernel;
    return {
      boot: pgdModelAt(trace, step, 'boot', k.bootPgd, cpu.httbr),
      runtime: pgdModelAt(trace, step, 'runtime', k.hypPgd, cpu.httbr),
    };
  }, [trace, step, cpu.httbr]);
  const [viewportRef, box] = useElementSize<HTMLDivElement>();
  const layout = useMemo(() => {
    // a panel wider than the drawing's shape spreads the columns (up to MAX_WIDTH) rather than
    // leave both sides empty; the scale, and so the type size, stays what the height allows
    const natural = layoutPgdPair(boot, runtime, NATURAL_WIDTH);
    if (box.width <= 0 || box.height <= 0) return natural;
    const fitted = Math.round((natural.height * box.width) / box.height);
    const width = Math.min(MAX_WIDTH, Math.max(NATURAL_WIDTH, fitted));
    return width === NATURAL_WIDTH ? natural : layoutPgdPair(boot, runtime, width);
  }, [boot, runtime, box.width, box.height]);
  const tipNode = tip ? layout.nodes.find((n) => n.id === tip.id) : undefined;
  const design = trace.config.design;
  const same =
    boot.trampolinePa !== null && runtime.trampolinePa !== null
      ? boot.trampolinePa === runtime.trampolinePa
      : null;
  const showTip = useCallback((id: string, el: Element) => setTip({ id, el }), []);
  const hideTip = useCallback(() => setTip(null), []);

  return (
    <div className="pgd-trees">
      <p className="sr-only" id={descId}>
        {describeModel(boot, design)} {describeModel(runtime, design)}
        {layout.shared ? ` The ${sharedLabel(layout.shared)}.` : ''}
        {same === false ? ' The two trampoline paths end on different pages.' : ''}
      </p>
      <div className="pgd-viewport" ref={viewportRef}>
        <svg
          ref={svgRef}
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          preserveAspectRatio="xMidYMid meet"
          role="group"
          aria-label="Boot and runtime HYP page tables (+ and - zoom, 0 fits)"
          aria-describedby={descId}
          className="pgd-svg"
          // the measured size in px rather than 100%: the panel's flex column lays the viewport
          // out twice per key (a measure at its min-height, then its size), and an SVG whose
          // size changes lays all its text out again: twice a key, on every key
          style={box.width > 0 ? { width: box.width, height: box.height } : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
        >
          <defs>
            <pattern
              id={hatchId}
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect width="6" height="6" className="hatch-bg" />
              <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
            </pattern>
          </defs>
          <g ref={gRef} className="pgd-zoom">
            <TreeHeads layout={layout} models={[boot, runtime]} design={design} />
            <TreeDrawing layout={layout} hatchId={hatchId} showTip={showTip} hideTip={hideTip} />
          </g>
        </svg>
      </div>
      {tip && tipNode && tipNode.node.kind !== 'more' && tipNode.node.kind !== 'pgd-page' && (
        <FloatingTip anchor={tip.el}>
          <DescriptorTip
            level={tipNode.node.level}
            index={tipNode.node.index}
            descAddr={tipNode.node.descAddr}
            desc={tipNode.node.desc}
            descAtPoc={tipNode.node.descAtPoc}
          />
        </FloatingTip>
      )}
      <div className="tree-foot">
        <p className="tree-legend">
          <span className="legend-tramp">━ trampoline path</span>
          <span className="legend-walk">━ this step&apos;s walk</span>
          <span className="legend-new">new = changed in this step</span>
          <span className="legend-dirty">hatched = not cleaned to the PoC yet</span>
          {same !== null && (
            <span className="legend-same">
              trampoline: {same ? 'same page in both PGDs' : 'different pages!'}
            </span>
          )}
        </p>
        <div className="zoom-buttons">
          <button
            type="button"
            onClick={() => zoomBy(STEP)}
            aria-label="Zoom in (+)"
            title="Zoom in (+)"
          >
            +
          </button>
          <button
            type="button"
            onClick={() => zoomBy(1 / STEP)}
            aria-label="Zoom out (-)"
            title="Zoom out (-)"
          >
            −
          </button>
          <button type="button" onClick={fit} title="Fit both trees (0)">
            Fit
          </button>
        </div>
      </div>
    </div>
  );
}
