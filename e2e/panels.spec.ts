import { expect, test } from './fixtures';
import { box, boxes, clipped, inside, outside, overlap } from './geometry';

/* Issue 11, points 5 and 13-19: the outcome banner and the smaller confusions, measured. */

test('5: the outcome banner decodes the syndrome and opens Why below at full width', async ({
  app,
  page,
}) => {
  await app.open('?preset=no-flush-noncoherent&step=104');
  const banner = page.getByTestId('outcome');
  await expect(page.getByTestId('outcome-fault')).toHaveText(
    // the fault is the outcome's own step (103): no "(step N)" to add
    'Syndrome: prefetch abort, translation fault, level 1 at 0x8032_0fa0',
  );
  const b = await box(banner);
  const summary = await box(banner.locator('.outcome-summary'));
  // the summary keeps most of the line; the buttons never squeeze it to a sliver
  expect(summary.width).toBeGreaterThan(b.width * 0.6);
  await banner.getByRole('button', { name: /Why/ }).click();
  const why = banner.locator('.outcome-why');
  await expect(why).toBeVisible();
  const w = await box(why);
  expect(w.width).toBeGreaterThan(b.width * 0.9);
  expect(w.y).toBeGreaterThanOrEqual(summary.y + summary.height - 1);
  expect(await clipped(banner.locator('.outcome-summary, .outcome-why'))).toEqual([]);
  await expect(banner.getByRole('button', { name: /Why/ })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
});

test('5: "Go to where it happens" moves the cursor to the outcome step', async ({ app, page }) => {
  await app.open('?preset=stale-tlb&step=252');
  const go = page.getByRole('button', { name: 'Go to where it happens (step 247)' });
  await go.click();
  await expect(app.counter).toHaveText('Step 247 of 252');
  await expect(go).toHaveCount(0);
});

test('13: choosing a scenario gives the keys back to stepping', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=5');
  await page.getByLabel('Scenario').selectOption('stale-tlb');
  await expect(app.counter).toHaveText(/^Step 1 of 252$/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(/^Step 3 of 252$/);
  await expect(page.getByLabel('Scenario')).toHaveValue('stale-tlb');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('stepping-surface');
});

test('14: a link that overrides the preset says so in the picker', async ({ app, page }) => {
  await app.open('?preset=dual-step&skipTlbi=true&step=3');
  const picker = page.getByLabel('Scenario');
  await expect(picker.locator('option:checked')).toHaveText('custom: dual-step + skipTlbi');
  await expect(page.locator('#scenario-desc')).toContainText(
    'Changed by the link: skipTlbi = true (what-if: no TLBIALLH in phase 2)',
  );
  // choosing the preset itself drops the override
  await picker.selectOption('dual-step');
  await expect(picker.locator('option:checked')).toHaveText('Dual-step HYP init (Linux v3.10)');
  await expect(picker.locator('option', { hasText: 'custom:' })).toHaveCount(0);
});

test('15: the single-step design calls its one table "HYP PGD" everywhere', async ({
  app,
  page,
}) => {
  await app.open('?preset=single-step&step=102');
  await expect(page.locator('.tree-title')).toHaveText(['Boot PGD', 'HYP PGD']);
  await expect(app.regNote('HTTBR')).toHaveText('HYP PGD');
  await expect(page.getByRole('region', { name: 'MMU' })).toContainText('(HYP PGD)');
  await expect(page.locator('main')).not.toContainText(/runtime PGD/i);
});

test('16: the idmap page that is also the trampoline page is one node reached three ways', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=170');
  const shared = page.locator('.shared-page');
  await expect(shared).toHaveCount(1);
  await expect(shared).toHaveAttribute('aria-label', /mapped three times/);
  await expect(shared).toContainText('0x8032_0000');
  await expect(page.locator('path[data-to-shared]')).toHaveCount(3);
  // no second node for the same page
  await expect(page.locator('.tree-node.pgd-page', { hasText: '0x8032_0000' })).toHaveCount(0);
  // the bounce page: the idmap and the trampoline both lead to the copy, not to the kernel text
  await app.open('?preset=bounce-page&step=200');
  await expect(page.locator('path[data-to-shared]')).toHaveCount(3);
  await expect(page.locator('.shared-page')).not.toContainText('0x8032_0000');
  // v3.9 has one table: nothing to share
  await app.open('?preset=single-step&step=150');
  await expect(page.locator('.shared-page')).toHaveCount(0);
});

test('17: HTTBR never overlaps the PGD address; PAs stay in their boxes', async ({ app, page }) => {
  for (const [w, h, q] of [
    [1280, 720, '?preset=dual-step&step=100'],
    [1280, 720, '?preset=dual-step&step=200&view=presenter'],
    [1024, 768, '?preset=dual-step&step=200'],
    [960, 540, '?preset=dual-step&step=200&embed=1'],
    // RAM reaching past 4 GiB: LPAE PAs of 13 characters ("0x1_0001_2000")
    [1280, 720, '?preset=vector-collision&step=192'],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await app.open(q);
    const tag = await box(page.locator('.httbr-tag'));
    for (const t of await boxes(page.locator('.tree-title, .tree-pa')))
      expect(overlap(tag, t)).toBe(false);
    const nodes = page.locator('.tree-node');
    const pairs = await nodes.evaluateAll((els) =>
      els.map((g) => {
        const r = g.querySelector('.node-box')!.getBoundingClientRect();
        const t = g.querySelector('.node-text')!.getBoundingClientRect();
        return [
          { x: r.x, y: r.y, width: r.width, height: r.height },
          { x: t.x, y: t.y, width: t.width, height: t.height },
        ] as const;
      }),
    );
    for (const [r, t] of pairs) expect(inside(t, r)).toBe(true);
  }
});

test('17: the address strip names every region and clips no label', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=200');
  await page.getByRole('tab', { name: 'Address space' }).click();
  const svg = page.locator('.address-strip svg').first();
  const s = await box(svg);
  expect(await outside(page.locator('.address-strip .axis-label, .region-label'), s)).toEqual([]);
  // every kind of box is in the legend, or labelled on the box itself
  const kinds = await page
    .locator('.address-strip .band .region')
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('class')!))]);
  const legend = await page
    .locator('.strip-legend svg')
    .evaluateAll((els) => els.map((e) => e.getAttribute('class')));
  for (const k of kinds) expect(legend).toContain(k);
  // labels sit inside their boxes and never on top of each other
  const labels = await page.locator('.region').evaluateAll((gs) =>
    gs
      .filter((g) => g.querySelector('.region-label'))
      .map((g) => {
        const r = g.querySelector('rect')!.getBoundingClientRect();
        const t = g.querySelector('.region-label')!.getBoundingClientRect();
        return [
          { x: r.x, y: r.y, width: r.width, height: r.height },
          { x: t.x, y: t.y, width: t.width, height: t.height },
        ] as const;
      }),
  );
  expect(labels.length).toBeGreaterThanOrEqual(1);
  for (const [r, t] of labels) expect(inside(t, r)).toBe(true);
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++)
      expect(overlap(labels[i]![1], labels[j]![1])).toBe(false);
});

test('18: the inspector flags a stale TLB hit and reads addresses as typed', async ({
  app,
  page,
}) => {
  await app.open('?preset=stale-tlb&step=247');
  await page.getByRole('tab', { name: 'Address inspector' }).click();
  const input = page.getByLabel('HYP VA');
  await input.fill('80320f00');
  await expect(input).toHaveAttribute('aria-invalid', 'false');
  const tlb = page.getByTestId('inspect-tlb');
  await expect(tlb.locator('.stale-tag')).toHaveText('stale');
  await expect(tlb).toContainText('filled under boot PGD at step 162');
  await input.fill('0xffff_0000');
  await expect(input).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByTestId('inspect-runtime')).toContainText('→ PA 0x8032_0000');
  await expect(tlb.locator('.stale-tag')).toHaveCount(0);
  await input.fill('0xfffff0000');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
});

test('a TLB entry filled from a 2 MiB block says so, and a hit inside it keeps the offset', async ({
  app,
  page,
}) => {
  // v3.9 maps its idmap with one 2 MiB block (0x8020_0000): the TLB entry covers all of it
  await app.open('?preset=single-step&step=60');
  const row = page.locator('table.tlb tbody tr').first();
  await expect(row).toContainText('0x8020_0000');
  await expect(row.locator('.span-tag')).toHaveText(/2 MiB/);
  await page.getByRole('tab', { name: 'Address inspector' }).click();
  await page.getByLabel('HYP VA').fill('0x8032_0f00');
  const tlb = page.getByTestId('inspect-tlb');
  await expect(tlb).toContainText('hit, entry 0');
  // the PA keeps VA[20:0], not the low 12 bits on the block's base
  await expect(tlb).toContainText('→ PA 0x8032_0f00');
});

test('18: the inspected VA and the open tab are part of the share link', async ({
  app,
  page,
  context,
}) => {
  await app.open('?preset=stale-tlb&step=247');
  await page.getByRole('tab', { name: 'Address inspector' }).click();
  await page.getByLabel('HYP VA').fill('0x8032_0f00');
  await expect.poll(() => page.url()).toContain('tab=inspector&va=0x80320f00');
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByRole('tab', { name: 'Address inspector' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(other.getByLabel('HYP VA')).toHaveValue('0x8032_0f00');
  await expect(other.getByTestId('inspect-tlb').locator('.stale-tag')).toHaveText('stale');
});

test('19: every 32-bit value shows as grouped hex, HTTBR and the change list included', async ({
  app,
  page,
}) => {
  for (const q of [
    '?preset=dual-step&step=170',
    '?preset=dual-step&step=178',
    '?preset=no-flush-noncoherent&step=104',
    '?preset=stale-tlb&step=247',
  ]) {
    await app.open(q);
    await expect(app.reg('HTTBR')).toHaveText(/^0x[0-9a-f]{4}_[0-9a-f]{4}$/);
    // the source listing is code as written (its constants are the kernel's); all else is ours
    const text = await page.evaluate(() => {
      const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
      main.querySelectorAll('.listing').forEach((e) => e.remove());
      return `${document.querySelector('.app-header')!.textContent} ${main.textContent}`;
    });
    expect(text.match(/0x[0-9a-f]{5,}(?![_0-9a-f])/g) ?? [], q).toEqual([]);
  }
  await app.open('?preset=dual-step&step=170');
  await expect(page.locator('.changes li').first()).toHaveText('r0: 0xc039_4000 → 0xffff_0000');
});

test('the source listing keeps the current line in view as the steps go on', async ({
  app,
  page,
}) => {
  // a kernel step with no assembled listing shows one line of text instead: nothing to follow
  const inView = async () => {
    const current = page.locator('.listing li.current');
    if ((await current.count()) === 0) return true;
    const line = (await current.boundingBox())!;
    const body = (await page.locator('.source-panel .panel-body').boundingBox())!;
    return line.y >= body.y - 0.5 && line.y + line.height <= body.y + body.height + 0.5;
  };
  // a jump deep into a long listing scrolls to its line
  await app.open('?preset=dual-step&step=175');
  await expect.poll(inView).toBe(true);
  expect(
    await page.locator('.source-panel .panel-body').evaluate((b) => b.scrollTop),
  ).toBeGreaterThan(0);
  // stepping line by line keeps it in view, across a change of listing too
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('ArrowRight');
    await expect.poll(inView).toBe(true);
  }
  await page.keyboard.press('Home');
  await expect.poll(inView).toBe(true);
});
