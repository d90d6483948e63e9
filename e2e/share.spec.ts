import { expect, test } from './fixtures';

test('a snapshot URL opens that step of that scenario', async ({ app, page }) => {
  await app.open('?v=1&preset=bounce-page&step=17');
  await expect(app.counter).toHaveText(/^Step 17 of \d+$/);
  await expect(page.getByLabel('Scenario')).toHaveValue('bounce-page');
  await expect(page.locator('.message-bar')).toHaveCount(0);
  // the URL keeps the state, normalised, with a fingerprint; preset + step fit in 120 characters
  await expect
    .poll(() => page.url())
    .toMatch(/\?v=1&preset=bounce-page&step=17&sid=[0-9a-z_.A-Z%-]+&fp=[0-9a-f]{6}$/);
  expect(page.url().length).toBeLessThanOrEqual(120);
  await app.open('?preset=dual-step&idmapStart=0x80320fa0&step=9');
  await expect(app.counter).toHaveText(/^Step 9 of/);
});

test('Copy link, opened in a new page, shows the same state', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('?preset=hotplug&step=5');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  const title = await app.title.textContent();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('#copy-status')).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('step=12');
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('step-counter')).toHaveText(
    (await app.counter.textContent()) ?? '',
  );
  await expect(other.getByTestId('step-title').first()).toHaveText(title ?? '');
  await expect(other.getByLabel('Scenario')).toHaveValue('hotplug');
});

test('Back after a scenario change returns to the previous scenario', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=30');
  await page.getByLabel('Scenario').selectOption('single-step');
  await expect(page).toHaveURL(/preset=single-step/);
  await page.goBack();
  await expect(page.getByLabel('Scenario')).toHaveValue('dual-step');
  await expect(app.counter).toHaveText(/^Step 30 of/);
});

test('holding an arrow key for 300 steps raises no error and the URL catches up', async ({
  app,
  page,
}) => {
  await app.open('?preset=stale-tlb');
  for (let i = 0; i < 300; i++) await page.keyboard.press('ArrowRight', { delay: 0 });
  const total = await app.total();
  await expect(app.counter).toHaveText(`Step ${Math.min(301, total)} of ${total}`);
  await expect.poll(() => page.url()).toContain(`step=${Math.min(301, total)}`);
});

const BAD_LINKS: [string, string, RegExp][] = [
  ['unknown key', '?preset=dual-step&colour=red&step=3', /Unknown key "colour"/],
  ['bad number', '?preset=dual-step&idmapStart=0xZZ&step=3', /idmapStart/],
  ['step past the end', '?preset=dual-step&step=99999', /past the end/],
  ['value out of range', '?preset=dual-step&cpus=99&step=3', /cpus/],
  ['unknown preset', '?preset=nope&step=3', /Unknown preset "nope"/],
  ['oversized URL', '?preset=dual-step&step=3&x=' + 'a'.repeat(3000), /too long/],
  ['another version', '?preset=dual-step&step=3&fp=000000', /another version/],
];
for (const [name, q, message] of BAD_LINKS) {
  test(`a bad link (${name}) gives a message and a valid state`, async ({ app, page }) => {
    await app.open(q);
    const bar = page.locator('.message-bar');
    await expect(bar).toContainText(message);
    await expect(app.counter).toHaveText(/^Step \d+ of \d+$/);
    expect(await app.step()).toBeLessThanOrEqual(await app.total());
    await bar
      .getByRole('button', { name: /^Dismiss/ })
      .first()
      .click();
    await expect(bar.locator('li', { hasText: message })).toHaveCount(0);
  });
}

test('presenter view: p toggles it, clicker keys step, b and . blank the audience', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=60');
  await page.keyboard.press('p');
  const notes = page.getByRole('complementary', { name: 'Presenter notes' });
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('Next:');
  await expect(page.getByTestId('elapsed')).toHaveText(/^\d+:\d\d$/);
  await expect.poll(() => page.url()).toContain('view=presenter');
  await page.keyboard.press('PageDown');
  await expect(app.counter).toHaveText(/^Step 61 of/);
  await page.keyboard.press('PageUp');
  await expect(app.counter).toHaveText(/^Step 60 of/);
  const next = (await notes.locator('.notes-next strong').textContent()) ?? '';
  await page.keyboard.press('ArrowDown');
  await expect(app.title).toHaveText(next);
  // in the presenter view, b and . blank the audience window only (presenting.spec.ts)
  await page.keyboard.press('b');
  await expect(page.getByTestId('audience-blanked')).toBeVisible();
  await expect(page.getByTestId('blank-screen')).toBeHidden();
  await page.keyboard.press('b');
  await expect(page.getByTestId('audience-blanked')).toBeHidden();
  await page.keyboard.press('.');
  await expect(page.getByTestId('audience-blanked')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('audience-blanked')).toBeHidden();
  await page.keyboard.press('p');
  await expect(notes).toBeHidden();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
});

test('the audience window follows the presenter window', async ({ app, page, context }) => {
  await app.open('?preset=dual-step&step=40&view=presenter');
  const audience = await context.newPage();
  await audience.goto('/?preset=dual-step&step=1&view=audience');
  const counter = audience.getByTestId('step-counter').first();
  // on opening, the audience asks and the presenter answers
  await expect(counter).toHaveText(/^Step 40 of/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(counter).toHaveText(/^Step 42 of/);
  await expect(audience.getByTestId('step-title').first()).toHaveText(
    (await app.title.textContent()) ?? '',
  );
  await expect(audience.getByRole('complementary', { name: 'Presenter notes' })).toHaveCount(0);
  await page.keyboard.press('b');
  await expect(audience.getByTestId('blank-screen')).toBeVisible();
});

test('embed: no chrome, keys step, a link opens the full app at the same state', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=100&embed=1');
  await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  await expect(page.getByLabel('Scenario')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(/^Step 101 of/);
  const link = page.getByRole('link', { name: /Open in hypstep/ });
  await expect(link).toHaveAttribute('href', /preset=dual-step&step=101/);
  await expect(link).not.toHaveAttribute('href', /view=embed/);
});
