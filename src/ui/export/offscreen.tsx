import type { ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { AppStore } from '../store/appStore';
import { StoreProvider } from '../store/StoreContext';

/** One frame, or a short wait where frames do not come (a background tab). */
export const nextFrame = () =>
  new Promise<void>((resolve) => {
    const t = window.setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      window.clearTimeout(t);
      resolve();
    });
  });

/**
 * Renders panels off screen at a fixed size, reading the same store as the app, so an export
 * has the same width whatever the window's size, and parts hidden behind a tab can be drawn.
 * Hidden from assistive technology and from input; removed when `draw` settles.
 */
export async function renderOffscreen<T>(
  store: AppStore,
  node: ReactNode,
  width: number,
  draw: (host: HTMLElement) => T | Promise<T>,
): Promise<T> {
  const host = document.createElement('div');
  host.className = 'export-offscreen';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  host.style.width = `${width}px`;
  document.body.append(host);
  const root = createRoot(host);
  try {
    flushSync(() => root.render(<StoreProvider store={store}>{node}</StoreProvider>));
    // measured widths (ResizeObserver) and effects settle over the next frames
    await nextFrame();
    await nextFrame();
    return await draw(host);
  } finally {
    root.unmount();
    host.remove();
  }
}
