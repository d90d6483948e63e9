/**
 * Short HTML text (a caption, a legend, a heading) laid out as SVG <text> lines, with small
 * inline drawings (legend swatches) in the flow. Words are measured with the canvas in the
 * page's own fonts and wrapped to a width, so a heading is never cut; every piece gets an
 * explicit x, so the result does not depend on how a renderer spaces or collapses whitespace.
 */
import { resolveColor, safeFontFamily } from './paint';
import { SVG_NS, type PlainCopy } from './plainSvg';

export interface TextStyle {
  readonly family: string;
  readonly size: number;
  readonly weight: string;
  readonly italic: boolean;
  readonly color: string;
}

export type Run =
  | { readonly text: string; readonly style: TextStyle }
  /** A small drawing in the text, e.g. a legend's colour swatch. */
  | { readonly swatch: PlainCopy };

/** One unit of layout: a legend entry, or a whole paragraph. Items are kept whole when they fit. */
export type Item = readonly Run[];

export function styleOf(cs: CSSStyleDeclaration): TextStyle {
  return {
    family: cs.fontFamily,
    size: parseFloat(cs.fontSize) || 16,
    weight: cs.fontWeight,
    italic: cs.fontStyle === 'italic',
    color: cs.color,
  };
}

/** A run from plain words, for headings the export writes itself. */
export function run(text: string, style: TextStyle): Run {
  return { text, style };
}

let measurer: CanvasRenderingContext2D | null = null;
const cssFont = (s: TextStyle) => `${s.italic ? 'italic ' : ''}${s.weight} ${s.size}px ${s.family}`;

function measure(text: string, s: TextStyle): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * s.size * 0.6;
  measurer.font = cssFont(s);
  return measurer.measureText(text).width;
}

const runWidth = (r: Run) => ('swatch' in r ? r.swatch.box.width : measure(r.text, r.style));

const sameStyle = (a: TextStyle, b: TextStyle) =>
  a === b || (cssFont(a) === cssFont(b) && a.color === b.color);

type Piece =
  | { readonly x: number; readonly end: number; readonly text: string; readonly style: TextStyle }
  | { readonly x: number; readonly end: number; readonly swatch: PlainCopy };

export interface Flowed {
  /** A <g> of <text> lines, its top at y = 0. */
  readonly g: SVGGElement;
  readonly width: number;
  readonly height: number;
}

function textElement(doc: Document, x: number, y: number, text: string, s: TextStyle) {
  const t = doc.createElementNS(SVG_NS, 'text');
  const c = resolveColor(s.color);
  t.setAttribute('x', String(Math.round(x * 100) / 100));
  t.setAttribute('y', String(Math.round(y * 100) / 100));
  t.setAttribute('font-family', safeFontFamily(s.family));
  t.setAttribute('font-size', String(s.size));
  t.setAttribute('font-weight', s.weight);
  if (s.italic) t.setAttribute('font-style', 'italic');
  t.setAttribute('fill', c.hex === 'none' ? '#000000' : c.hex);
  if (c.alpha < 1 && c.hex !== 'none') t.setAttribute('fill-opacity', String(c.alpha));
  t.textContent = text;
  return t;
}

/** Pieces of one style that touch become one <text>; a gap between legend entries stays. */
function merge(line: readonly Piece[]): Piece[] {
  const merged: Piece[] = [];
  for (const p of line) {
    const last = merged[merged.length - 1];
    if (
      last &&
      'text' in last &&
      'text' in p &&
      sameStyle(last.style, p.style) &&
      Math.abs(last.end - p.x) < 0.5
    )
      merged[merged.length - 1] = { ...last, text: last.text + p.text, end: p.end };
    else merged.push(p);
  }
  return merged;
}

/**
 * Lays `items` out in lines at most `maxWidth` wide, `gap` apart within a line. An item moves
 * to a new line whole when it fits there; longer ones break between words.
 */
export function flowText(
  items: readonly Item[],
  maxWidth: number,
  gap = 14,
  doc: Document = document,
): Flowed {
  const lines: Piece[][] = [[]];
  let x = 0;
  let widest = 0;
  const newLine = () => {
    lines.push([]);
    x = 0;
  };
  const fits = (w: number) => x === 0 || x + w <= maxWidth;
  const push = (p: Piece) => {
    lines[lines.length - 1]!.push(p);
    x = p.end;
    widest = Math.max(widest, x);
  };
  for (const item of items) {
    const whole = item.reduce((w, r) => w + runWidth(r), 0);
    if (x > 0) {
      if (x + gap + whole > maxWidth && whole <= maxWidth) newLine();
      else x += gap;
    }
    for (const r of item) {
      if ('swatch' in r) {
        if (!fits(r.swatch.box.width)) newLine();
        push({ x, end: x + r.swatch.box.width, swatch: r.swatch });
        continue;
      }
      for (const word of r.text.split(/(?<= )/)) {
        if (!fits(measure(word.trimEnd(), r.style))) newLine();
        if (x === 0 && !word.trim()) continue;
        push({ x, end: x + measure(word, r.style), text: word, style: r.style });
      }
    }
  }
  const g = doc.createElementNS(SVG_NS, 'g') as SVGGElement;
  let y = 0;
  for (const line of lines) {
    if (!line.length) continue;
    const size = Math.max(12, ...line.map((p) => ('style' in p ? p.style.size : 0)));
    const height = Math.max(
      size * 1.35,
      ...line.map((p) => ('swatch' in p ? p.swatch.box.height : 0)),
    );
    const baseline = y + (height - size * 1.35) / 2 + size;
    for (const p of merge(line)) {
      if ('swatch' in p) {
        const { box } = p.swatch;
        const at = doc.createElementNS(SVG_NS, 'g');
        at.setAttribute(
          'transform',
          `translate(${r2(p.x - box.x)},${r2(y + (height - box.height) / 2 - box.y)})`,
        );
        at.append(p.swatch.g);
        g.append(at);
        continue;
      }
      const text = p.text.trim();
      if (!text) continue;
      const lead = p.text.length - p.text.trimStart().length;
      const x0 = p.x + (lead ? measure(p.text.slice(0, lead), p.style) : 0);
      g.append(textElement(doc, x0, baseline, text, p.style));
    }
    y += height;
  }
  return { g, width: Math.ceil(widest), height: Math.ceil(y) };
}

const r2 = (n: number) => Math.round(n * 100) / 100;
