import type { Difference } from '../../engine/compare/diff';

/*
 * The "differs" cue on the app's own panels, without teaching each panel about comparisons:
 * attribute selectors on what the panels already mark (data-reg on CPU rows, data-id on tree
 * nodes, data-va on TLB rows), scoped to one column.
 */
const CSS_IDENT = /^[A-Za-z0-9_]+$/;

export function differenceStyle(
  scope: string,
  differences: readonly Difference[],
  side: 'left' | 'right',
): string {
  const targets: string[] = [];
  for (const d of differences) {
    if (d.kind === 'register' && CSS_IDENT.test(d.name)) targets.push(`[data-reg="${d.name}"]`);
    else if (d.kind === 'descriptor' && (side === 'left' ? d.left : d.right) !== null) {
      // tree node ids are "<pgd>:1.i/2.j/3.k"; a level-1 entry ends ":1.i", deeper ones "/L.i"
      const pgd = d.pgd ?? '';
      const tail = d.level === 1 ? `:1.${d.index}` : `/${d.level}.${d.index}`;
      targets.push(`[data-id^="${pgd}:"][data-id$="${tail}"]`);
    } else if (d.kind === 'stale-tlb' && d.side === side)
      targets.push(`[data-va="0x${(d.va >>> 0).toString(16)}"]`);
  }
  if (targets.length === 0) return '';
  const sel = targets.map((t) => `${scope} ${t}`).join(',\n');
  return `${sel} { outline: 3px solid var(--diff, #c2185b); outline-offset: -1px; }
${targets.map((t) => `${scope} g${t} rect`).join(',\n')} { stroke: var(--diff, #c2185b); stroke-width: 4; }`;
}
