/**
 * Short HTML text (a caption, a legend, a heading) laid out as SVG <text> lines. Words are
 * measured with the canvas in the page's own fonts and wrapped to a width, so a heading is
 * never cut; every piece gets an explicit x, so the result does not depend on how a renderer
 * spaces or collapses whitespace.
 */
import { resolveColor, safeFontFamily } from './paint';
import { SVG_NS } from './plainSvg';

export interface TextStyle {
  readonly family: string;
  readonly size: number;
  readonly weight: string;
  readonly italic: boolean;
  readonly color: string;
}

export interface Run {
  readonly text: string;
  readonly style: TextStyle;
}

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

function hidden(el: Element): boolean {
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') return true;
  // the visually-hidden pattern: a 1 px absolutely placed box
  return cs.position === 'absolute' && parseFloat(cs.width) <= 1 && parseFloat(cs.height) <= 1;
}

/** The visible text of `el` as styled runs, in reading order. */
export function runsOf(el: Element): Run[] {
  const runs: Run[] = [];
  const walk = (node: Element) => {
    if (hidden(node)) return;
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const text = (child.nodeValue ?? '').replace(/\s+/g, ' ');
        if (text) runs.push({ text, style: styleOf(getComputedStyle(node)) });
      } else if (child.nodeType === Node.ELEMENT_NODE) walk(child as Element);
    }
  };
  walk(el);
  return runs;
}

/** Each element child of a flex row or list as its own item, e.g. the entries of a legend. */
export function itemsOf(el: Element): Item[] {
  const kids = [...el.children].filter((c) => !hidden(c));
  return kids.length ? kids.map(runsOf).filter((r) => r.length) : [runsOf(el)];
}

let measurer: CanvasRenderingContext2D | null = null;
const cssFont = (s: TextStyle) => `${s.italic ? 'italic ' : ''}${s.weight} ${s.size}px ${s.family}`;

function measure(text: string, s: TextStyle): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * s.size * 0.6;
  measurer.font = cssFont(s);
  return measurer.measureText(text).width;
}

const sameStyle = (a: TextStyle, b: TextStyle) =>
  a === b || (cssFont(a) === cssFont(b) && a.color === b.color);

interface Piece {
  readonly x: number;
  readonly end: number;
  readonly text: string;
  readonly style: TextStyle;
}

export interface Flowed {
  /** A <g> of <text> lines, its top at y = 0. */
  readonly g: SVGGElement;
  readonly width: number;
  readonly height: number;
}

function textElement(doc: Document, piece: Piece, y: number): SVGTextElement {
  const t = doc.createElementNS(SVG_NS, 'text') as SVGTextElement;
  const s = piece.style;
  const c = resolveColor(s.color);
  t.setAttribute('x', String(Math.round(piece.x * 100) / 100));
  t.setAttribute('y', String(Math.round(y * 100) / 100));
  t.setAttribute('font-family', safeFontFamily(s.family));
  t.setAttribute('font-size', String(s.size));
  t.setAttribute('font-weight', s.weight);
  if (s.italic) t.setAttribute('font-style', 'italic');
  t.setAttribute('fill', c.hex === 'none' ? '#000000' : c.hex);
  if (c.alpha < 1 && c.hex !== 'none') t.setAttribute('fill-opacity', String(c.alpha));
  t.textContent = piece.text;
  return t;
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
  const place = (text: string, style: TextStyle) => {
    const w = measure(text, style);
    lines[lines.length - 1]!.push({ x, end: x + w, text, style });
    x += w;
    widest = Math.max(widest, x);
  };
  for (const item of items) {
    const whole = item.reduce((w, r) => w + measure(r.text, r.style), 0);
    if (x > 0) {
      if (x + gap + whole > maxWidth && whole <= maxWidth) newLine();
      else x += gap;
    }
    for (const run of item) {
      for (const word of run.text.split(/(?<= )/)) {
        const w = measure(word.trimEnd(), run.style);
        if (x > 0 && x + w > maxWidth) newLine();
        if (x === 0 && !word.trim()) continue;
        place(word, run.style);
      }
    }
  }
  const g = doc.createElementNS(SVG_NS, 'g') as SVGGElement;
  let y = 0;
  for (const line of lines) {
    if (!line.length) continue;
    const size = Math.max(...line.map((p) => p.style.size));
    // pieces of one style next to each other become one <text>
    const merged: Piece[] = [];
    for (const p of line) {
      const last = merged[merged.length - 1];
      // only touching pieces: a gap between legend entries must stay a gap
      if (last && sameStyle(last.style, p.style) && Math.abs(last.end - p.x) < 0.5)
        merged[merged.length - 1] = { ...last, text: last.text + p.text, end: p.end };
      else merged.push(p);
    }
    for (const p of merged) {
      const text = p.text.trim();
      if (!text) continue;
      const lead = p.text.length - p.text.trimStart().length;
      const x0 = p.x + (lead ? measure(p.text.slice(0, lead), p.style) : 0);
      g.append(textElement(doc, { ...p, x: x0, text }, y + size));
    }
    y += size * 1.35;
  }
  return { g, width: Math.ceil(widest), height: Math.ceil(y) };
}

/** A run from plain words, for headings the export writes itself. */
export function run(text: string, style: TextStyle): Run {
  return { text, style };
}
