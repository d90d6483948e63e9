/**
 * Snapshot a rendered element as a standalone SVG document.
 *
 * The result is opened later as an image or a file, where none of the app's stylesheets exist,
 * so every style that makes the element look the way it does now is written inline. Styles are
 * set through the CSSOM (never as style markup), and nothing is parsed from strings, so this
 * works under a CSP without 'unsafe-inline' or 'unsafe-eval'.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface ElementToSvgOptions {
  /** A CSS colour behind the snapshot; by default the colour the element is seen against. */
  background?: string | undefined;
}

export interface ExportedSvg {
  svg: string;
  width: number;
  height: number;
}

type Values = readonly string[];
type Mode = 'svg' | 'html';
interface Shift {
  readonly x: number;
  readonly y: number;
}

const Kind = { Skip: 0, Inherited: 1, NotInherited: 2, Unknown: 3 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** What an SVG root keeps: enough to draw shapes and text, without the weight of every property. */
const SVG_PROPS = new Set([
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'opacity',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
  'marker-start',
  'marker-mid',
  'marker-end',
  'paint-order',
]);

// Only properties known to inherit may be left to inheritance: listing a property here that does
// not inherit would silently lose its value, while one missing from here costs only bytes.
const INHERITED = new Set([
  'accent-color',
  'border-collapse',
  'caption-side',
  'clip-rule',
  'color',
  'color-interpolation',
  'color-interpolation-filters',
  'color-rendering',
  'color-scheme',
  'direction',
  'dominant-baseline',
  'empty-cells',
  'fill',
  'fill-opacity',
  'fill-rule',
  'font-family',
  'font-feature-settings',
  'font-kerning',
  'font-language-override',
  'font-optical-sizing',
  'font-palette',
  'font-size',
  'font-size-adjust',
  'font-stretch',
  'font-style',
  'font-synthesis-small-caps',
  'font-synthesis-style',
  'font-synthesis-weight',
  'font-variant-alternates',
  'font-variant-caps',
  'font-variant-east-asian',
  'font-variant-emoji',
  'font-variant-ligatures',
  'font-variant-numeric',
  'font-variant-position',
  'font-variation-settings',
  'font-weight',
  'forced-color-adjust',
  'hyphenate-character',
  'hyphenate-limit-chars',
  'hyphens',
  'image-orientation',
  'image-rendering',
  'letter-spacing',
  'line-break',
  'line-height',
  'list-style-image',
  'list-style-position',
  'list-style-type',
  'marker-end',
  'marker-mid',
  'marker-start',
  'math-depth',
  'math-shift',
  'math-style',
  'orphans',
  'overflow-wrap',
  'paint-order',
  'print-color-adjust',
  'quotes',
  'ruby-align',
  'ruby-position',
  'shape-rendering',
  'speak',
  'stroke',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-opacity',
  'stroke-width',
  'tab-size',
  'text-align',
  'text-align-last',
  'text-anchor',
  'text-autospace',
  'text-combine-upright',
  'text-decoration-skip-ink',
  'text-emphasis-color',
  'text-emphasis-position',
  'text-emphasis-style',
  'text-indent',
  'text-justify',
  'text-orientation',
  'text-rendering',
  'text-shadow',
  'text-size-adjust',
  'text-spacing-trim',
  'text-transform',
  'text-underline-offset',
  'text-underline-position',
  'text-wrap-mode',
  'text-wrap-style',
  'visibility',
  'white-space-collapse',
  'widows',
  'word-break',
  'word-spacing',
  'writing-mode',
  '-webkit-border-horizontal-spacing',
  '-webkit-border-vertical-spacing',
  '-webkit-font-smoothing',
  '-webkit-line-break',
  '-webkit-locale',
  '-webkit-rtl-ordering',
  '-webkit-ruby-position',
  '-webkit-text-fill-color',
  '-webkit-text-orientation',
  '-webkit-text-security',
  '-webkit-text-stroke-color',
  '-webkit-text-stroke-width',
  '-webkit-writing-mode',
]);

const NOT_INHERITED =
  /^(align-|justify-|place-|aspect-ratio$|background|block-size$|inline-size$|border-(?!collapse$|spacing$)|top$|right$|bottom$|left$|inset|box-|break-|clear$|clip$|clip-path$|column|contain|content$|content-visibility$|counter-|display$|flex|float$|gap$|row-gap$|grid|width$|height$|min-|max-|margin|padding|isolation$|mix-blend-mode$|object-|opacity$|order$|outline|overflow-(?!wrap$)|perspective|position|rotate$|scale$|translate$|transform|table-layout$|text-decoration-(line|color|style|thickness)$|text-overflow$|unicode-bidi$|vertical-align$|z-index$|filter$|backdrop-filter$|mask|shape-(?!rendering$)|x$|y$|cx$|cy$|r$|rx$|ry$|d$|stop-|flood-|lighting-color$|vector-effect$|baseline-shift$|alignment-baseline$|baseline-source$|backface-visibility$|offset-|-webkit-box-|-webkit-mask|-webkit-line-clamp$|corner-|row-rule|field-sizing$|anchor-|appearance$)/;

// Motion, interaction and scrolling behaviour change nothing in a still picture; shorthands are
// covered by their longhands, and setting both would let the shorthand reset what was skipped.
const SKIPPED =
  /^(--|animation|transition|view-transition|view-timeline|scroll-timeline|timeline-|trigger-|interest-|scroll-(margin|padding|snap|behavior|initial|marker|target)|overscroll|caret|cursor$|will-change$|app-region$|window-drag$|interactivity$|touch-action$|user-select$|pointer-events$|resize$|-webkit-user-|-webkit-tap-highlight|-webkit-text-decorations-in-effect$|text-decoration$|font-variant$|contain-intrinsic-size$|-webkit-border-image$|-webkit-mask-box-image$)/;

/** Defaults that are `currentcolor`: equal to the element's own colour, they need not be written. */
const CURRENT_COLOR_DEFAULT =
  /^(border-.*-color|outline-color|column-rule-color|row-rule-color|text-decoration-color)$/;

/** CSS properties that mirror SVG geometry attributes; the attribute already says it. */
const GEOMETRY = new Set([
  'x',
  'y',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'd',
  'width',
  'height',
  'transform',
]);

const DROPPED = new Set(['script', 'noscript', 'template']);
const DROPPED_IN_HTML = new Set(['style', 'link', 'meta', 'base']);
/** Elements whose ::before/::after are never drawn. */
const NO_PSEUDO = new Set([
  'area',
  'audio',
  'br',
  'canvas',
  'col',
  'embed',
  'iframe',
  'img',
  'input',
  'object',
  'option',
  'select',
  'source',
  'textarea',
  'track',
  'video',
  'wbr',
]);

const XML_NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
/** Drops what XML 1.0 cannot carry at all; a serializer passes it through and the file breaks. */
function xmlSafe(text: string): string {
  let out = '';
  let changed = false;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    if (ok) out += ch;
    else changed = true;
  }
  return changed ? out : text;
}

/**
 * UA-only computed styles per tag, read in a style-less frame: the exported document has no
 * author CSS, so a value is redundant only when the browser's own stylesheet already gives it.
 */
const defaultsCache = new Map<string, ReadonlyMap<string, string>>();

class Defaults {
  private frame: HTMLIFrameElement | null = null;
  private frameDoc: Document | null = null;
  private svgHost: Element | null = null;

  private readonly host: Document;
  private readonly props: readonly string[];

  constructor(host: Document, props: readonly string[]) {
    this.host = host;
    this.props = props;
  }

  get(el: Element, as?: string): ReadonlyMap<string, string> {
    const ns = el.namespaceURI ?? XHTML_NS;
    const tag = as ?? el.localName;
    const type = tag === 'input' ? (el.getAttribute('type') ?? 'text').toLowerCase() : '';
    const key = `${ns} ${tag} ${type}`;
    const cached = defaultsCache.get(key);
    if (cached) return cached;
    const doc = this.document();
    const win = doc?.defaultView;
    if (!doc || !win) return new Map(); // without a clean frame, everything is written out
    const probe = doc.createElementNS(ns, tag);
    if (type) probe.setAttribute('type', type);
    if (ns === SVG_NS && tag !== 'svg') this.svgParent(doc).append(probe);
    else doc.body.append(probe);
    const cs = win.getComputedStyle(probe);
    const values = new Map(this.props.map((p) => [p, cs.getPropertyValue(p)] as const));
    probe.remove();
    defaultsCache.set(key, values);
    return values;
  }

  dispose() {
    this.frame?.remove();
    this.frame = null;
    this.frameDoc = null;
    this.svgHost = null;
  }

  private document(): Document | null {
    if (this.frameDoc) return this.frameDoc;
    const frame = this.host.createElement('iframe');
    // same-origin so its styles can be read; no scripts may run in it
    frame.setAttribute('sandbox', 'allow-same-origin');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    for (const [p, v] of [
      ['position', 'fixed'],
      ['left', '-10000px'],
      ['top', '0'],
      ['width', '1024px'],
      ['height', '768px'],
      ['border', '0'],
      ['visibility', 'hidden'],
      ['pointer-events', 'none'],
    ] as const)
      frame.style.setProperty(p, v);
    (this.host.body ?? this.host.documentElement).append(frame);
    this.frame = frame;
    const doc = frame.contentDocument;
    this.frameDoc = doc?.body ? doc : null;
    return this.frameDoc;
  }

  private svgParent(doc: Document): Element {
    if (!this.svgHost) {
      this.svgHost = doc.createElementNS(SVG_NS, 'svg');
      doc.body.append(this.svgHost);
    }
    return this.svgHost;
  }
}

interface Context {
  readonly win: Window;
  readonly doc: Document;
  readonly props: readonly string[];
  readonly kinds: readonly Kind[];
  readonly index: ReadonlyMap<string, number>;
  readonly defaults: Defaults;
  /** Ids present in the copy, and ids the copy refers to with url(#…) or href="#…". */
  readonly ids: Set<string>;
  readonly refs: Set<string>;
  readonly pageUrls: readonly string[];
}

function kindOf(prop: string): Kind {
  if (SKIPPED.test(prop)) return Kind.Skip;
  if (INHERITED.has(prop)) return Kind.Inherited;
  if (NOT_INHERITED.test(prop)) return Kind.NotInherited;
  return Kind.Unknown;
}

function makeContext(el: Element, win: Window): Context {
  const cs = win.getComputedStyle(el);
  const props: string[] = [];
  for (let i = 0; i < cs.length; i++) {
    const p = cs.item(i);
    if (p && !p.startsWith('--')) props.push(p);
  }
  const doc = el.ownerDocument;
  const strip = (u: string) => u.split('#')[0] ?? u;
  return {
    win,
    doc,
    props,
    kinds: props.map(kindOf),
    index: new Map(props.map((p, i) => [p, i] as const)),
    defaults: new Defaults(doc, props),
    ids: new Set(),
    refs: new Set(),
    pageUrls: [...new Set([strip(doc.URL), strip(doc.baseURI)])],
  };
}

const value = (ctx: Context, values: Values, prop: string) => {
  const i = ctx.index.get(prop);
  return i === undefined ? '' : (values[i] ?? '');
};

/** Rewrite url(page#id) to url("#id"), so references survive outside the page. */
function localizeUrls(text: string, ctx: Context): string {
  return text.replace(/url\(\s*(['"]?)(.*?)\1\s*\)/g, (whole, _q: string, target: string) => {
    const hash = target.indexOf('#');
    if (hash < 0) return whole;
    const base = target.slice(0, hash);
    if (base !== '' && !ctx.pageUrls.includes(base)) return whole;
    const id = target.slice(hash + 1);
    ctx.refs.add(id);
    return `url("#${id}")`;
  });
}

function readValues(ctx: Context, cs: CSSStyleDeclaration): string[] {
  return ctx.props.map((p) => cs.getPropertyValue(p));
}

function inlineStyles(
  ctx: Context,
  target: Element,
  values: Values,
  parent: Values | null,
  defaults: ReadonlyMap<string, string>,
  mode: Mode,
  geometryFromAttributes: boolean,
) {
  const style = (target as Element & Partial<ElementCSSInlineStyle>).style;
  if (!style) return;
  const ownColor = value(ctx, values, 'color');
  const defaultColor = defaults.get('color');
  ctx.props.forEach((prop, i) => {
    if (mode === 'svg' && !SVG_PROPS.has(prop)) return;
    const kind = ctx.kinds[i];
    const v = values[i];
    if (kind === Kind.Skip || !v) return;
    if (geometryFromAttributes && GEOMETRY.has(prop) && target.hasAttribute(prop)) return;
    const d = defaults.get(prop);
    if (kind === Kind.Inherited) {
      // the copy's root has no styled ancestors, so it states every inherited value itself
      if (parent && parent[i] === v) return;
    } else if (kind === Kind.NotInherited) {
      if (d === v) return;
      if (v === ownColor && d === defaultColor && CURRENT_COLOR_DEFAULT.test(prop)) return;
    } else if (d === v && (!parent || parent[i] === v)) {
      return; // redundant whether or not it inherits
    }
    if (prop === 'content-visibility' && v === 'auto') return; // would skip painting off-screen parts
    style.setProperty(prop, v.includes('url(') ? localizeUrls(v, ctx) : v);
  });
}

function copyAttributes(ctx: Context, clone: Element) {
  for (const attr of [...clone.attributes]) {
    const name = attr.name;
    if (name === 'style' || name.toLowerCase().startsWith('on') || !XML_NAME.test(name)) {
      clone.removeAttributeNode(attr);
      continue;
    }
    const safe = xmlSafe(attr.value);
    if (safe !== attr.value) attr.value = safe;
    if (attr.localName === 'href' && safe.startsWith('#')) ctx.refs.add(safe.slice(1));
    else if (safe.includes('url(')) attr.value = localizeUrls(safe, ctx);
  }
  if (clone.id) ctx.ids.add(clone.id);
}

/** Shifts a child of a scrolled box by the scroll offset, which the copy cannot scroll to. */
function applyShift(
  style: CSSStyleDeclaration,
  position: string,
  top: string,
  left: string,
  shift: Shift,
) {
  const by = (v: string, d: number) =>
    v === 'auto' || v === '' ? `${d}px` : `calc(${v} + ${d}px)`;
  if (position === 'fixed') return;
  if (position === 'absolute') {
    const [tx = '0px', ty = '0px', tz] = (style.getPropertyValue('translate') || 'none')
      .replace(/^none$/, '')
      .split(' ')
      .filter(Boolean);
    style.setProperty('translate', `${by(tx, -shift.x)} ${by(ty, -shift.y)}${tz ? ` ${tz}` : ''}`);
    return;
  }
  const from = position === 'static';
  for (const p of [
    'inset-block-start',
    'inset-block-end',
    'inset-inline-start',
    'inset-inline-end',
  ])
    style.removeProperty(p);
  style.setProperty('position', 'relative');
  style.setProperty('top', by(from ? 'auto' : top, -shift.y));
  style.setProperty('left', by(from ? 'auto' : left, -shift.x));
}

/** The text a ::before/::after shows, or null when it is generated by means we do not reproduce. */
function pseudoText(content: string, el: Element): string | null {
  if (content === 'none' || content === 'normal' || content === '') return null;
  let out = '';
  let i = 0;
  while (i < content.length) {
    const c = content[i]!;
    if (c === ' ') {
      i++;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < content.length && content[i] !== c) {
        if (content[i] === '\\') {
          const hex = /^[0-9a-fA-F]{1,6} ?/.exec(content.slice(i + 1));
          if (hex) {
            out += String.fromCodePoint(parseInt(hex[0].trim(), 16) || 0xfffd);
            i += 1 + hex[0].length;
          } else {
            out += content[i + 1] ?? '';
            i += 2;
          }
        } else {
          out += content[i];
          i++;
        }
      }
      i++;
    } else {
      const attr = /^attr\(\s*([-\w]+)\s*\)/.exec(content.slice(i));
      if (!attr) return null; // counters, quotes, images
      out += el.getAttribute(attr[1]!) ?? '';
      i += attr[0].length;
    }
  }
  return out;
}

function copyPseudo(
  ctx: Context,
  el: Element,
  which: '::before' | '::after',
  parent: Values,
  shift: Shift | null,
): Element | null {
  const cs = ctx.win.getComputedStyle(el, which);
  const text = pseudoText(cs.getPropertyValue('content'), el);
  if (text === null || cs.getPropertyValue('display') === 'none') return null;
  const span = ctx.doc.createElementNS(XHTML_NS, 'span');
  const values = readValues(ctx, cs);
  inlineStyles(ctx, span, values, parent, ctx.defaults.get(span), 'html', false);
  if (shift) {
    applyShift(
      span.style,
      value(ctx, values, 'position'),
      value(ctx, values, 'top'),
      value(ctx, values, 'left'),
      shift,
    );
  }
  if (text) span.append(ctx.doc.createTextNode(xmlSafe(text)));
  return span;
}

function isModal(el: Element): boolean {
  try {
    return el.matches(':modal, :popover-open');
  } catch {
    return false;
  }
}

/** Swaps a same-origin bitmap in as a data: URL: an SVG image may not load anything else. */
function embedImage(ctx: Context, orig: HTMLImageElement, clone: Element) {
  const src = orig.currentSrc || orig.src;
  if (!src || src.startsWith('data:') || !orig.complete || !orig.naturalWidth) return;
  try {
    const canvas = ctx.doc.createElement('canvas');
    canvas.width = orig.naturalWidth;
    canvas.height = orig.naturalHeight;
    canvas.getContext('2d')?.drawImage(orig, 0, 0);
    clone.setAttribute('src', canvas.toDataURL('image/png'));
    clone.removeAttribute('srcset');
    clone.removeAttribute('sizes');
  } catch {
    // a cross-origin image taints the canvas; it stays a reference the viewer may not resolve
  }
}

function copyNode(
  ctx: Context,
  node: Node,
  mode: Mode,
  parent: Values | null,
  shift: Shift | null,
): Node | null {
  if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
    const text = ctx.doc.createTextNode(xmlSafe(node.nodeValue ?? ''));
    if (!shift || !text.data.trim()) return text;
    const span = ctx.doc.createElementNS(XHTML_NS, 'span');
    applyShift(span.style, 'static', 'auto', 'auto', shift);
    span.append(text);
    return span;
  }
  if (node.nodeType === Node.ELEMENT_NODE)
    return copyElement(ctx, node as Element, mode, parent, shift);
  return null;
}

function copyElement(
  ctx: Context,
  orig: Element,
  mode: Mode,
  parent: Values | null,
  shift: Shift | null,
): Element | null {
  const tag = orig.localName;
  const isSvg = orig.namespaceURI === SVG_NS;
  if (DROPPED.has(tag) || (mode === 'html' && !isSvg && DROPPED_IN_HTML.has(tag))) return null;
  if (orig.hasAttribute('data-export-ignore') || isModal(orig)) return null;

  const values = readValues(ctx, ctx.win.getComputedStyle(orig));
  // HTML that is not displayed draws nothing; SVG resources (markers, gradients) may be
  // referenced from elsewhere even when not displayed, so they stay
  if (mode === 'html' && !isSvg && value(ctx, values, 'display') === 'none') return null;

  let clone: Element;
  let defaults = ctx.defaults.get(orig);
  if (orig instanceof HTMLCanvasElement) {
    clone = ctx.doc.createElementNS(XHTML_NS, 'img');
    try {
      clone.setAttribute('src', orig.toDataURL('image/png'));
    } catch {
      // a tainted canvas shows as an empty box of the same size
    }
    // without this the image would take the canvas's backing size, not its CSS size
    defaults = new Map([...defaults].filter(([p]) => p !== 'width' && p !== 'height'));
  } else {
    clone = orig.cloneNode(false) as Element;
  }
  copyAttributes(ctx, clone);
  inlineStyles(ctx, clone, values, parent, defaults, mode, isSvg && tag !== 'svg');
  if (shift && 'style' in clone) {
    applyShift(
      (clone as HTMLElement).style,
      value(ctx, values, 'position'),
      value(ctx, values, 'top'),
      value(ctx, values, 'left'),
      shift,
    );
  }

  // form controls show their live state, which lives in properties, not attributes
  if (orig instanceof HTMLInputElement) {
    if (orig.type === 'checkbox' || orig.type === 'radio')
      clone.toggleAttribute('checked', orig.checked);
    else if (orig.type !== 'file' && orig.type !== 'password')
      clone.setAttribute('value', xmlSafe(orig.value));
  } else if (orig instanceof HTMLOptionElement) {
    clone.toggleAttribute('selected', orig.selected);
  } else if (orig instanceof HTMLTextAreaElement) {
    clone.append(ctx.doc.createTextNode(xmlSafe(orig.value)));
    return clone;
  } else if (orig instanceof HTMLImageElement) {
    embedImage(ctx, orig, clone);
  }

  const childMode: Mode = mode === 'svg' && tag === 'foreignObject' ? 'html' : mode;
  // HTML inside an SVG root inherits nothing from the few properties its SVG ancestors kept
  const childParent = childMode === mode ? values : null;
  const scrolled =
    childMode === 'html' && !isSvg && (orig.scrollTop !== 0 || orig.scrollLeft !== 0)
      ? { x: orig.scrollLeft, y: orig.scrollTop }
      : null;
  const pseudo = childMode === 'html' && !isSvg && !NO_PSEUDO.has(tag);

  if (pseudo) {
    const before = copyPseudo(ctx, orig, '::before', values, scrolled);
    if (before) clone.append(before);
  }
  for (const child of orig.childNodes) {
    const copy = copyNode(ctx, child, childMode, childParent, scrolled);
    if (copy) clone.append(copy);
  }
  if (pseudo) {
    const after = copyPseudo(ctx, orig, '::after', values, scrolled);
    if (after) clone.append(after);
  }
  return clone;
}

/** Copies SVG resources the snapshot refers to but that live elsewhere in the page. */
function externalDefs(ctx: Context): Element | null {
  const defs = ctx.doc.createElementNS(SVG_NS, 'defs');
  const tried = new Set<string>();
  for (;;) {
    const missing = [...ctx.refs].filter((id) => !ctx.ids.has(id) && !tried.has(id));
    if (missing.length === 0) break;
    for (const id of missing) {
      tried.add(id);
      const target = ctx.doc.getElementById(id);
      if (!target || target.namespaceURI !== SVG_NS) continue;
      const copy = copyElement(ctx, target, 'svg', null, null);
      if (copy) defs.append(copy);
    }
  }
  return defs.childElementCount > 0 ? defs : null;
}

const isTransparent = (color: string) =>
  color === '' ||
  color === 'transparent' ||
  /^rgba\(.*,\s*0(\.0+)?\)$/.test(color) ||
  /\/\s*0(\.0+)?\s*\)$/.test(color);

/** The colour the element is seen against: its own, or the first opaque one behind it. */
function effectiveBackground(el: Element, win: Window): string {
  for (let at: Element | null = el; at; at = at.parentElement) {
    const bg = win.getComputedStyle(at).getPropertyValue('background-color');
    if (!isTransparent(bg)) return bg;
  }
  return '#ffffff';
}

function svgElement(ctx: Context, name: string, attrs: Record<string, string | number>): Element {
  const node = ctx.doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function standaloneRoot(ctx: Context, width: number, height: number): Element {
  const root = svgElement(ctx, 'svg', {
    version: '1.1',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
  });
  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  return root;
}

function fromSvg(ctx: Context, el: Element, width: number, height: number, bg?: string): Element {
  const isRoot = el.localName === 'svg';
  const copy = copyElement(ctx, el, 'svg', null, null) ?? svgElement(ctx, 'g', {});
  const defs = externalDefs(ctx);
  if (isRoot && !bg) {
    copy.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
    copy.setAttribute('version', '1.1');
    copy.setAttribute('width', String(width));
    copy.setAttribute('height', String(height));
    if (defs) copy.prepend(defs);
    return copy;
  }
  const root = standaloneRoot(ctx, width, height);
  if (defs) root.append(defs);
  if (bg)
    root.append(svgElement(ctx, 'rect', { x: 0, y: 0, width: '100%', height: '100%', fill: bg }));
  if (isRoot) {
    for (const [k, v] of Object.entries({ x: 0, y: 0, width, height }))
      copy.setAttribute(k, String(v));
    root.append(copy);
  } else {
    // a shape or group keeps its place by replaying the transforms above it, shifted to 0,0
    const box = el.getBoundingClientRect();
    const m = (el.parentNode as SVGGraphicsElement | null)?.getScreenCTM?.();
    const g = svgElement(ctx, 'g', {});
    if (m)
      g.setAttribute(
        'transform',
        `matrix(${m.a} ${m.b} ${m.c} ${m.d} ${m.e - box.left} ${m.f - box.top})`,
      );
    g.append(copy);
    root.append(g);
  }
  return root;
}

function fromHtml(ctx: Context, el: Element, width: number, height: number, bg: string): Element {
  const copy = copyElement(ctx, el, 'html', null, null) ?? ctx.doc.createElementNS(XHTML_NS, 'div');
  const style = (copy as Element & Partial<ElementCSSInlineStyle>).style;
  if (style) {
    // the snapshot's origin is the element's border box: its margins and page offsets go
    for (const p of [...style])
      if (p.startsWith('margin') || p.startsWith('inset')) style.removeProperty(p);
    for (const p of ['top', 'right', 'bottom', 'left']) style.removeProperty(p);
    style.setProperty('margin', '0px');
    if (!['static', 'relative'].includes(style.getPropertyValue('position') || 'static'))
      style.setProperty('position', 'relative');
  }
  const root = standaloneRoot(ctx, width, height);
  const defs = externalDefs(ctx);
  if (defs) root.append(defs);
  root.append(svgElement(ctx, 'rect', { x: 0, y: 0, width: '100%', height: '100%', fill: bg }));
  const fo = svgElement(ctx, 'foreignObject', { x: 0, y: 0, width, height });
  const wrapper = ctx.doc.createElementNS(XHTML_NS, 'div') as HTMLElement;
  for (const [p, v] of [
    ['margin', '0px'],
    ['padding', '0px'],
    ['width', `${width}px`],
    ['height', `${height}px`],
    ['overflow', 'hidden'],
    ['background-color', bg],
  ] as const)
    wrapper.style.setProperty(p, v);
  wrapper.append(copy);
  fo.append(wrapper);
  root.append(fo);
  return root;
}

/** Serializes `el`, as it looks now, into a standalone SVG 1.1 document. */
export function elementToSvg(el: Element, options: ElementToSvgOptions = {}): ExportedSvg {
  const win = el.ownerDocument.defaultView;
  if (!win || !el.isConnected)
    throw new Error('elementToSvg: the element must be attached to a document in a window');
  const box = el.getBoundingClientRect();
  // round up so nothing is clipped; the float slack keeps 812.0000001 at 812
  const width = Math.max(1, Math.ceil(box.width - 0.01));
  const height = Math.max(1, Math.ceil(box.height - 0.01));
  const ctx = makeContext(el, win);
  try {
    const root =
      el.namespaceURI === SVG_NS
        ? fromSvg(ctx, el, width, height, options.background)
        : fromHtml(ctx, el, width, height, options.background ?? effectiveBackground(el, win));
    return { svg: new win.XMLSerializer().serializeToString(root), width, height };
  } finally {
    ctx.defaults.dispose();
  }
}
