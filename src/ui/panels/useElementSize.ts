import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * The content box of an element, kept up to date with a ResizeObserver. The size is first read
 * in the observer's first report, which comes after the frame's own layout: reading it at mount
 * would force a layout of the whole page inside the commit. The update is flushed at once, so
 * the frame paints what the real size draws and never a first guess.
 */
export function useElementSize<T extends HTMLElement>(): [
  RefObject<T | null>,
  { width: number; height: number },
] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      const box = entry?.contentBoxSize[0];
      if (!box) return;
      // clientWidth/Height round as the drawing's layout expects; the entry says it changed
      const next = { width: el.clientWidth, height: el.clientHeight };
      flushSync(() =>
        setSize((s) => (s.width === next.width && s.height === next.height ? s : next)),
      );
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}
