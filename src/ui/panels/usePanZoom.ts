import { useCallback, useEffect, useRef } from 'react';
import { select, zoom, zoomIdentity, type ZoomBehavior } from 'd3';

const MIN_SCALE = 0.5;
const MAX_SCALE = 8;
const STEP = 1.4;

/*
 * Zoom and pan of an SVG drawing with d3-zoom. The SVG's viewBox already fits the drawing to
 * its box, so "fit" is the identity transform. A single finger on a touch screen scrolls the
 * page as usual; two fingers pinch and pan the drawing, so a phone reader is never trapped.
 * Dragging pans; the wheel zooms (Ctrl + wheel only where the page scrolls).
 */
export function usePanZoom<S extends SVGSVGElement, G extends SVGGElement>() {
  const svgRef = useRef<S>(null);
  const gRef = useRef<G>(null);
  const behavior = useRef<ZoomBehavior<S, unknown> | null>(null);

  useEffect(() => {
    const svg = svgRef.current;
    const g = gRef.current;
    if (!svg || !g) return;
    const z = zoom<S, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .filter((e: Event) => {
        if (typeof TouchEvent !== 'undefined' && e instanceof TouchEvent)
          return e.touches.length > 1;
        const m = e as MouseEvent;
        // where the page itself scrolls (a phone, a small window) the wheel scrolls it;
        // Ctrl + wheel (a trackpad pinch) still zooms
        if (e.type === 'wheel' && !m.ctrlKey) {
          const root = document.documentElement;
          if (root.scrollHeight > root.clientHeight + 1) return false;
        }
        return (!m.ctrlKey || e.type === 'wheel') && !m.button;
      })
      .on('zoom', (e: { transform: { toString(): string; k: number } }) => {
        g.setAttribute('transform', e.transform.toString());
        svg.dataset.zoom = e.transform.k.toFixed(2);
      });
    const sel = select(svg);
    sel.call(z);
    // d3 sets touch-action none; let one finger keep scrolling the page
    svg.style.touchAction = 'pan-x pan-y';
    behavior.current = z;
    return () => {
      sel.on('.zoom', null);
      behavior.current = null;
    };
  }, []);

  const zoomBy = useCallback((factor: number) => {
    const svg = svgRef.current;
    if (svg && behavior.current) select(svg).call(behavior.current.scaleBy, factor);
  }, []);
  const fit = useCallback(() => {
    const svg = svgRef.current;
    if (svg && behavior.current) select(svg).call(behavior.current.transform, zoomIdentity);
  }, []);
  /** `+` / `-` / `0` while the drawing has focus; everything else (arrows) goes on to stepping. */
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '+' || e.key === '=') zoomBy(STEP);
      else if (e.key === '-' || e.key === '_') zoomBy(1 / STEP);
      else if (e.key === '0') fit();
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
    [zoomBy, fit],
  );
  return { svgRef, gRef, zoomBy, fit, onKeyDown, STEP };
}
