/**
 * Reads a drawn panel (HTML around an SVG drawing) as figure blocks, in reading order: the
 * drawing as plain SVG, the captions and legends around it as text, small inline SVGs (legend
 * swatches) kept in the text. Controls (buttons, inputs) and visually hidden text are left out.
 * Nothing here depends on a panel's class names, so it follows the panels as they change.
 */
import type { Block } from './figure';
import { plainSvgCopy } from './plainSvg';
import { styleOf, type Item, type Run } from './textFlow';

const CONTROLS = 'button, input, select, textarea, [role="toolbar"], [data-export-ignore]';

function hidden(el: Element): boolean {
  if (el.matches(CONTROLS)) return true;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') return true;
  // the visually-hidden pattern: a 1 px absolutely placed box
  return cs.position === 'absolute' && parseFloat(cs.width) <= 1 && parseFloat(cs.height) <= 1;
}

/** A drawing, as opposed to an icon or a swatch in a line of text. */
function isDrawing(el: Element): el is SVGSVGElement {
  if (el.localName !== 'svg') return false;
  const b = el.getBoundingClientRect();
  return b.width >= 120 && b.height >= 60;
}

const isRow = (el: Element) =>
  /flex|grid/.test(getComputedStyle(el).display) || el.localName === 'ul' || el.localName === 'ol';
const isBlockish = (el: Element) => {
  const d = getComputedStyle(el).display;
  return !d.startsWith('inline') && d !== 'contents';
};
/** Text directly in `el`, outside its element children. */
const ownText = (el: Element) =>
  [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.nodeValue?.trim());
const holdsDrawing = (el: Element) => [...el.querySelectorAll('svg')].some(isDrawing);

/** The visible text of `el` as styled runs, in reading order, swatches included. */
export function runsOf(el: Element): Run[] {
  const runs: Run[] = [];
  const walk = (node: Element) => {
    if (hidden(node)) return;
    if (node.localName === 'svg') {
      runs.push({ swatch: plainSvgCopy(node as SVGSVGElement) });
      return;
    }
    // the entries of a row are apart on screen (gap, margins) even with no space between them
    const row = node !== el && isRow(node);
    for (const child of node.childNodes) {
      if (row && child.nodeType === Node.ELEMENT_NODE && runs.length)
        runs.push({ text: ' ', style: styleOf(getComputedStyle(node)) });
      if (child.nodeType === Node.TEXT_NODE) {
        const text = (child.nodeValue ?? '').replace(/\s+/g, ' ');
        if (text) runs.push({ text, style: styleOf(getComputedStyle(node)) });
      } else if (child.nodeType === Node.ELEMENT_NODE) walk(child as Element);
    }
  };
  walk(el);
  return runs;
}

const hasText = (runs: readonly Run[]) => runs.some((r) => 'text' in r && r.text.trim());

/** The entries of a flex/grid row or a list each as an item; other text as one item. */
export function itemsOf(el: Element): Item[] {
  const kids = [...el.children].filter((c) => !hidden(c));
  if (!isRow(el) || kids.length === 0) return [runsOf(el)];
  // a row inside a row (a legend in a footer bar): its entries are the items
  return kids.flatMap((k) => (isRow(k) ? itemsOf(k) : [runsOf(k)])).filter(hasText);
}

/** `root`'s content as blocks: drawings, and the text blocks around them, in reading order. */
export function blocksOf(root: Element): Block[] {
  const out: Block[] = [];
  const visit = (el: Element) => {
    if (hidden(el)) return;
    if (isDrawing(el)) {
      out.push({ kind: 'graphic', copy: plainSvgCopy(el) });
      return;
    }
    const kids = [...el.children].filter((c) => !hidden(c));
    // a wrapper of the drawing, or a stack of paragraphs: each part in turn
    const stack = !isRow(el) && !ownText(el) && kids.length > 0 && kids.every(isBlockish);
    if (holdsDrawing(el) || stack) {
      for (const k of kids) visit(k);
      return;
    }
    const items = itemsOf(el);
    if (items.some(hasText)) out.push({ kind: 'text', items });
  };
  visit(root);
  return out;
}
