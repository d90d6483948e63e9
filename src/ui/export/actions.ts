/**
 * What the Export dialog does, in one module the dialog loads only when a button is pressed, so
 * none of this (nor modern-screenshot or fflate) weighs on the first paint.
 */
import type { KeyMoment } from '../../engine/trace/types';
import { findPreset } from '../../engine/scenario/presets';
import type { AppStore } from '../store/appStore';
import { downloadBlob, downloadText } from './download';
import { deckFileName, exportFileName } from './fileName';
import { htmlToPng, htmlToSvg } from './htmlCapture';
import { keyMomentsZip } from './keyMoments';
import { svgToPng } from './svgToPng';
import { vectorFigure, type VectorPart } from './vectorFigures';

export type Target = 'view' | VectorPart | 'cpu' | 'mmu' | 'tlb' | 'source' | 'explanation';

/** Where each HTML part is on the page. */
const SELECTOR: Readonly<Record<Exclude<Target, VectorPart>, string>> = {
  view: '[data-testid="app-root"]',
  cpu: 'section[data-panel="CPU"]',
  mmu: 'section[data-panel="MMU"]',
  tlb: 'section[data-panel="TLB"]',
  source: 'section[data-panel="Source"]',
  explanation: 'section[data-panel="Explanation"]',
};

const isVector = (t: Target): t is VectorPart => t === 'page-tables' || t === 'address-space';

const size = (w: number, h: number, scale?: number) =>
  `${Math.round(w)}×${Math.round(h)}${scale ? ` at ${scale}×` : ''}`;

/** Saves one part as SVG or PNG; returns what was saved, for the dialog's status line. */
export async function exportPart(
  store: AppStore,
  target: Target,
  kind: 'svg' | 'png',
): Promise<string> {
  const { presetName, cursor } = store.getState();
  const file = exportFileName(presetName, cursor, target, kind);
  if (isVector(target)) {
    const fig = await vectorFigure(store, target);
    if (kind === 'svg') downloadText(file, fig.svg, 'image/svg+xml');
    else downloadBlob(file, await svgToPng(fig.svg, fig.width, fig.height, 2));
    return `${kind.toUpperCase()} downloaded (${size(fig.width, fig.height, kind === 'png' ? 2 : 0)}).`;
  }
  const el = document.querySelector<HTMLElement>(SELECTOR[target]);
  if (!el) throw new Error(`the ${target} panel is not on screen in this view`);
  const asPanel = target !== 'view';
  if (kind === 'svg') {
    const svg = await htmlToSvg(el, asPanel);
    downloadText(file, svg.data, 'image/svg+xml');
    return `SVG downloaded (${size(svg.width, svg.height)}; its HTML shows in browsers).`;
  }
  const png = await htmlToPng(el, asPanel, 2);
  downloadBlob(file, png.data);
  return `PNG downloaded (${size(png.width, png.height, 2)}).`;
}

/** Saves every key moment as numbered slides in one zip. */
export async function exportMoments(
  store: AppStore,
  moments: readonly KeyMoment[],
  onProgress: (done: number, total: number) => void,
): Promise<string> {
  const view = document.querySelector<HTMLElement>(SELECTOR.view);
  if (!view) throw new Error('the view is not on screen');
  const { presetName } = store.getState();
  const zip = await keyMomentsZip(store, {
    scenario: findPreset(presetName)?.title ?? presetName,
    moments,
    view,
    onProgress,
  });
  downloadBlob(deckFileName(presetName), zip);
  return `${moments.length} slides downloaded (zip).`;
}
