import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { ghex } from '../model/format';
import { selectConfig } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import { IDMAP_ALIGN, PAGE, idmapLength, placeIdmap, snapIdmap } from './idmapPlacement';
import './idmapRuler.css';

const HEIGHT = 70;
const BAR_Y = 26;
const BAR_H = 22;
/** After a key press, wait this long for more before simulating the new layout. */
const KEY_SETTLE_MS = 350;

/** A move re-simulates, which remounts the panels: the new ruler takes the focus back. */
let refocusAfterMove = false;

/**
 * .hyp.idmap.text on a byte-exact ruler of three pages around it: drag it (or use the arrow
 * keys on it, 32 bytes a press) and see at once whether it crosses a page and bounces; the
 * layout is simulated when the drag ends.
 */
export function IdmapRuler({ width }: { width: number }) {
  const store = useAppStoreApi();
  const config = useAppStore(selectConfig);
  const [dragStart, setDragStart] = useState<number | null>(null);
  const grab = useRef<{ pointerX: number; start: number } | null>(null);
  const settle = useRef<number | undefined>(undefined);
  const handle = useRef<SVGGElement>(null);
  useEffect(() => {
    if (refocusAfterMove) handle.current?.focus();
    refocusAfterMove = false;
    return () => window.clearTimeout(settle.current);
  }, []);
  const start = dragStart ?? config.idmapStart;
  // the window stays put while dragging: three pages around where the code was
  const home = config.idmapStart - (config.idmapStart % PAGE);
  const domain0 = home - PAGE;
  const bytesPerPx = (3 * PAGE) / width;
  const x = (pa: number) => (pa - domain0) / bytesPerPx;
  const len = idmapLength(config);
  const place = placeIdmap(config, start);
  const clampStart = (pa: number) =>
    Math.min(Math.max(snapIdmap(pa), domain0), domain0 + 3 * PAGE - len);

  const apply = (pa: number) => {
    const p = placeIdmap(config, pa);
    setDragStart(null);
    if (!p.valid || pa === config.idmapStart) return;
    const s = store.getState();
    refocusAfterMove = document.activeElement === handle.current;
    s.setScenario(s.presetName, { ...s.config, idmapStart: pa }, s.cursor);
  };
  const onPointerDown = (e: PointerEvent<SVGGElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    grab.current = { pointerX: e.clientX, start };
    setDragStart(start);
  };
  const onPointerMove = (e: PointerEvent<SVGGElement>) => {
    if (!grab.current) return;
    setDragStart(clampStart(grab.current.start + (e.clientX - grab.current.pointerX) * bytesPerPx));
  };
  const onPointerUp = () => {
    if (!grab.current) return;
    grab.current = null;
    apply(start);
  };
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    const step = e.shiftKey ? 8 * IDMAP_ALIGN : IDMAP_ALIGN;
    const delta = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0;
    if (!delta) return;
    // on the ruler the arrows move the code, they do not step the trace
    e.preventDefault();
    e.stopPropagation();
    const next = clampStart(start + delta);
    setDragStart(next);
    window.clearTimeout(settle.current);
    settle.current = window.setTimeout(() => apply(next), KEY_SETTLE_MS);
  };

  const pages = [domain0, domain0 + PAGE, domain0 + 2 * PAGE];
  return (
    <div className="idmap-ruler">
      <p className="idmap-ruler-caption">
        Drag <strong>.hyp.idmap.text</strong> ({len} bytes) along physical memory, or focus it and
        use ← / →:
      </p>
      <svg
        width={width}
        height={HEIGHT}
        aria-hidden={false}
        role="group"
        aria-label="idmap placement"
      >
        {pages.map((p) => (
          <g key={p} className="ruler-page">
            <rect x={x(p)} y={BAR_Y - 4} width={PAGE / bytesPerPx} height={BAR_H + 8} />
            <line x1={x(p)} x2={x(p)} y1={8} y2={HEIGHT - 4} />
            <text x={x(p) + 4} y={16} className="ruler-label">
              page {ghex(p)}
            </text>
          </g>
        ))}
        <g
          className={`ruler-idmap${place.crosses ? ' crosses' : ''}${place.valid ? '' : ' invalid'}${dragStart !== null ? ' dragging' : ''}`}
          ref={handle}
          tabIndex={0}
          role="slider"
          aria-label=".hyp.idmap.text start"
          aria-valuemin={domain0}
          aria-valuemax={domain0 + 3 * PAGE - len}
          aria-valuenow={start}
          aria-valuetext={place.verdict}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onKeyDown={onKeyDown}
          data-testid="idmap-handle"
        >
          <rect
            x={x(start)}
            y={BAR_Y}
            width={Math.max(4, len / bytesPerPx)}
            height={BAR_H}
            rx={3}
          />
          <text
            x={x(start) + Math.max(4, len / bytesPerPx) / 2}
            y={BAR_Y + BAR_H + 16}
            textAnchor="middle"
            className="ruler-label"
          >
            {ghex(start)}
          </text>
        </g>
      </svg>
      <p
        className={`idmap-verdict${place.valid ? '' : ' fault-line'}`}
        role="status"
        data-testid="idmap-verdict"
      >
        {place.verdict}
      </p>
    </div>
  );
}
