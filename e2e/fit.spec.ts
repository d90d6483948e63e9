import { expect, test } from './fixtures';
import { box, boxes, clipped, outside, overlap, svgFontPx, viewport } from './geometry';

/* Issue 11, points 1-4: every view fits its screen, measured, not just present. */

const TREE_PARTS = '.tree-node, .shared-page, .httbr-tag, .tree-head-box, .tree-title, .tree-pa';
const SIZES = [
  [1280, 720],
  [1920, 1080],
] as const;

for (const [w, h] of SIZES) {
  for (const [view, q] of [
    ['app', ''],
    ['presenter', '&view=presenter'],
    ['audience', '&view=audience'],
  ] as const) {
    test(`1: both PGDs, the trampoline page and HTTBR fit the ${view} view at ${w}x${h}`, async ({
      app,
      page,
    }) => {
      await page.setViewportSize({ width: w, height: h });
      // after the HTTBR switch: the runtime PGD is active, its tag on the right edge
      await app.open(`?preset=dual-step&step=200${q}`);
      await expect(page.locator('.tree-runtime .httbr-tag')).toHaveCount(1);
      await expect(page.locator('.shared-page')).toHaveCount(1);
      const vp = await viewport(page);
      const panel = await box(page.locator('.pgd-viewport'));
      expect(await outside(page.locator(TREE_PARTS), vp)).toEqual([]);
      expect(await outside(page.locator(TREE_PARTS), panel)).toEqual([]);
      const fonts = await svgFontPx(page.locator('.node-text, .tree-title, .httbr-tag text'));
      const floor = view === 'app' ? 13 : 14;
      expect(Math.min(...fonts), `smallest tree label at ${w}x${h}`).toBeGreaterThanOrEqual(floor);
      if (w === 1920) {
        // the trees grow into the panel: they span most of its width or its height
        const drawn = await box(page.locator('.pgd-zoom'));
        const used = Math.max(drawn.width / panel.width, drawn.height / panel.height);
        expect(used).toBeGreaterThan(0.8);
        expect(Math.min(...fonts)).toBeGreaterThanOrEqual(16);
      }
    });
  }
}

test('1: the embed in a 960x540 iframe shows both PGDs and the step', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=170');
  const src = page.url().replace(/\?.*$/, '') + '?preset=dual-step&step=170&embed=1';
  await page.setContent(
    `<iframe title="hypstep" src="${src}" width="960" height="540" style="border:0"></iframe>`,
  );
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('step-counter')).toHaveText('Step 170 of 222');
  const frameBox = { x: 0, y: 0, width: 960, height: 540 };
  const inFrame = await frame
    .locator(TREE_PARTS + ', [data-testid=step-counter]')
    .evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
  expect(inFrame.length).toBeGreaterThan(10);
  for (const b of inFrame)
    expect(
      b.x >= -1 && b.y >= -1 && b.x + b.width <= frameBox.width + 1 && b.y + b.height <= 541,
    ).toBe(true);
  await expect(frame.locator('.tree-title')).toHaveText(['Boot PGD', 'Runtime PGD']);
});

test('1: zoom with +, -, 0 on the focused tree and the Fit button; arrows still step', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=170');
  const svg = page.locator('.pgd-svg');
  const node = page.locator('.tree-node.side-boot').first();
  const before = await box(node);
  await svg.focus();
  await page.keyboard.press('+');
  await expect(svg).toHaveAttribute('data-zoom', '1.40');
  await page.keyboard.press('+');
  const zoomed = await box(node);
  expect(zoomed.width).toBeGreaterThan(before.width * 1.8);
  await page.keyboard.press('-');
  await expect(svg).toHaveAttribute('data-zoom', '1.40');
  // the arrow keys keep stepping while the tree has focus
  await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText('Step 171 of 222');
  await page.keyboard.press('0');
  await expect(svg).toHaveAttribute('data-zoom', '1.00');
  await page.getByRole('button', { name: 'Zoom in (+)' }).click();
  await expect(svg).toHaveAttribute('data-zoom', '1.40');
  await page.getByRole('button', { name: /^Fit/ }).click();
  await expect(svg).toHaveAttribute('data-zoom', '1.00');
  const fitted = await box(node);
  expect(Math.abs(fitted.width - before.width)).toBeLessThan(2);
});

for (const [w, h] of [
  [1280, 720],
  [1024, 768],
  [390, 844],
] as const) {
  test(`2: the descriptor tooltip shows every row inside the viewport at ${w}x${h}`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await app.open('?preset=dual-step&step=200');
    // the runtime L1 entry: on the right edge, where a tip drawn in the panel was cut off
    for (const id of ['runtime:1.3', 'boot:1.3/2.511/3.496']) {
      await page.locator(`.tree-node[data-id="${id}"]`).focus();
      const tip = page.locator('.desc-tip');
      await expect(tip).toBeVisible();
      const rows = tip.locator('tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
      const vp = await viewport(page);
      expect(await outside(tip, vp)).toEqual([]);
      expect(await outside(rows, vp)).toEqual([]);
      // drawn outside every panel, so no panel's overflow can cut it
      expect(await tip.evaluate((e) => e.closest('.panel') === null)).toBe(true);
      await page.locator('.pgd-svg').focus();
      await expect(tip).toHaveCount(0);
    }
  });
}

test('3: at 1280x720 the MMU panel shows the walk and the fault without scrolling', async ({
  app,
  page,
}) => {
  await app.open('?preset=no-flush-noncoherent&step=103');
  const mmu = page.getByRole('region', { name: 'MMU' });
  const body = mmu.locator('.panel-body');
  await expect(mmu.locator('table.walk')).toHaveCount(1);
  await expect(mmu.locator('.fault-line').first()).toContainText('translation fault, level 1');
  const size = await body.evaluate((e) => ({ sh: e.scrollHeight, ch: e.clientHeight }));
  expect(size.sh).toBeLessThanOrEqual(size.ch + 1);
  const b = await box(body);
  expect(await outside(mmu.locator('table.walk, .fault-line, .exception-line'), b)).toEqual([]);
  expect(await outside(mmu.locator('table.walk, .fault-line'), await viewport(page))).toEqual([]);
  expect(await clipped(body)).toEqual([]);
});

for (const [w, h] of [
  [1280, 720],
  [1024, 768],
] as const) {
  test(`3: the inspector's walks never run into each other at ${w}x${h}`, async ({ app, page }) => {
    await page.setViewportSize({ width: w, height: h });
    await app.open('?preset=dual-step&step=170');
    await page.getByRole('tab', { name: 'Address inspector' }).click();
    const results = page.locator('.inspect-result');
    await expect(results).toHaveCount(4);
    const all = await boxes(results);
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(overlap(all[i]!, all[j]!)).toBe(false);
    expect(await clipped(page.locator('.inspect-result, .inspect-result table'))).toEqual([]);
    const panel = await box(page.locator('.tables-area .panel-body'));
    expect(await outside(page.locator('.inspect-result table'), { ...panel, height: 1e6 })).toEqual(
      [],
    );
  });
}

test('3: source lines never overflow; a cut comment keeps its full text in a tooltip', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=170');
  const lines = page.locator('.listing li');
  expect(await lines.count()).toBeGreaterThan(10);
  expect(await clipped(page.locator('.source-panel .panel-body'))).toEqual([]);
  const panel = await box(page.locator('.source-panel .panel-body'));
  expect(await outside(lines, { ...panel, y: -1e6, height: 2e6 })).toEqual([]);
  // no line's text runs past its own box (a row is one block of plain text: its scrollWidth
  // counts what overflows it)
  expect(await clipped(lines)).toEqual([]);
  // a comment too long for the panel (or code, when the code alone is) is cut where the panel
  // ends, with an ellipsis, and its tooltip holds it whole
  const cut = await page
    .locator('.listing li:not(.current) :is(.src-comment, .src-code)')
    .evaluateAll((els) =>
      els
        .filter((e) => e.textContent!.endsWith('…'))
        .map((e) => ({
          shown: e.textContent!,
          title: e.getAttribute('title'),
          end: e.getBoundingClientRect().right,
        })),
    );
  expect(cut.length).toBeGreaterThan(0);
  for (const { shown, title, end } of cut) {
    expect(title).not.toBeNull();
    expect(title!.length).toBeGreaterThan(shown.length - 1);
    expect(title!.startsWith(shown.slice(0, -1).trim())).toBe(true);
    expect(end).toBeLessThanOrEqual(panel.x + panel.width + 1);
    // and not cut early: it ends within the body's padding, scrollbar and a character or two
    expect(end).toBeGreaterThan(panel.x + panel.width - 60);
  }
  // the current line's own comment is never cut: it wraps under its code
  await app.open('?preset=dual-step&step=115');
  const own = page.locator('.listing li.current .src-comment');
  await expect(own).toHaveText('@ HTTBR = runtime PGD');
  expect(await clipped(own)).toEqual([]);
  const body = await box(page.locator('.source-panel .panel-body'));
  expect(await outside(own, { ...body, y: -1e6, height: 2e6 })).toEqual([]);
});

test('4: at 1024x768 the header is one line and nothing is clipped', async ({ app, page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open('?preset=dual-step&step=170');
  const toolbar = page.locator('.toolbar');
  const tb = await box(toolbar);
  expect(tb.height).toBeLessThanOrEqual(48);
  const parts = await boxes(page.locator('.brand, #scenario, .toolbar-right button'));
  for (const p of parts) expect(p.y).toBeGreaterThanOrEqual(tb.y - 1);
  for (const p of parts) expect(p.y + p.height).toBeLessThanOrEqual(tb.y + tb.height + 1);
  // the description is still there for a reader: in the select's tooltip
  await expect(page.locator('#scenario')).toHaveAttribute('title', /boot PGD, trampoline/);
  const vp = await viewport(page);
  expect(await outside(page.locator('.panel'), vp)).toEqual([]);
  // (the phase bands' ellipsis and the key-moment markers, whose labels hang below them by
  // design, are the timeline's business: issue 11 points 6 and 8, tested in moments.spec.ts)
  expect(
    await clipped(
      page.locator(
        'button:not(.phase-band button):not(.moment-marker), .panel-head h2, .step-counter, .reg dd',
      ),
    ),
  ).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
});

test('4: at 390x844 panels stack in one column, nothing overlaps, the trees zoom', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.open('?preset=dual-step&step=170');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const panels = await boxes(page.locator('.panel'));
  expect(panels.length).toBeGreaterThanOrEqual(6);
  for (const p of panels) {
    expect(p.x).toBeGreaterThanOrEqual(0);
    expect(p.x + p.width).toBeLessThanOrEqual(390);
  }
  for (let i = 0; i < panels.length; i++)
    for (let j = i + 1; j < panels.length; j++)
      expect(overlap(panels[i]!, panels[j]!), `panels ${i} and ${j} overlap`).toBe(false);
  // the toolbar wraps: every control stays on screen and none overlaps another
  const controls = await boxes(page.locator('.app-header button, .app-header select'));
  for (const c of controls) expect(c.x + c.width).toBeLessThanOrEqual(391);
  for (let i = 0; i < controls.length; i++)
    for (let j = i + 1; j < controls.length; j++)
      expect(overlap(controls[i]!, controls[j]!)).toBe(false);
  await page.getByRole('button', { name: 'Zoom in (+)' }).click();
  await expect(page.locator('.pgd-svg')).toHaveAttribute('data-zoom', '1.40');
});

test('1: the wheel zooms the trees on a fixed screen, and scrolls a page that scrolls', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=170');
  const svg = page.locator('.pgd-svg');
  const b = await box(svg);
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => Number(await svg.getAttribute('data-zoom'))).toBeGreaterThan(1);
  await page.getByRole('button', { name: /^Fit/ }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  await app.open('?preset=dual-step&step=170');
  const p = await box(page.locator('.pgd-svg'));
  await page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
  await page.mouse.wheel(0, 400);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(100);
  expect(await page.locator('.pgd-svg').getAttribute('data-zoom')).toBeNull();
});
