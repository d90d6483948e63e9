import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from './fixtures';

// written by `npm run build:single`, which `npm run test:e2e` runs first
const SINGLE = resolve('dist-single/index.html');

test('the single-file build works from file:// and steps through to the end', async ({
  app,
  page,
}) => {
  expect(existsSync(SINGLE), 'run npm run build:single first').toBe(true);
  const requests: string[] = [];
  page.on('request', (r) => {
    if (
      !r.url().startsWith('file:') &&
      !r.url().startsWith('data:') &&
      !r.url().startsWith('blob:')
    )
      requests.push(r.url());
  });
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(pathToFileURL(SINGLE).href + '?preset=dual-step');
  await expect(app.counter).toHaveText(/^Step 1 of \d+$/);
  const total = await app.total();
  for (let i = 1; i < total; i++) await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(`Step ${total} of ${total}`);
  await expect(page.getByTestId('outcome')).toContainText('Success');
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toMatch(/script-src 'sha256-[^']+'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  // the engine ran in the inlined worker, started from a blob: URL: the only worker source allowed
  expect(csp).toContain('worker-src blob:');
  expect(workers.length).toBeGreaterThanOrEqual(1);
  expect(workers.every((u) => u.startsWith('blob:'))).toBe(true);
  expect(requests).toEqual([]);
});

test('the single file shows progress and Cancel while a long run is simulated', async ({
  page,
}) => {
  await page.goto(pathToFileURL(SINGLE).href + '?preset=stress');
  const progress = page.getByTestId('load-progress');
  await expect(progress).toContainText(/Simulating: [\d,]+ steps/);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.message-bar')).toContainText('Cancelled simulating stress');
  await expect(page.getByTestId('load-stopped')).toBeVisible();
});

test('the single file compares two scenarios, differences outlined, within its CSP', async ({
  app,
  page,
}) => {
  // the app fixture fails the test on any console error: a style the CSP refused would be one
  void app;
  await page.goto(
    pathToFileURL(SINGLE).href + '?preset=stale-tlb&skipTlbi=false&compare=stale-tlb',
  );
  const counter = page.getByTestId('compare-counter');
  await expect(counter).toHaveText(/^Aligned step \d+ of \d+$/);
  const here = page.getByTestId('compare-here');
  for (let i = 0; i < 10 && !/stale right/.test((await here.textContent()) ?? ''); i++)
    await page.keyboard.press('d');
  await expect(here).toContainText('stale right');
  const outlined = (side: 'left' | 'right') =>
    page
      .getByTestId(`compare-${side}`)
      .locator('[data-va]')
      .evaluateAll(
        (rows) => rows.filter((r) => getComputedStyle(r).outlineStyle === 'solid').length,
      );
  expect(await outlined('right')).toBeGreaterThan(0);
  expect(await outlined('left')).toBe(0);
});

// without the app fixture: the refused eval is logged as a console error, on purpose
test('the served build carries a CSP that allows only its own scripts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('step-counter')).toHaveText(/^Step 1 of/);
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  // an injected inline script is refused by the policy
  const inlineBlocked = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as { __injected?: number }).__injected === undefined;
  });
  expect(inlineBlocked).toBe(true);
});
