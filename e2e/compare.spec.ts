import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

const counter = (page: Page) => page.getByTestId('compare-counter');
const col = (page: Page, side: 'left' | 'right') => page.getByTestId(`compare-${side}`);
const aligned = async (page: Page) => {
  const m = /^Aligned step (\d+) of (\d+)$/.exec((await counter(page).textContent()) ?? '');
  return { at: Number(m?.[1]), of: Number(m?.[2]) };
};
const sideStep = async (page: Page, side: 'left' | 'right') => {
  const t = (await page.getByTestId(`compare-${side}-step`).textContent()) ?? '';
  return { held: t.includes('(no counterpart)'), n: Number(/step (\d+) of/i.exec(t)?.[1]) };
};

async function openCompare(page: Page, query: string) {
  await page.goto('/' + query);
  await expect(counter(page)).toHaveText(/^Aligned step \d+ of \d+$/);
}

test('a compare link opens two columns that step in lockstep on matching events', async ({
  page,
}) => {
  await openCompare(page, '?preset=single-step&compare=dual-step');
  await expect(col(page, 'left')).toContainText('single-step init (v3.9)');
  await expect(col(page, 'right')).toContainText('Dual-step HYP init (Linux v3.10)');
  const start = await aligned(page);
  expect(start.at).toBe(1);
  // one key moves one aligned step; each side moves by one step or holds, never skips
  let prev = { l: await sideStep(page, 'left'), r: await sideStep(page, 'right') };
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(`Aligned step ${i + 2} of ${start.of}`);
    const l = await sideStep(page, 'left');
    const r = await sideStep(page, 'right');
    expect(l.n - prev.l.n).toBe(l.held ? 0 : prev.l.held && l.n === prev.l.n ? 0 : l.n - prev.l.n);
    expect(l.n - prev.l.n).toBeLessThanOrEqual(1);
    expect(r.n - prev.r.n).toBeLessThanOrEqual(1);
    expect(l.held && r.held).toBe(false); // a position always has at least one side
    prev = { l, r };
  }
  await expect(page).toHaveURL(/compare=dual-step/);
  await expect(page).toHaveURL(/step=41/);
});

test('d and Shift+D jump between the places the sides part, and say what differs', async ({
  page,
}) => {
  await openCompare(page, '?preset=stale-tlb&skipTlbi=false&compare=stale-tlb');
  const here = page.getByTestId('compare-here');
  await expect(here).toHaveText('Here: the same on both sides');
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) {
    const before = (await aligned(page)).at;
    await page.keyboard.press('d');
    const after = (await aligned(page)).at;
    if (after === before) break;
    expect(after).toBeGreaterThan(before);
    await expect(here).not.toHaveText('Here: the same on both sides');
    seen.push((await here.textContent()) ?? '');
  }
  // without TLBIALLH the right side skips the invalidation, then keeps a stale entry
  expect(seen.join('\n')).toMatch(/only the left side does this/);
  expect(seen.join('\n')).toMatch(/stale right/);
  const last = (await aligned(page)).at;
  await page.keyboard.press('Shift+D');
  expect((await aligned(page)).at).toBeLessThan(last);
});

test('a stale entry on one side is marked on that side only', async ({ page }) => {
  await openCompare(page, '?preset=stale-tlb&skipTlbi=false&compare=stale-tlb');
  const here = page.getByTestId('compare-here');
  for (let i = 0; i < 10 && !/stale right/.test((await here.textContent()) ?? ''); i++)
    await page.keyboard.press('d');
  await expect(here).toContainText('stale right');
  const outlined = (side: 'left' | 'right') =>
    col(page, side)
      .locator('[data-va]')
      .evaluateAll(
        (rows) => rows.filter((r) => getComputedStyle(r).outlineStyle === 'solid').length,
      );
  expect(await outlined('right')).toBeGreaterThan(0);
  expect(await outlined('left')).toBe(0);
});

test('every ready pair opens from the picker with its sentence', async ({ app, page }) => {
  await app.open('?preset=dual-step');
  const picker = page.getByLabel('Compare', { exact: true });
  const options = await picker
    .locator('option')
    .evaluateAll((os) =>
      os.map((o) => ({ value: (o as HTMLOptionElement).value, title: o.getAttribute('title') })),
    );
  const pairs = options.filter((o) => o.value !== '');
  expect(pairs.length).toBe(6);
  for (const p of pairs) {
    await page.getByLabel('Compare', { exact: true }).selectOption(p.value);
    await expect(counter(page)).toHaveText(/^Aligned step 1 of \d+$/);
    await expect(page.locator('.compare-teaches')).toHaveText(p.title ?? '');
    await expect(page).toHaveURL(/compare=/);
    // the arrows step the comparison, not the picker
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(/^Aligned step 2 of/);
  }
  await page.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(app.counter).toHaveText(/^Step \d+ of \d+$/);
  await expect(page).not.toHaveURL(/compare=/);
});

test('the link restores the comparison exactly, and Back leaves it', async ({ page }) => {
  await openCompare(
    page,
    '?preset=bounce-page&noBounce=false&compare=bounce-page&c.noBounce=true&step=30',
  );
  await expect(counter(page)).toHaveText(/^Aligned step 30 of/);
  const left = await page.getByTestId('compare-left-title').textContent();
  const right = await page.getByTestId('compare-right-title').textContent();
  await page.reload();
  await expect(counter(page)).toHaveText(/^Aligned step 30 of/);
  await expect(page.getByTestId('compare-left-title')).toHaveText(left ?? '');
  await expect(page.getByTestId('compare-right-title')).toHaveText(right ?? '');
  await expect(col(page, 'right')).toContainText('noBounce=true');
});

test('a bad compared side is named and the nearest valid one shown', async ({ page }) => {
  await openCompare(page, '?preset=dual-step&compare=dual-step&c.cpus=99');
  await expect(page.locator('.message-bar')).toContainText(
    'cpus: 99 must be 1 to 8 in the compared side',
  );
  await openCompare(page, '?preset=dual-step&compare=nope');
  await expect(page.locator('.message-bar')).toContainText(
    'Unknown preset "nope" in the compared side',
  );
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`both columns and their trees fit at ${size.width}x${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openCompare(page, '?preset=single-step&compare=dual-step&step=60');
    for (const side of ['left', 'right'] as const) {
      const box = (await col(page, side).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height + 0.5);
      const tree = col(page, side).locator('svg').first();
      const t = (await tree.boundingBox())!;
      expect(t.height).toBeGreaterThan(120);
      expect(t.y + t.height).toBeLessThanOrEqual(box.y + box.height + 0.5);
    }
  });
}

test('the presenter carries the comparison, and its audience window follows it', async ({
  page,
  context,
}) => {
  await openCompare(page, '?preset=single-step&compare=dual-step&view=presenter&step=20');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('vs');
  await expect(col(page, 'left')).toBeVisible();
  await expect(col(page, 'right')).toBeVisible();
  const audience = await context.newPage();
  await audience.goto('/?view=audience');
  await expect(counter(audience)).toHaveText(/^Aligned step 20 of \d+$/);
  await expect(audience.getByTestId('compare-right')).toContainText('Dual-step');
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(/^Aligned step 21 of/);
  await expect(counter(audience)).toHaveText(/^Aligned step 21 of/);
});

test("the presenter's comparison has notes: each side's why, what comes next, where they part", async ({
  page,
  context,
}) => {
  await openCompare(page, '?preset=single-step&compare=dual-step&view=presenter&step=40');
  const notes = page.getByRole('complementary', { name: 'Presenter notes' });
  await expect(notes).toBeVisible();
  await expect(notes.locator('.notes-why')).toHaveCount(2);
  await expect(notes.locator('.notes-why').first()).toContainText('single-step init (v3.9):');
  await expect(notes.locator('.notes-why').nth(1)).toContainText('Dual-step HYP init');
  await expect(notes).toContainText('Next:');
  // the notes name the next divergence, and d goes there
  const next = /next divergence \(d\): aligned step (\d+)/.exec((await notes.textContent()) ?? '');
  expect(next, 'the notes name the next divergence').not.toBeNull();
  expect(Number(next![1])).toBeGreaterThan(40);
  await page.keyboard.press('d');
  await expect(counter(page)).toHaveText(new RegExp(`^Aligned step ${next![1]} of`));
  // the notes sit inside the window, under the columns, their buttons reachable
  const box = (await notes.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.y + box.height).toBeLessThanOrEqual(view.height + 0.5);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width + 0.5);
  const right = (await col(page, 'right').boundingBox())!;
  expect(right.y + right.height).toBeLessThanOrEqual(box.y + 0.5);
  await expect(notes.getByRole('button', { name: 'Open audience window' })).toBeVisible();
  await expect(notes.getByTestId('elapsed')).toHaveText(/^\d+:\d\d$/);
  // the audience window shows the columns, not the notes
  const audience = await context.newPage();
  await audience.goto('/?view=audience');
  await expect(counter(audience)).toHaveText(new RegExp(`^Aligned step ${next![1]} of`));
  await expect(audience.getByRole('complementary', { name: 'Presenter notes' })).toHaveCount(0);
  // leaving presenter view goes back to the app's comparison, toolbar and all
  await notes.getByRole('button', { name: 'Leave presenter view (p)' }).click();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toBeVisible();
});
