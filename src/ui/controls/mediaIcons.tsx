/*
 * Media-player icons drawn as SVG: the Unicode glyphs (⏭ ⏮ ⏸) are missing from common fonts
 * (a box on Debian's Chromium) or turn into colour emoji. Each carries its glyph as data-glyph
 * so tests and readers of the DOM can tell them apart; the button holds the accessible name.
 */
const box = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true } as const;

export function PlayIcon() {
  return (
    <svg {...box} data-glyph="▶" className="media-icon">
      <path d="M4 2.5v11l9.5-5.5z" fill="currentColor" />
    </svg>
  );
}

export function PauseIcon() {
  return (
    <svg {...box} data-glyph="⏸" className="media-icon">
      <rect x="3.5" y="2.5" width="3" height="11" fill="currentColor" />
      <rect x="9.5" y="2.5" width="3" height="11" fill="currentColor" />
    </svg>
  );
}

/** ⏭: step forward. */
export function StepForwardIcon() {
  return (
    <svg {...box} data-glyph="⏭" className="media-icon">
      <path d="M1.5 3v10l5.5-5zM7 3v10l5.5-5z" fill="currentColor" />
      <rect x="12.5" y="3" width="2" height="10" fill="currentColor" />
    </svg>
  );
}

/** ⏮: step back. */
export function StepBackIcon() {
  return (
    <svg {...box} data-glyph="⏮" className="media-icon">
      <path d="M14.5 3v10L9 8zM9 3v10L3.5 8z" fill="currentColor" />
      <rect x="1.5" y="3" width="2" height="10" fill="currentColor" />
    </svg>
  );
}
