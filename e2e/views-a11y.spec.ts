import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

/* Issue 11, point 20: every view has a main landmark and an h1; axe finds nothing, any impact. */

// axe over a whole view takes seconds on a shared two-core machine
test.describe.configure({ timeout: 90_000 });

const VIEWS = [
  ['app', '?preset=dual-step&step=170'],
  ['presenter', '?preset=dual-step&step=170&view=presenter'],
  ['audience', '?preset=dual-step&step=170&view=audience'],
  ['embed', '?preset=dual-step&step=170&embed=1'],
  ['inspector', '?preset=stale-tlb&step=247&tab=inspector&va=0x80320f00'],
  ['address strip', '?preset=dual-step&step=200&tab=strip'],
  ['outcome', '?preset=no-flush-noncoherent&step=104'],
] as const;

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, q] of VIEWS) {
    test(`20: ${name} view, ${scheme}: one main, one h1, axe clean`, async ({ app, page }) => {
      // no 0.6 s "changed" flash mid-measurement: axe would catch a colour in passing
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await app.open(q);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await expect(page.getByRole('main')).toHaveCount(1);
      await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
      if (name === 'outcome') await page.getByRole('button', { name: /Why/ }).click();
      const r = await new AxeBuilder({ page }).analyze();
      expect(
        r.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.html}`,
        ),
      ).toEqual([]);
    });
  }
}

test('20: the descriptor tooltip and a phone layout are axe clean too', async ({ app, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await app.open('?preset=dual-step&step=170');
  await page.locator('.tree-node.table').first().focus();
  await expect(page.locator('.desc-tip')).toBeVisible();
  let r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await app.open('?preset=dual-step&step=170');
  r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
});
