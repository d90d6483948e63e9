/**
 * "Export key moments": every key moment of the scenario as a numbered slide, PNG of the whole
 * view and plain SVG of the page tables and address space, in one zip for a talk's deck.
 * The app's cursor is driven to each moment and put back after (atSteps, the one place that
 * moves it).
 */
import type { KeyMoment } from '../../engine/trace/types';
import { momentsIndex, slideName } from './fileName';
import type { AppStore } from '../store/appStore';
import { htmlToPng } from './htmlCapture';
import { nextFrame } from './offscreen';
import { slideFigure } from './vectorFigures';

/** Resolves once the view shows `step` (the step counter says so), or after a short wait. */
async function shown(step: number): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await nextFrame();
    const counter = document.querySelector('[data-testid="step-counter"]');
    if (!counter || new RegExp(`^Step ${step} of`).test(counter.textContent ?? '')) break;
  }
  await nextFrame(); // one more for effects that run after the commit
}

/**
 * Moves the cursor to each step in turn, waits for the view to show it, runs `each`, and
 * restores the cursor (and stops playback) whatever happens.
 */
export async function atSteps<T>(
  store: AppStore,
  steps: readonly number[],
  each: (step: number, index: number) => Promise<T>,
): Promise<T[]> {
  const start = store.getState().cursor;
  store.getState().setPlaying(false);
  const out: T[] = [];
  try {
    for (const [i, step] of steps.entries()) {
      store.getState().goTo(step);
      await shown(step);
      out.push(await each(step, i));
    }
  } finally {
    store.getState().goTo(start);
  }
  return out;
}

export interface DeckOptions {
  readonly scenario: string;
  readonly moments: readonly KeyMoment[];
  /** The whole view, captured as each slide's PNG. */
  readonly view: HTMLElement;
  /** PNG pixels per CSS pixel; by default a slide is at least 1920 px wide (1080p). */
  readonly scale?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The zip of slides: NN-stepNNNN-what.png and .svg per moment, and moments.txt. */
export async function keyMomentsZip(store: AppStore, o: DeckOptions): Promise<Blob> {
  if (o.moments.length === 0) throw new Error('this scenario has no key moments');
  const { zipSync, strToU8 } = await import('fflate');
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  const scale = o.scale ?? Math.max(1, 1920 / o.view.getBoundingClientRect().width);
  o.onProgress?.(0, o.moments.length);
  await atSteps(
    store,
    o.moments.map((m) => m.step),
    async (_step, i) => {
      const m = o.moments[i]!;
      const name = slideName(i, o.moments.length, m);
      const png = await htmlToPng(o.view, false, scale);
      files[`${name}.png`] = [new Uint8Array(await png.data.arrayBuffer()), { level: 0 }];
      const title = `${String(i + 1)}. ${m.label}`;
      const svg = await slideFigure(store, title);
      files[`${name}.svg`] = [strToU8(svg.svg), { level: 6 }];
      o.onProgress?.(i + 1, o.moments.length);
    },
  );
  files['moments.txt'] = [strToU8(momentsIndex(o.scenario, o.moments)), { level: 6 }];
  return new Blob([zipSync(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
