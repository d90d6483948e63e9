/**
 * The HTML parts (the whole view, the CPU/MMU/TLB/source/explanation panels) as PNG or as an
 * SVG with the HTML in a foreignObject (browsers only), through modern-screenshot, loaded on
 * first use. A panel is captured from a copy laid out off screen at the panel's width, with its
 * full content (no scrollbars, nothing scrolled away), its heading wrapped rather than cut, and
 * tab buttons reduced to the open tab's name.
 */
import type { Options } from 'modern-screenshot';

export interface Captured<T> {
  readonly data: T;
  /** CSS pixels; a PNG is `scale` times larger. */
  readonly width: number;
  readonly height: number;
}

const isTransparent = (c: string) =>
  c === '' || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c) || /\/\s*0\)$/.test(c);

/** The colour an element is seen against: its own, or the first opaque one behind it. */
function backgroundOf(el: Element): string {
  for (let at: Element | null = el; at; at = at.parentElement) {
    const bg = getComputedStyle(at).backgroundColor;
    if (!isTransparent(bg)) return bg;
  }
  return '#ffffff';
}

const sides = (p: string, s = '') => ['top', 'right', 'bottom', 'left'].map((x) => `${p}-${x}${s}`);
/**
 * The properties that change how this app's HTML looks. Copying only these (rather than each
 * of the ~400 computed properties) makes a whole-view capture several times faster.
 */
const STYLE_PROPERTIES = [
  ...['display', 'position', 'top', 'right', 'bottom', 'left', 'z-index', 'float', 'clear'],
  ...['box-sizing', 'width', 'height', 'min-width', 'min-height', 'max-width', 'max-height'],
  ...sides('margin'),
  ...sides('padding'),
  ...sides('border', '-width'),
  ...sides('border', '-style'),
  ...sides('border', '-color'),
  ...['top-left', 'top-right', 'bottom-left', 'bottom-right'].map((c) => `border-${c}-radius`),
  ...['overflow-x', 'overflow-y', 'visibility', 'opacity', 'transform', 'transform-origin'],
  ...['flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis', 'order'],
  ...['justify-content', 'justify-items', 'justify-self', 'align-content', 'align-items'],
  ...['align-self', 'row-gap', 'column-gap', 'grid-template-columns', 'grid-template-rows'],
  ...['grid-template-areas', 'grid-auto-flow', 'grid-auto-columns', 'grid-auto-rows'],
  ...['grid-column-start', 'grid-column-end', 'grid-row-start', 'grid-row-end'],
  ...['color', 'background-color', 'background-image', 'box-shadow', 'outline-style'],
  ...['outline-width', 'outline-color', 'outline-offset', 'font-family', 'font-size'],
  ...['font-weight', 'font-style', 'font-variant-numeric', 'font-feature-settings', 'line-height'],
  ...['letter-spacing', 'word-spacing', 'text-align', 'text-indent', 'text-transform'],
  ...['text-decoration-line', 'text-decoration-color', 'text-decoration-style', 'text-overflow'],
  ...['white-space-collapse', 'text-wrap-mode', 'word-break', 'overflow-wrap', 'vertical-align'],
  ...['list-style-type', 'list-style-position', 'border-collapse', 'table-layout', 'tab-size'],
  ...['caption-side', 'aspect-ratio', 'zoom', 'clip-path', 'accent-color', 'appearance'],
  ...['background-position', 'background-size', 'background-repeat', 'text-shadow', 'filter'],
  // SVG drawn inside the HTML (the page tables in the whole view)
  ...['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity'],
  ...['stroke-linecap', 'stroke-linejoin', 'text-anchor', 'dominant-baseline', 'paint-order'],
];

/** Nothing modal, nothing marked for the screen only, no export machinery. */
const keep = (node: Node) =>
  !(node instanceof Element) ||
  !node.matches('dialog, [data-export-ignore], .export-offscreen, .blank-screen');

/** The library writes a <select>'s value as an attribute, which shows nothing: mark the option. */
function showSelected(node: Node) {
  if (!(node instanceof HTMLSelectElement)) return;
  const value = node.getAttribute('value');
  for (const o of node.querySelectorAll('option'))
    o.toggleAttribute('selected', o.getAttribute('value') === value);
}

/**
 * A copy of `panel` inside shallow copies of its ancestors (so descendant selectors still
 * match), off screen at the panel's width. Layout-neutral ancestors, the panel at full height.
 */
function offscreenCopy(panel: HTMLElement): { host: HTMLElement; copy: HTMLElement } {
  const host = document.createElement('div');
  host.className = 'export-offscreen export-html';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  host.style.width = `${Math.ceil(panel.getBoundingClientRect().width)}px`;
  let outer: HTMLElement = host;
  const chain: Element[] = [];
  for (let at = panel.parentElement; at && at !== document.body; at = at.parentElement)
    chain.unshift(at);
  for (const a of chain) {
    const shell = a.cloneNode(false) as HTMLElement;
    shell.removeAttribute('id');
    shell.removeAttribute('data-testid');
    shell.classList.add('export-shell');
    outer.append(shell);
    outer = shell;
  }
  const copy = panel.cloneNode(true) as HTMLElement;
  copy.classList.add('export-panel');
  outer.append(copy);
  document.body.append(host);
  return { host, copy };
}

async function capture<T>(
  target: HTMLElement,
  asPanel: boolean,
  draw: (lib: typeof import('modern-screenshot'), el: HTMLElement, o: Options) => Promise<T>,
  scale: number,
): Promise<Captured<T>> {
  const lib = await import('modern-screenshot');
  const made = asPanel ? offscreenCopy(target) : null;
  const el = made?.copy ?? target;
  try {
    const box = el.getBoundingClientRect();
    const width = Math.max(1, Math.ceil(box.width - 0.01));
    const height = Math.max(1, Math.ceil(box.height - 0.01));
    const data = await draw(lib, el, {
      width,
      height,
      scale,
      backgroundColor: backgroundOf(target),
      filter: keep,
      // the app uses installed fonts only: nothing to fetch and embed
      font: false,
      includeStyleProperties: STYLE_PROPERTIES,
      onCloneEachNode: showSelected,
    });
    return { data, width, height };
  } finally {
    made?.host.remove();
  }
}

export function htmlToPng(target: HTMLElement, asPanel: boolean, scale = 2) {
  return capture(
    target,
    asPanel,
    (lib, el, o) => lib.domToBlob(el, { ...o, type: 'image/png' }),
    scale,
  );
}

export function htmlToSvg(target: HTMLElement, asPanel: boolean) {
  return capture(
    target,
    asPanel,
    async (lib, el, o) =>
      new XMLSerializer().serializeToString(await lib.domToForeignObjectSvg(el, o)),
    1,
  );
}
