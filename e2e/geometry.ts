import { expect, type Locator, type Page } from '@playwright/test';

/** The element's box lies inside the viewport (and inside `within`, when given). */
export async function expectInside(page: Page, el: Locator, within?: Locator): Promise<void> {
  const box = await el.boundingBox();
  expect(box, 'element has a box').not.toBeNull();
  const vp = page.viewportSize()!;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(vp.height + 0.5);
  if (within) {
    const outer = (await within.boundingBox())!;
    expect(box!.x).toBeGreaterThanOrEqual(outer.x - 0.5);
    expect(box!.x + box!.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
  }
}

/** Text is not cut: the element's content fits its box. */
export async function expectNotClipped(el: Locator): Promise<void> {
  const [sw, cw] = await el.evaluate((e) => [e.scrollWidth, e.clientWidth]);
  expect(sw, 'scrollWidth <= clientWidth').toBeLessThanOrEqual(cw);
}
