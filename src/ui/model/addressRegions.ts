import { TRAMPOLINE_VA } from '../../engine/arch/lpae';
import type { HypVa } from '../../engine/arch/types';
import { walk } from '../../engine/cpu/walk';
import { GICH_BASE, GICH_SIZE, virtToPhys } from '../../engine/scenario/layout';
import type { Step, Trace } from '../../engine/trace/types';
import type { Region } from '../layout/addressStripLayout';

const PAGE = 4096;
const pageOf = (a: number) => Math.floor(a / PAGE) * PAGE;

/** Physical memory as the strip shows it at a step: RAM, kernel image, idmap, bounce, tables, stacks. */
export function physicalRegions(trace: Trace, step: Step): Region[] {
  const L = trace.layout;
  const k = step.state.kernel;
  const out: Region[] = [
    { id: 'ram', start: L.physOffset, end: L.ramEnd, label: 'RAM', kind: 'ram' },
    { id: 'kernel', start: L.kernelStart, end: L.kernelEnd, label: 'kernel image', kind: 'kernel' },
    { id: 'gich', start: GICH_BASE, end: GICH_BASE + GICH_SIZE, label: 'GICH', kind: 'device' },
    {
      id: 'idmap',
      start: pageOf(k.idmapStart),
      end: pageOf(k.idmapEnd - 1) + PAGE,
      label: 'idmap page',
      kind: 'idmap',
    },
  ];
  const version = step.state.version;
  for (const pfn of trace.world.owners.keys()) {
    const o = trace.world.owners.get(pfn, version);
    if (
      !o ||
      (o.kind !== 'l2-table' &&
        o.kind !== 'l3-table' &&
        o.kind !== 'bounce' &&
        o.kind !== 'hyp-stack')
    )
      continue;
    out.push({
      id: `pfn-${pfn}`,
      start: pfn * PAGE,
      end: pfn * PAGE + PAGE,
      label: o.label,
      kind: o.kind,
    });
  }
  return out;
}

/** The HYP VA regions of interest: the idmap VA, the trampoline, HYP text, stacks, host state, GICH. */
export function hypVaRegions(trace: Trace, step: Step): Region[] {
  const L = trace.layout;
  const k = step.state.kernel;
  const out: Region[] = [
    {
      id: 'va-idmap',
      start: pageOf(k.idmapStart),
      end: pageOf(k.idmapEnd - 1) + PAGE,
      label: 'idmap VA = PA',
      kind: 'idmap',
    },
    {
      id: 'va-tramp',
      start: TRAMPOLINE_VA,
      end: TRAMPOLINE_VA + PAGE,
      label: 'trampoline',
      kind: 'trampoline',
    },
    {
      id: 'va-text',
      start: pageOf(L.hypCodeStart),
      end: pageOf(L.hypCodeEnd - 1) + PAGE,
      label: 'HYP text',
      kind: 'text',
    },
    {
      id: 'va-gich',
      start: L.gichVa,
      end: L.gichVa + GICH_SIZE,
      label: 'GICH (vmalloc)',
      kind: 'device',
    },
  ];
  k.stackPages.forEach((s, cpu) => {
    if (s !== null)
      out.push({
        id: `va-stack-${cpu}`,
        start: s,
        end: s + PAGE,
        label: `CPU${cpu} stack`,
        kind: 'hyp-stack',
      });
  });
  for (let cpu = 0; cpu < trace.config.cpus; cpu++) {
    const va = L.percpuBase + cpu * L.percpuUnit + L.hostStateOffset;
    out.push({
      id: `va-host-${cpu}`,
      start: pageOf(va),
      end: pageOf(va + L.hostStateSize - 1) + PAGE,
      label: `CPU${cpu} host state`,
      kind: 'host',
    });
  }
  if (trace.config.mapLowmem)
    out.push({
      id: 'va-lowmem',
      start: L.pageOffset,
      end: L.highMemory,
      label: 'lowmem',
      kind: 'lowmem',
    });
  return out;
}

export interface StripMapping {
  readonly id: string;
  readonly vaStart: number;
  readonly vaEnd: number;
  readonly paStart: number;
  readonly kind: string;
  /** True when only the region's first page was found mapped (its last page is not, yet). */
  readonly partial: boolean;
}

/**
 * The mappings of one PGD between the VA regions and physical memory, found by walking each
 * region's first and last page: bounded work per step, however much the PGD maps.
 */
export function regionMappings(
  trace: Trace,
  step: Step,
  pgd: number | null,
  regions: readonly Region[],
): StripMapping[] {
  if (pgd === null) return [];
  const v = step.state.version;
  const out: StripMapping[] = [];
  for (const r of regions) {
    const first = walk(trace.world, v, pgd, r.start as HypVa, 'coherent', null);
    if (first.pa === null) continue;
    const last = walk(trace.world, v, pgd, (r.end - PAGE) as HypVa, 'coherent', null);
    out.push({
      id: r.id,
      vaStart: r.start,
      vaEnd: r.end,
      paStart: first.pa,
      kind: r.kind,
      partial: last.pa === null,
    });
  }
  return out;
}

export { virtToPhys };
