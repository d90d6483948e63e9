import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './floatingTip.css';

const MARGIN = 8;

/**
 * A tooltip drawn in a portal on the body, so no panel's overflow can cut it: below its anchor
 * when it fits, else above, else wherever it stays inside the viewport (it scrolls itself only
 * when it is taller than the whole window).
 */
export function FloatingTip({ anchor, children }: { anchor: Element; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const tip = ref.current;
    if (!tip) return;
    const a = anchor.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    let top = a.bottom + 4;
    if (top + h > vh - MARGIN) top = a.top - 4 - h;
    if (top < MARGIN) top = Math.max(MARGIN, vh - MARGIN - h);
    const left = Math.min(Math.max(MARGIN, a.left), Math.max(MARGIN, vw - MARGIN - w));
    setPos({ left, top });
  }, [anchor, children]);
  return createPortal(
    <div
      ref={ref}
      className="floating-tip"
      style={{
        left: pos?.left ?? 0,
        top: pos?.top ?? 0,
        visibility: pos ? 'visible' : 'hidden',
        maxHeight: `calc(100vh - ${2 * MARGIN}px)`,
      }}
    >
      {children}
    </div>,
    // in the view's main landmark (no content outside landmarks), yet outside every panel
    anchor.closest('main') ?? document.body,
  );
}
