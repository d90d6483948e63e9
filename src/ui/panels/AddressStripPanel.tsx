import { useMemo } from 'react';
import { hypVaRegions, physicalRegions, regionMappings } from '../model/addressRegions';
import { ghex } from '../model/format';
import { makeStripScale, placeRegions, type PlacedRegion } from '../layout/addressStripLayout';
import { useAppStore } from '../store/StoreContext';
import { useCurrentStep } from '../store/useStep';

const selectRulerOpen = (s: import('../store/appStore').AppState) => s.rulerOpen;
const selectSetRulerOpen = (s: import('../store/appStore').AppState) => s.setRulerOpen;
import { pgdName } from '../model/pgdNames';
import { useElementWidth } from './useElementWidth';
import { IdmapRuler } from '../editor/IdmapRuler';
import './addressStrip.css';

const PA_Y = 34;
const VA_Y = 140;
const BAR = 30;
const CHAR = 7.5; // px per character of the 12 px labels, a safe over-estimate

/** What each kind of box is, for the legend (every box has a kind, not every box room for a label). */
const KIND_NAME: Readonly<Record<string, string>> = {
  ram: 'RAM',
  kernel: 'kernel image',
  device: 'device (GICH)',
  idmap: 'idmap page',
  trampoline: 'trampoline page',
  bounce: 'bounce page',
  'l2-table': 'L2 table page',
  'l3-table': 'L3 table page',
  'hyp-stack': 'HYP stack',
  host: 'host state',
  text: 'HYP text',
  lowmem: 'lowmem',
};

/**
 * Where a region's label goes: centred, else at its left or right end, never under a smaller
 * region drawn on top of it; null when it fits nowhere (the legend and the tooltip name it).
 */
function labelPlace(
  r: PlacedRegion,
  all: readonly PlacedRegion[],
): { x: number; anchor: 'start' | 'middle' | 'end' } | null {
  const w = r.x1 - r.x0;
  const lw = r.label.length * CHAR + 8;
  if (w < lw) return null;
  const size = r.end - r.start;
  const covers = (a: number, b: number) =>
    all.some((o) => o !== r && o.end - o.start < size && o.x1 > a && o.x0 < b);
  const cx = r.x0 + w / 2;
  if (!covers(cx - lw / 2, cx + lw / 2)) return { x: cx, anchor: 'middle' };
  if (!covers(r.x0, r.x0 + lw)) return { x: r.x0 + 4, anchor: 'start' };
  if (!covers(r.x1 - lw, r.x1)) return { x: r.x1 - 4, anchor: 'end' };
  return null;
}

function Band({ regions, y, axis }: { regions: readonly PlacedRegion[]; y: number; axis: string }) {
  // big regions first so small ones are drawn on top of them
  const sorted = [...regions].sort((a, b) => b.end - b.start - (a.end - a.start));
  return (
    <g className={`band band-${axis}`}>
      {sorted.map((r) => {
        const w = Math.max(3, r.x1 - r.x0);
        const place = labelPlace(r, regions);
        return (
          <g key={r.id} className={`region region-${r.kind}`} data-label={r.label}>
            <rect x={r.x0} y={y} width={w} height={BAR} rx={2}>
              <title>{`${r.label}: ${ghex(r.start)}–${ghex(r.end)}`}</title>
            </rect>
            {place && (
              <text
                x={place.x}
                y={y + BAR / 2 + 1}
                textAnchor={place.anchor}
                dominantBaseline="middle"
                className="region-label"
              >
                {r.label}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

function Legend({ regions }: { regions: readonly PlacedRegion[] }) {
  const kinds = [...new Set(regions.map((r) => r.kind))];
  return (
    <ul className="strip-legend" aria-label="Kinds of region">
      {kinds.map((k) => (
        <li key={k}>
          <svg width="22" height="14" aria-hidden="true" className={`region region-${k}`}>
            <rect x="1" y="1" width="20" height="12" rx="2" />
          </svg>{' '}
          {KIND_NAME[k] ?? k}
          <span className="dim"> ({regions.filter((r) => r.kind === k).length})</span>
        </li>
      ))}
    </ul>
  );
}

/** Physical memory above, HYP VA space below, the active PGD's mappings drawn between them. */
export function AddressStripPanel() {
  const { trace, step } = useCurrentStep();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const moving = useAppStore(selectRulerOpen);
  const setMoving = useAppStore(selectSetRulerOpen);
  const w = Math.max(width, 320);
  const cpu = step.state.cpus[step.cpu]!;
  const k = step.state.kernel;
  const pgd = cpu.httbr !== 0 ? cpu.httbr : (k.hypPgd ?? k.bootPgd);
  const model = useMemo(() => {
    const pa = physicalRegions(trace, step);
    const va = hypVaRegions(trace, step);
    const maps = regionMappings(trace, step, pgd, va);
    const paScale = makeStripScale(pa, w);
    const vaScale = makeStripScale(va, w);
    return {
      pa: placeRegions(pa, paScale),
      va: placeRegions(va, vaScale),
      maps: maps.map((m) => ({
        ...m,
        d: `M${vaScale(m.vaStart)},${VA_Y}L${Math.max(vaScale(m.vaEnd), vaScale(m.vaStart) + 3)},${VA_Y}L${Math.max(paScale(m.paStart + (m.vaEnd - m.vaStart)), paScale(m.paStart) + 3)},${PA_Y + BAR}L${paScale(m.paStart)},${PA_Y + BAR}Z`,
      })),
    };
  }, [trace, step, pgd, w]);
  return (
    <div className="address-strip" ref={ref}>
      <p className="strip-caption">
        Mappings of the {cpu.httbr !== 0 ? 'active' : 'current'} PGD:{' '}
        <strong>{pgd === null ? 'none yet' : pgdName(pgd, k, trace.config.design)}</strong>
        {pgd !== null && <span className="mono"> {ghex(pgd)}</span>}. Segment widths grow with the
        log of their size.{' '}
        <button type="button" aria-expanded={moving} onClick={() => setMoving(!moving)}>
          {moving ? 'Done moving the idmap' : 'Move .hyp.idmap.text…'}
        </button>
      </p>
      {moving && <IdmapRuler width={w} />}
      <svg
        width={w}
        height={VA_Y + BAR + 26}
        role="img"
        aria-label={`Address space: ${model.maps.length} mapped regions of the ${pgd === null ? 'no' : pgdName(pgd, k, trace.config.design)} between HYP VA space and physical memory`}
      >
        <text x={0} y={PA_Y - 8} className="axis-label">
          physical memory
        </text>
        <text x={0} y={VA_Y + BAR + 20} className="axis-label">
          HYP virtual address space
        </text>
        {model.maps.map((m) => (
          <path
            key={m.id}
            d={m.d}
            className={`mapping mapping-${m.kind}${m.partial ? ' partial' : ''}`}
          >
            <title>{`${ghex(m.vaStart)}–${ghex(m.vaEnd)} → ${ghex(m.paStart)}${m.partial ? ' (partly mapped so far)' : ''}`}</title>
          </path>
        ))}
        <Band regions={model.pa} y={PA_Y} axis="pa" />
        <Band regions={model.va} y={VA_Y} axis="va" />
      </svg>
      <Legend regions={[...model.pa, ...model.va]} />
    </div>
  );
}
