import { expect, test } from './fixtures';
import { expectInside } from './geometry';

test('g opens Go to: a step number jumps there', async ({ app, page }) => {
  await app.open('?preset=dual-step');
  await page.keyboard.press('g');
  const dialog = page.getByRole('dialog', { name: 'Go to' });
  await expect(dialog).toBeVisible();
  await expectInside(page, dialog);
  await page.keyboard.type('115');
  await expect(dialog.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(app.counter).toHaveText(/^Step 115 of/);
  // keys step again once it is closed
  await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(/^Step 116 of/);
});

test('Go to an instruction lists every step that runs it; arrows choose, Enter jumps', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step');
  await page.keyboard.press('g');
  const dialog = page.getByRole('dialog', { name: 'Go to' });
  await page.keyboard.type('mcrr');
  // HTTBR is written twice on each CPU (boot PGD in phase 1, runtime PGD in phase 2): 2 CPUs
  const options = dialog.getByRole('option');
  await expect(options).toHaveCount(4);
  await expect(dialog.getByRole('status')).toHaveText(/^4 matches/);
  for (const o of await options.all()) await expect(o).toContainText('mcrr');
  const second = Number(await options.nth(1).locator('.goto-step').textContent());
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(app.counter).toHaveText(new RegExp(`^Step ${second} of`));
  await expect(app.title).toHaveText(/^mcrr p15, 4, r2, r3, c2 — HTTBR = /);
});

test('Go to a kernel function, or a VA: the steps that touch it; a click jumps', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step');
  await page.keyboard.press('g');
  const dialog = page.getByRole('dialog', { name: 'Go to' });
  const input = dialog.getByRole('textbox');
  await input.fill('__kvm_hyp_init');
  await expect(dialog.getByRole('option').first()).toContainText('in __kvm_hyp_init');
  // the trampoline VA of the code after the jump (0xffff_0000 + the page offset 0xfbc)
  await input.fill('0xffff_0fbc');
  const options = dialog.getByRole('option');
  await expect(options.first()).toContainText('instruction fetch of 0xffff_0fbc');
  const count = await options.count();
  expect(count).toBe(2); // once per CPU: the HTTBR write fetched from the trampoline
  const step = Number(await options.last().locator('.goto-step').textContent());
  await options.last().click();
  await expect(dialog).toBeHidden();
  await expect(app.counter).toHaveText(new RegExp(`^Step ${step} of`));
  await expect(app.title).toHaveText(/HTTBR = /);
  // nothing matches: said so, nothing moves
  await page.keyboard.press('g');
  await dialog.getByRole('textbox').fill('no_such_function');
  await expect(dialog.getByRole('status')).toContainText('No instruction, kernel function');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(app.counter).toHaveText(new RegExp(`^Step ${step} of`));
});
