import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots at 1280x720, ${scheme}`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, q] of [
      ['phase2', '?preset=dual-step&step=170'],
      ['no-flush-noncoherent', '?preset=no-flush-noncoherent&step=103'],
      ['stale-tlb', '?preset=stale-tlb&step=252'],
      ['presenter', '?preset=dual-step&step=170&view=presenter'],
    ] as const) {
      await app.open(q);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.screenshot({ path: `test-results/screenshots/${name}-${scheme}.png` });
      // nothing spills out of the window
      const overflow = await page.evaluate(
        () =>
          document.documentElement.scrollWidth > innerWidth ||
          document.documentElement.scrollHeight > innerHeight,
      );
      expect(overflow, `${name} overflows the window`).toBe(false);
    }
  });
}

test('theme button switches system, light, dark', async ({ app, page }) => {
  await app.open();
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: /^Theme:/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('1920x1080 shows the address strip beside the trees', async ({ app, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open('?preset=dual-step&step=200');
  await expect(page.getByRole('region', { name: 'Address space' })).toBeVisible();
  await expect(page.locator('.mapping')).not.toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/wide-1920.png' });
});

test('controls have a visible focus ring', async ({ app, page }) => {
  await app.open();
  await page.getByRole('button', { name: 'Forward' }).focus();
  await page.keyboard.press('Tab');
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: s.outlineWidth };
  });
  expect(style.style).not.toBe('none');
  expect(parseFloat(style.width)).toBeGreaterThanOrEqual(2);
});

test('animations respect prefers-reduced-motion', async ({ app, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open('?preset=dual-step&step=96');
  const names = await page
    .locator('.changed')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).animationName));
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => n === 'none')).toBe(true);
});

for (const [view, q] of [
  ['app', '?preset=dual-step&step=170'],
  ['presenter', '?preset=dual-step&step=170&view=presenter'],
  ['embed', '?preset=dual-step&step=170&embed=1'],
  ['inspector', '?preset=dual-step&step=170'],
] as const) {
  test(`axe finds no serious or critical violation: ${view}`, async ({ app, page }) => {
    // the 0.6 s "changed" flash is decoration; contrast is measured on what stays on screen
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await app.open(q);
    if (view === 'inspector') await page.getByRole('tab', { name: 'Address inspector' }).click();
    const r = await new AxeBuilder({ page }).analyze();
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.html}`)).toEqual(
      [],
    );
  });
}
