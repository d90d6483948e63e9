/**
 * The page tables and the address space as plain SVG figures: the panels are drawn off screen
 * at a fixed width, their SVG copied as shapes and <text>, their HTML captions and legends
 * flowed as <text>, under a heading that names the scenario and the step.
 */
import { findPreset } from '../../engine/scenario/presets';
import { AddressStripPanel } from '../panels/AddressStripPanel';
import { PgdTreesPanel } from '../panels/PgdTreesPanel';
import type { AppStore } from '../store/appStore';
import { getTrace } from '../store/traceCache';
import { stepAt } from '../store/useStep';
import { buildFigure, type Figure } from './figure';
import { renderOffscreen } from './offscreen';
import { blocksOf } from './panelBlocks';
import { run, styleOf, type Item, type TextStyle } from './textFlow';

export type VectorPart = 'page-tables' | 'address-space';

/** The width panels are drawn at for an export: a 1280 px slide. */
export const FIGURE_WIDTH = 1280;

const PART_NAME: Readonly<Record<VectorPart, string>> = {
  'page-tables': 'Page tables',
  'address-space': 'Address space',
};

function pageStyle(): { base: TextStyle; background: string } {
  const cs = getComputedStyle(document.body);
  const base = styleOf(cs);
  const root = getComputedStyle(document.documentElement);
  const background = root.getPropertyValue('--panel').trim() || cs.backgroundColor;
  return { base, background };
}

/** "Dual-step HYP init (Linux v3.10) · step 170 of 222: ldr r0, …" for the figure's heading. */
export function figureContext(store: AppStore): string {
  const s = store.getState();
  const trace = getTrace(s.config);
  const { step } = stepAt(trace, s.cursor);
  const scenario = findPreset(s.presetName)?.title ?? s.presetName;
  return `${scenario} · step ${step.index} of ${trace.steps.length}: ${step.title}`;
}

function heading(title: string, context: string, base: TextStyle): Item[] {
  return [
    [
      run(title, { ...base, size: 20, weight: '700' }),
      run(` · ${context}`, { ...base, size: 16, weight: '400' }),
    ],
  ];
}

/** The page tables or the address space at the app's current step, as a plain SVG figure. */
export async function vectorFigure(store: AppStore, part: VectorPart): Promise<Figure> {
  const { base, background } = pageStyle();
  const context = figureContext(store);
  const panel = part === 'page-tables' ? <PgdTreesPanel /> : <AddressStripPanel />;
  return renderOffscreen(store, panel, FIGURE_WIDTH, (host) =>
    buildFigure({
      background,
      title: `${PART_NAME[part]} · ${context}`,
      blocks: [{ kind: 'text', items: heading(PART_NAME[part], context, base) }, ...blocksOf(host)],
    }),
  );
}

/** One slide of a talk: both page tables and the address space, under the moment's name. */
export async function slideFigure(store: AppStore, title: string): Promise<Figure> {
  const { base, background } = pageStyle();
  const context = figureContext(store);
  const panels = (
    <>
      <PgdTreesPanel />
      <AddressStripPanel />
    </>
  );
  return renderOffscreen(store, panels, FIGURE_WIDTH, (host) =>
    buildFigure({
      background,
      title: `${title} · ${context}`,
      blocks: [{ kind: 'text', items: heading(title, context, base) }, ...blocksOf(host)],
    }),
  );
}
