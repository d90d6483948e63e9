import { expect, type Locator, type Page } from '@playwright/test';

/*
 * Geometry checks for the fit tests: boxes inside the viewport and inside their panel, text
 * not clipped. Everything is measured in the page, in CSS pixels, with 1 px of slack for
 * sub-pixel rounding.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const SLACK = 1;

export function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - SLACK &&
    inner.y >= outer.y - SLACK &&
    inner.x + inner.width <= outer.x + outer.width + SLACK &&
    inner.y + inner.height <= outer.y + outer.height + SLACK
  );
}

export function overlap(a: Box, b: Box): boolean {
  return (
    a.x + SLACK < b.x + b.width &&
    b.x + SLACK < a.x + a.width &&
    a.y + SLACK < b.y + b.height &&
    b.y + SLACK < a.y + a.height
  );
}

/** The boxes (getBoundingClientRect) of every element the locator matches. */
export async function boxes(loc: Locator): Promise<Box[]> {
  return loc.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

export async function box(loc: Locator): Promise<Box> {
  const all = await boxes(loc.first());
  if (!all[0]) throw new Error('no element to measure');
  return all[0];
}

export async function viewport(page: Page): Promise<Box> {
  return page.evaluate(() => ({
    x: 0,
    y: 0,
    width: document.documentElement.clientWidth,
    height: document.documentElement.clientHeight,
  }));
}

/** Each element whose content is wider than its box: "text (scrollWidth > clientWidth)". */
export async function clipped(loc: Locator): Promise<string[]> {
  return loc.evaluateAll((els) =>
    els
      .filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${(e.textContent ?? '').slice(0, 60)} (${e.scrollWidth} > ${e.clientWidth})`),
  );
}

/** Rendered font size in px of SVG text: the CSS size times the SVG's scale on screen. */
export async function svgFontPx(loc: Locator): Promise<number[]> {
  return loc.evaluateAll((els) =>
    els.map((e) => {
      const t = e as SVGGraphicsElement;
      const m = t.getScreenCTM();
      const scale = m ? Math.hypot(m.a, m.b) : 1;
      return parseFloat(getComputedStyle(t).fontSize) * scale;
    }),
  );
}

/** Describes the boxes of `loc` that are not inside `outer`, for a readable failure. */
export async function outside(loc: Locator, outer: Box): Promise<string[]> {
  const all = await loc.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        label: (e.getAttribute('aria-label') ?? e.textContent ?? e.tagName).slice(0, 50),
        b: { x: r.x, y: r.y, width: r.width, height: r.height },
      };
    }),
  );
  return all
    .filter((a) => !inside(a.b, outer))
    .map(
      (a) =>
        `${a.label} @ ${Math.round(a.b.x)},${Math.round(a.b.y)} ${Math.round(a.b.width)}x${Math.round(a.b.height)}`,
    );
}

/** The element's box lies inside the viewport (and inside `within`, when given). */
export async function expectInside(page: Page, el: Locator, within?: Locator): Promise<void> {
  const b = await el.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  const vp = page.viewportSize()!;
  expect(b!.x).toBeGreaterThanOrEqual(0);
  expect(b!.y).toBeGreaterThanOrEqual(0);
  expect(b!.x + b!.width).toBeLessThanOrEqual(vp.width + 0.5);
  expect(b!.y + b!.height).toBeLessThanOrEqual(vp.height + 0.5);
  if (within) {
    const outer = (await within.boundingBox())!;
    expect(b!.x).toBeGreaterThanOrEqual(outer.x - 0.5);
    expect(b!.x + b!.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
  }
}

/** Text is not cut: the element's content fits its box. */
export async function expectNotClipped(el: Locator): Promise<void> {
  const [sw, cw] = await el.evaluate((e) => [e.scrollWidth, e.clientWidth]);
  expect(sw, 'scrollWidth <= clientWidth').toBeLessThanOrEqual(cw!);
}
