import { expect, test } from './fixtures';

// the costly link of issue 10 with lowmem below 4 GiB (as __pa() requires): ~1.4 million
// estimated steps, far over the 500,000 budget
const COSTLY =
  '?preset=stress&ramBase=0x40000000&pageOffset=0x40000000&ramSize=0xc0000000&kernelStart=0x40008000&idmapStart=0x40320f00&cpus=8&tlbEntries=512&hotplugCpu=7';

test('a costly link asks before simulating and starts nothing until asked', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto('/' + COSTLY);
  const prompt = page.getByTestId('cost-prompt');
  await expect(prompt).toContainText(
    /This layout maps [\d,.]+( million)? pages: simulate anyway\?/,
  );
  await expect(prompt.getByRole('button', { name: 'Simulate anyway' })).toBeVisible();
  // the shell is there (the scenario can be changed), the panels and the progress are not
  // the link overrides the stress preset: the picker says so
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('__custom');
  await expect(page.locator('#scenario option:checked')).toHaveText(/^custom: stress \+/);
  await expect(page.getByTestId('step-counter')).toHaveCount(0);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  expect(workers).toEqual([]);
  // choosing another scenario leaves the prompt for that scenario's steps
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('dual-step');
  await expect(page.getByTestId('step-counter').first()).toHaveText(/^Step 1 of \d+$/);
});

test('approving a costly link starts the run, with progress and Cancel', async ({ page }) => {
  await page.goto('/' + COSTLY);
  await page.getByRole('button', { name: 'Simulate anyway' }).click();
  const progress = page.getByTestId('load-progress');
  await expect(progress).toContainText(/Simulating: [\d,]+ steps/);
  await expect(progress.getByTestId('load-elapsed')).toHaveText(/^\d+\.\d s elapsed$/);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  // nothing was shown before: Cancel goes to the link's own preset, and says so
  await expect(page.locator('.message-bar')).toContainText('Cancelled simulating stress');
  await expect.poll(() => page.url()).not.toContain('ramSize=0xc0000000');
});

test('the audience window never starts a costly run on its own', async ({ page }) => {
  await page.goto('/' + COSTLY + '&view=audience');
  const prompt = page.getByTestId('cost-prompt');
  await expect(prompt).toContainText('waiting for the presenter to approve');
  await expect(prompt.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
});

test('?preset=stress shows progress, then the app', async ({ app, page }) => {
  await page.goto('/?preset=stress');
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/Simulating|Receiving the trace/);
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
  // the progress goes when the trace is in, and the panels come
  await expect(app.counter).toHaveText(/^Step 1 of \d{6}$/, { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(app.counter).toHaveText(/^Step (\d+) of \1$/);
  await expect(page.getByTestId('outcome')).toBeVisible();
});

test('Cancel stops the run and goes back to the scenario shown before', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=5');
  const closed: string[] = [];
  page.on('worker', (w) => w.on('close', () => closed.push(w.url())));
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('stress');
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.counter).toHaveText(/^Step \d+ of 222$/);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('dual-step');
  await expect(page.locator('.message-bar')).toContainText('Cancelled simulating stress');
  // the stress worker was ended, not left running
  await expect.poll(() => closed.length).toBeGreaterThanOrEqual(1);
});

test('changing scenario during a run cancels it and shows the new one', async ({ app, page }) => {
  await page.goto('/?preset=stress');
  await expect(page.getByTestId('load-progress')).toBeVisible();
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('bounce-page');
  await expect(app.counter).toHaveText(/^Step 1 of \d{3}$/);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('bounce-page');
  // the stress run does not come back later and replace what is shown
  await page.waitForTimeout(500);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('bounce-page');
  await expect(app.counter).toHaveText(/^Step 1 of \d{3}$/);
});

test('a re-simulation keeps the last trace on screen, dimmed, under the progress', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=5');
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('stress');
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  // the dual-step trace is still what the panels show (from the new scenario's first step),
  // and the page says it is busy
  await expect(app.counter).toHaveText('Step 1 of 222');
  await expect(page.locator('.pgd-svg')).toBeVisible();
  await expect(page.getByTestId('app-root')).toHaveAttribute('aria-busy', 'true');
  await expect
    .poll(() => page.locator('.app-grid').evaluate((el) => Number(getComputedStyle(el).opacity)))
    .toBeLessThan(0.6);
  // the progress sits over the panels, inside the window, with its Cancel reachable
  const box = (await progress.boundingBox())!;
  const view = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
  // then the new trace replaces it, and the page is no longer busy
  await expect(app.counter).toHaveText(/^Step 1 of \d{6}$/, { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('app-root')).not.toHaveAttribute('aria-busy', 'true');
  await expect
    .poll(() => page.locator('.app-grid').evaluate((el) => Number(getComputedStyle(el).opacity)))
    .toBe(1);
});
