import { useMemo } from 'react';
import { hypVaRegions, physicalRegions, regionMappings } from '../model/addressRegions';
import { ghex } from '../model/format';
import { makeStripScale, placeRegions, type PlacedRegion } from '../layout/addressStripLayout';
import { useCurrentStep } from '../store/useStep';
import { pgdName } from '../model/pgdNames';
import { useElementWidth } from './useElementWidth';

const PA_Y = 34;
const VA_Y = 170;
const BAR = 30;

function Band({ regions, y, axis }: { regions: readonly PlacedRegion[]; y: number; axis: string }) {
  // big regions first so small ones are drawn on top of them
  const sorted = [...regions].sort((a, b) => b.end - b.start - (a.end - a.start));
  return (
    <g className={`band band-${axis}`}>
      {sorted.map((r) => {
        const w = Math.max(3, r.x1 - r.x0);
        const showLabel = w > r.label.length * 7.5 + 8;
        return (
          <g key={r.id} className={`region region-${r.kind}`}>
            <rect x={r.x0} y={y} width={w} height={BAR} rx={2}>
              <title>{`${r.label}: ${ghex(r.start)}–${ghex(r.end)}`}</title>
            </rect>
            {showLabel && (
              <text
                x={r.x0 + w / 2}
                y={y + BAR / 2 + 1}
                textAnchor="middle"
                dominantBaseline="middle"
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

/** Physical memory above, HYP VA space below, the active PGD's mappings drawn between them. */
export function AddressStripPanel() {
  const { trace, step } = useCurrentStep();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const w = Math.max(width, 600) - 8;
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
        log of their size.
      </p>
      <svg
        width={w}
        height={VA_Y + BAR + 30}
        role="img"
        aria-label={`Address space: ${model.maps.length} mapped regions of the ${pgd === null ? 'no' : pgdName(pgd, k, trace.config.design)} between HYP VA space and physical memory`}
      >
        <text x={0} y={PA_Y - 8} className="axis-label">
          physical memory
        </text>
        <text x={0} y={VA_Y + BAR + 34} className="axis-label">
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
    </div>
  );
}
