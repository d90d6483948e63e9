/**
 * Copies a drawn <svg> into plain SVG 1.1: shapes and <text> only, every colour, stroke and
 * font written as a presentation attribute from the computed style, so the copy needs none of
 * the app's CSS and draws the same in a browser and in a non-browser renderer (librsvg,
 * Inkscape). What such renderers do not all read is rewritten: colours with alpha become a
 * colour plus an opacity, dominant-baseline becomes a measured dy, text-transform is applied to
 * the text itself, fonts get safe fallbacks. foreignObject is never copied.
 */
import { pxNumber, resolveColor, safeFontFamily } from './paint';

export const SVG_NS = 'http://www.w3.org/2000/svg';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const SHAPES = new Set(['rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path']);
const TEXTS = new Set(['text', 'tspan']);
/** Elements with nothing to draw in a still picture, or that a plain SVG must not carry. */
const DROPPED = new Set(['foreignObject', 'script', 'style', 'animate', 'animateTransform', 'set']);
/** Attributes for the live page only: styling hooks, focus, ARIA, React's data. */
const PAGE_ONLY = /^(class|style|tabindex|role|focusable|aria-.*|data-.*|on.*|dominant-baseline)$/i;

export interface PlainCopy {
  /** A <g> holding the copied content, in the source's user units. */
  readonly g: SVGGElement;
  /** The content's extent in those units, strokes included. */
  readonly box: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

interface Ctx {
  readonly doc: Document;
  readonly prefix: string;
  /** dy per font and baseline: the measured distance from the alphabetic baseline. */
  readonly shifts: Map<string, number>;
}

function paint(ctx: Ctx, out: Element, name: 'fill' | 'stroke', value: string, opacity: string) {
  const url = /url\(\s*["']?[^#"')]*#([^"')]+)["']?\s*\)/.exec(value);
  if (url) {
    out.setAttribute(name, `url(#${ctx.prefix}${url[1]})`);
    return;
  }
  const c = value === 'none' ? null : resolveColor(value);
  if (!c || c.hex === 'none') {
    out.setAttribute(name, 'none');
    return;
  }
  out.setAttribute(name, c.hex);
  const alpha = c.alpha * (parseFloat(opacity) || (opacity === '0' ? 0 : 1));
  if (alpha < 1) out.setAttribute(`${name}-opacity`, String(Math.round(alpha * 1000) / 1000));
}

function writeShapePaint(ctx: Ctx, cs: CSSStyleDeclaration, out: Element) {
  paint(ctx, out, 'fill', cs.fill, cs.fillOpacity);
  if (cs.fillRule === 'evenodd') out.setAttribute('fill-rule', 'evenodd');
  paint(ctx, out, 'stroke', cs.stroke, cs.strokeOpacity);
  if (out.getAttribute('stroke') === 'none') return;
  out.setAttribute('stroke-width', pxNumber(cs.strokeWidth) ?? '1');
  const dash = cs.strokeDasharray;
  if (dash && dash !== 'none') {
    const parts = dash.split(/[\s,]+/).map((p) => pxNumber(p));
    if (parts.every((p) => p !== null)) out.setAttribute('stroke-dasharray', parts.join(' '));
  }
  if (cs.strokeLinecap !== 'butt') out.setAttribute('stroke-linecap', cs.strokeLinecap);
  if (cs.strokeLinejoin !== 'miter') out.setAttribute('stroke-linejoin', cs.strokeLinejoin);
}

/** The vertical offset Chromium gives this baseline over the alphabetic one, for this font. */
function baselineShift(ctx: Ctx, orig: SVGTextElement, cs: CSSStyleDeclaration): number {
  const baseline = cs.dominantBaseline;
  if (!baseline || baseline === 'auto' || baseline === 'alphabetic') return 0;
  const key = `${cs.fontFamily}|${cs.fontSize}|${cs.fontWeight}|${cs.fontStyle}|${baseline}`;
  const known = ctx.shifts.get(key);
  if (known !== undefined) return known;
  // measured on the element itself: its box moves by exactly the baseline's offset
  const before = orig.getBBox().y;
  const prev = orig.style.getPropertyValue('dominant-baseline');
  const prio = orig.style.getPropertyPriority('dominant-baseline');
  orig.style.setProperty('dominant-baseline', 'alphabetic', 'important');
  const after = orig.getBBox().y;
  if (prev) orig.style.setProperty('dominant-baseline', prev, prio);
  else orig.style.removeProperty('dominant-baseline');
  const shift = Math.round((before - after) * 100) / 100;
  ctx.shifts.set(key, shift);
  return shift;
}

function writeFont(cs: CSSStyleDeclaration, out: Element, parent: CSSStyleDeclaration | null) {
  const differs = (p: keyof CSSStyleDeclaration) => !parent || parent[p] !== cs[p];
  if (differs('fontFamily')) out.setAttribute('font-family', safeFontFamily(cs.fontFamily));
  if (differs('fontSize')) out.setAttribute('font-size', pxNumber(cs.fontSize) ?? '16');
  if (differs('fontWeight')) out.setAttribute('font-weight', cs.fontWeight);
  if (differs('fontStyle') && cs.fontStyle !== 'normal')
    out.setAttribute('font-style', cs.fontStyle);
  if (differs('textAnchor') && (parent || cs.textAnchor !== 'start'))
    out.setAttribute('text-anchor', cs.textAnchor);
  if (cs.letterSpacing !== 'normal' && differs('letterSpacing'))
    out.setAttribute('letter-spacing', pxNumber(cs.letterSpacing) ?? '0');
  const deco = cs.textDecorationLine;
  if (deco && deco !== 'none' && differs('textDecorationLine'))
    out.setAttribute('text-decoration', deco);
}

function transformText(el: Element, how: string) {
  if (how !== 'uppercase' && how !== 'lowercase') return;
  for (const n of el.childNodes)
    if (n.nodeType === Node.TEXT_NODE)
      n.nodeValue = how === 'uppercase' ? n.nodeValue!.toUpperCase() : n.nodeValue!.toLowerCase();
}

function copyInto(
  ctx: Ctx,
  orig: Element,
  out: Element,
  parentCs: CSSStyleDeclaration | null,
  inDefs: boolean,
) {
  for (const child of orig.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      out.append(ctx.doc.createTextNode(child.nodeValue ?? ''));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const el = child as SVGElement;
    const tag = el.localName;
    if (el.namespaceURI !== SVG_NS || DROPPED.has(tag)) continue;
    const cs = getComputedStyle(el);
    const defs = inDefs || tag === 'defs' || tag === 'pattern' || tag === 'marker';
    if (cs.display === 'none' && !defs) continue;
    const copy = ctx.doc.createElementNS(SVG_NS, tag);
    for (const a of el.attributes) {
      if (PAGE_ONLY.test(a.name)) continue;
      let v = a.value;
      if (a.name === 'id') v = ctx.prefix + v;
      else if (/href$/.test(a.name) && v.startsWith('#')) v = `#${ctx.prefix}${v.slice(1)}`;
      else v = v.replace(/url\(\s*["']?#([^"')]+)["']?\s*\)/g, `url(#${ctx.prefix}$1)`);
      copy.setAttribute(a.name, v);
    }
    if (cs.visibility === 'hidden') copy.setAttribute('visibility', 'hidden');
    if (parseFloat(cs.opacity) < 1) copy.setAttribute('opacity', cs.opacity);
    if (SHAPES.has(tag)) writeShapePaint(ctx, cs, copy);
    if (TEXTS.has(tag)) {
      const isTspan = tag === 'tspan';
      paint(ctx, copy, 'fill', cs.fill, cs.fillOpacity);
      if (cs.stroke !== 'none') writeShapePaint(ctx, cs, copy);
      writeFont(cs, copy, isTspan ? parentCs : null);
      if (!isTspan) {
        const shift = baselineShift(ctx, el as SVGTextElement, cs);
        const dy = parseFloat(copy.getAttribute('dy') ?? '0');
        if (shift && Number.isFinite(dy)) copy.setAttribute('dy', String(dy + shift));
      }
    }
    copyInto(ctx, el, copy, cs, defs);
    if (TEXTS.has(tag)) transformText(copy, cs.textTransform);
    if (tag === 'text') keepSpaces(copy);
    out.append(copy);
  }
}

/**
 * Renderers differ in how they collapse the space between a text and its tspan ("Boot PGD"
 * + " 0x8038_4600"): librsvg drops it. So whitespace is collapsed here, the ends trimmed, and
 * the rest kept as written (xml:space="preserve", which every renderer reads).
 */
function keepSpaces(text: Element) {
  const nodes: Text[] = [];
  const walker = text.ownerDocument.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  let prevSpace = true; // a leading space is dropped
  for (const n of nodes) {
    let v = n.data.replace(/\s+/g, ' ');
    if (prevSpace) v = v.replace(/^ /, '');
    if (v) prevSpace = v.endsWith(' ');
    n.data = v;
  }
  const last = nodes.filter((n) => n.data).pop();
  if (last) last.data = last.data.replace(/ $/, '');
  text.setAttributeNS(XML_NS, 'xml:space', 'preserve');
}

let copies = 0;

/** Copies the content of `svg` (as drawn now) into a plain <g>; ids get a unique prefix. */
export function plainSvgCopy(svg: SVGSVGElement, doc: Document = document): PlainCopy {
  const ctx: Ctx = { doc, prefix: `x${++copies}-`, shifts: new Map() };
  const g = doc.createElementNS(SVG_NS, 'g');
  copyInto(ctx, svg, g, getComputedStyle(svg), false);
  const b = svg.getBBox();
  // getBBox leaves strokes out: the widest stroke drawn here is 4 px
  const pad = 3;
  return {
    g,
    box: { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad },
  };
}
