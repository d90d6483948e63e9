/*
 * Computed CSS values rewritten into the plain SVG 1.1 forms every renderer reads. Chromium
 * reports colours as rgb()/rgba() or, after color-mix(), as color(srgb …); librsvg and older
 * viewers know neither color() nor the alpha channel in a colour, so a colour becomes #rrggbb
 * plus a separate opacity. Font lists lose the CSS-only keywords (system-ui, ui-monospace) that
 * no non-browser renderer resolves, and always end in a font that exists plus a generic family.
 */

export interface SvgColor {
  /** #rrggbb, or 'none' when fully transparent. */
  readonly hex: string;
  /** 0..1; 1 when opaque. */
  readonly alpha: number;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const hex2 = (n: number) =>
  Math.round(Math.min(255, Math.max(0, n)))
    .toString(16)
    .padStart(2, '0');

function fromChannels(r: number, g: number, b: number, a: number): SvgColor {
  if (![r, g, b, a].every(Number.isFinite)) throw new Error('bad colour channels');
  const alpha = Math.round(clamp01(a) * 1000) / 1000;
  if (alpha === 0) return { hex: 'none', alpha: 0 };
  return { hex: `#${hex2(r)}${hex2(g)}${hex2(b)}`, alpha };
}

const alphaOf = (s: string | undefined) =>
  s === undefined ? 1 : s.endsWith('%') ? parseFloat(s) / 100 : parseFloat(s);

const NAMED: Readonly<Record<string, SvgColor>> = {
  transparent: { hex: 'none', alpha: 0 },
  black: { hex: '#000000', alpha: 1 },
  white: { hex: '#ffffff', alpha: 1 },
};

/**
 * Parses the colour forms a computed style yields. Returns null for anything else (named
 * colours other than the basic ones, other colour spaces), which the caller resolves by
 * drawing it (see resolveColor).
 */
export function parseComputedColor(value: string): SvgColor | null {
  const v = value.trim().toLowerCase();
  const named = NAMED[v];
  if (named) return named;
  let m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(v);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return fromChannels(n >> 16, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) / 255 : 1);
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(v);
  if (m) return fromChannels(+m[1]!, +m[2]!, +m[3]!, alphaOf(m[4]));
  m = /^color\(\s*srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)\s*(?:\/\s*([\d.]+%?)\s*)?\)$/.exec(v);
  if (m) return fromChannels(+m[1]! * 255, +m[2]! * 255, +m[3]! * 255, alphaOf(m[4]));
  return null;
}

let probe: CanvasRenderingContext2D | null = null;
const resolved = new Map<string, SvgColor>();

/** Any CSS colour as #rrggbb + alpha: parsed when it can be, else drawn once and read back. */
export function resolveColor(value: string): SvgColor {
  const parsed = parseComputedColor(value);
  if (parsed) return parsed;
  const hit = resolved.get(value);
  if (hit) return hit;
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  let out: SvgColor = { hex: '#000000', alpha: 1 };
  if (probe) {
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = value;
    probe.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0, a = 255] = probe.getImageData(0, 0, 1, 1).data;
    out = fromChannels(r, g, b, a / 255);
  }
  resolved.set(value, out);
  return out;
}

/** Families only browsers resolve: a standalone file must not name them. */
const BROWSER_ONLY = new Set([
  'system-ui',
  '-apple-system',
  'blinkmacsystemfont',
  'ui-monospace',
  'ui-sans-serif',
  'ui-serif',
  'ui-rounded',
]);
const GENERIC = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy']);

/** The fonts present wherever Debian's librsvg runs, named before the generic family. */
const SAFE: Readonly<Record<string, readonly string[]>> = {
  monospace: ['DejaVu Sans Mono', 'Liberation Mono', 'Menlo', 'Consolas'],
  'sans-serif': ['DejaVu Sans', 'Liberation Sans', 'Arial', 'Helvetica'],
  serif: ['DejaVu Serif', 'Liberation Serif', 'Times New Roman'],
};

/**
 * A font-family value for a standalone SVG: the page's own choices that are real font names,
 * then safe fallbacks, then one generic family. Names are single-quoted (the value goes in a
 * double-quoted attribute).
 */
export function safeFontFamily(computed: string): string {
  const names = computed
    .split(',')
    .map((s) => s.trim().replace(/^(['"])(.*)\1$/, '$2'))
    .filter(Boolean);
  const generic =
    names.find((n) => GENERIC.has(n.toLowerCase())) ??
    (names.some((n) => /mono/i.test(n)) ? 'monospace' : 'sans-serif');
  const real = names.filter((n) => {
    const l = n.toLowerCase();
    return !BROWSER_ONLY.has(l) && !GENERIC.has(l);
  });
  const seen = new Set<string>();
  const list = [...real, ...(SAFE[generic] ?? [])].filter((n) => {
    const l = n.toLowerCase();
    if (seen.has(l)) return false;
    seen.add(l);
    return true;
  });
  return [
    ...list.map((n) => (/^[a-z-]+$/i.test(n) ? n : `'${n.replace(/'/g, '')}'`)),
    generic,
  ].join(', ');
}

/** "14px" -> "14"; SVG attributes take plain user units. */
export function pxNumber(value: string): string | null {
  const m = /^(-?[\d.]+)(px)?$/.exec(value.trim());
  if (!m) return null;
  return String(Math.round(parseFloat(m[1]!) * 100) / 100);
}
