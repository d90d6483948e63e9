/**
 * A standalone SVG figure stacked from blocks: copied drawings (plainSvgCopy) and text flowed to
 * the figure's width (flowText), on an opaque background so it reads on any slide.
 */
import { resolveColor } from './paint';
import { SVG_NS, type PlainCopy } from './plainSvg';
import { flowText, type Item } from './textFlow';

export type Block =
  | { readonly kind: 'graphic'; readonly copy: PlainCopy }
  | { readonly kind: 'text'; readonly items: readonly Item[]; readonly gap?: number };

export interface FigureSpec {
  /** Any CSS colour. */
  readonly background: string;
  readonly blocks: readonly Block[];
  /** The accessible name of the figure (<title>). */
  readonly title: string;
  /** The narrowest the figure may be, so headings have room even beside a small drawing. */
  readonly minWidth?: number;
}

export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

const PAD = 16;
const SPACING = 10;

export function buildFigure(spec: FigureSpec, doc: Document = document): Figure {
  const drawn = spec.blocks.flatMap((b) => (b.kind === 'graphic' ? [b.copy.box.width] : []));
  const inner = Math.ceil(Math.max(spec.minWidth ?? 640, ...drawn));
  const width = inner + 2 * PAD;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS);
  root.setAttribute('version', '1.1');
  const title = doc.createElementNS(SVG_NS, 'title');
  title.textContent = spec.title;
  const bg = doc.createElementNS(SVG_NS, 'rect');
  const c = resolveColor(spec.background);
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', c.hex === 'none' ? '#ffffff' : c.hex);
  root.append(title, bg);

  let y = PAD;
  for (const b of spec.blocks) {
    const g = doc.createElementNS(SVG_NS, 'g');
    if (b.kind === 'graphic') {
      const { box } = b.copy;
      g.setAttribute('transform', `translate(${r(PAD - box.x)},${r(y - box.y)})`);
      g.append(b.copy.g);
      y += box.height;
    } else {
      const flowed = flowText(b.items, inner, b.gap, doc);
      if (!flowed.height) continue;
      g.setAttribute('transform', `translate(${PAD},${r(y)})`);
      g.append(flowed.g);
      y += flowed.height;
    }
    root.append(g);
    y += SPACING;
  }
  const height = Math.ceil(y - SPACING + PAD);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const svg = new XMLSerializer().serializeToString(root);
  // UTF-8, XML's default, so no declaration is needed
  return { svg: `${svg}\n`, width, height };
}

const r = (n: number) => Math.round(n * 100) / 100;
