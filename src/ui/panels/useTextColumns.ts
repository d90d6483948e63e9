import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** Characters in the probe: enough that rounding its width does not miscount the columns. */
export const PROBE_TEXT = '0'.repeat(100);

/**
 * How many characters of a monospace font fit across an element: its width over the width of a
 * probe of PROBE_TEXT set in the same font. Both come from a ResizeObserver, after the frame's
 * layout, so nothing forces a layout; the update is flushed so the frame paints the fitted text.
 * Null until the first report. `mounted` says whether the two elements are rendered at all.
 */
export function useTextColumns<T extends HTMLElement, P extends HTMLElement>(
  mounted: boolean,
): [RefObject<T | null>, RefObject<P | null>, number | null] {
  const ref = useRef<T>(null);
  const probe = useRef<P>(null);
  const [columns, setColumns] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const p = probe.current;
    if (!el || !p) return;
    const sizes = new Map<Element, number>();
    let last: number | null = null;
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) sizes.set(e.target, e.contentRect.width);
      const width = sizes.get(el);
      const probeWidth = sizes.get(p);
      if (!width || !probeWidth) return;
      const next = Math.floor((width * PROBE_TEXT.length) / probeWidth + 1e-3);
      // the element also grows and shrinks in height as the current line wraps: only a new
      // column count is news
      if (next === last) return;
      last = next;
      flushSync(() => setColumns(next));
    });
    ro.observe(el);
    ro.observe(p);
    return () => ro.disconnect();
  }, [mounted]);
  return [ref, probe, columns];
}
