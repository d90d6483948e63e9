import { expect, num, test } from './fixtures';

test('buttons and keys step, and the CPU panel follows the phases', async ({ app, page }) => {
  await app.open();
  await expect(app.counter).toHaveText(/^Step 1 of \d+$/);
  await page.getByRole('button', { name: 'Forward' }).click();
  await expect(app.counter).toHaveText(/^Step 2 of/);
  await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(/^Step 3 of/);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.keyboard.press('ArrowLeft');
  await expect(app.counter).toHaveText(/^Step 1 of/);

  // PageDown jumps to the first HYP phase 1 step: the HVC into the init vectors, MMU still off
  await page.keyboard.press('PageDown');
  await expect(page.locator('.phase-chip').first()).toHaveText('HYP phase 1');
  await expect(app.regNote('HSCTLR')).toContainText('M=0');

  // the last step of phase 1 (the step before HYP phase 2): HTTBR = boot PGD, M set, PC at identity
  await page.keyboard.press('PageDown');
  await expect(page.locator('.phase-chip').first()).toHaveText('HYP phase 2');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.phase-chip').first()).toHaveText('HYP phase 1');
  const boot = num(await app.pgdPa('Boot'));
  expect(num((await app.reg('HTTBR').textContent()) ?? '')).toBe(boot);
  await expect(app.regNote('HTTBR')).toHaveText('boot PGD');
  await expect(app.regNote('HSCTLR')).toContainText('M=1');

  // phase 2: the jump to the trampoline, then the HTTBR switch to the runtime PGD
  await app.forwardUntil(/jump to 0xffff/);
  await page.keyboard.press('ArrowRight');
  const pc = num((await app.reg('PC').textContent()) ?? '');
  expect(pc >>> 12).toBe(0xffff0);
  await app.forwardUntil(/HTTBR = /);
  await page.keyboard.press('ArrowRight');
  const runtime = num(await app.pgdPa('Runtime'));
  expect(num((await app.reg('HTTBR').textContent()) ?? '')).toBe(runtime);
  await expect(app.regNote('HTTBR')).toHaveText('runtime PGD');
  await expect(page.locator('.tree-runtime.active')).toContainText('HTTBR');

  // Home and End
  await page.keyboard.press('End');
  const total = await app.total();
  await expect(app.counter).toHaveText(`Step ${total} of ${total}`);
  await expect(page.getByTestId('outcome')).toContainText('Success');
  await page.keyboard.press('Home');
  await expect(app.counter).toHaveText(`Step 1 of ${total}`);
});

test('after TLBIALLH the TLB holds no entry filled under the boot PGD', async ({ app, page }) => {
  await app.open();
  await app.forwardUntil(/isb sy/);
  await app.forwardUntil(/HTTBR = /);
  await page.keyboard.press('ArrowRight');
  await expect(app.tlb.locator('tbody tr')).not.toHaveCount(0);
  await expect(app.tlb.locator('tbody tr[data-from="boot PGD"]')).not.toHaveCount(0);
  await app.forwardUntil(/TLBIALLH/);
  await expect(app.tlb).toContainText(/TLBIALLH dropped \d+ entr/);
  await expect(app.tlb).toContainText('0 of 32 entries');
  // later fills come from the runtime PGD only
  await page.keyboard.press('End');
  const froms = await app.tlb
    .locator('tbody tr')
    .evaluateAll((rows) => rows.filter((r) => r.getAttribute('data-from') === 'boot PGD').length);
  expect(froms).toBe(0);
});

test('the trampoline path is highlighted in both trees and ends on one page', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=200');
  const shared = page.locator('.shared-page');
  await expect(shared).toContainText('trampoline page');
  await expect(shared).toContainText('0x8032_0000');
  for (const side of ['boot', 'runtime'])
    await expect(page.locator(`.tree-node.side-${side}.trampoline`)).toHaveCount(3);
  await expect(page.locator('.tree-link.trampoline')).toHaveCount(6);
  await expect(page.locator('.legend-same')).toHaveText('trampoline: same page in both PGDs');
  // hover shows the descriptor decoded
  await page.locator('.tree-node.side-boot.trampoline').last().hover();
  await expect(page.getByRole('tooltip')).toContainText('L3[0x1f0]');
  await expect(page.getByRole('tooltip')).toContainText('0x0080_0000_8032_075f');
});

test('bounce page scenario: the trampoline lands on the bounce page', async ({ app, page }) => {
  await app.open();
  await page.getByLabel('Scenario').selectOption('bounce-page');
  await app.settled();
  await expect(app.counter).toHaveText(/^Step 1 of/);
  await expect(page.locator('#scenario-desc')).toContainText('bounce page');
  await page.keyboard.press('End');
  await expect(page.getByTestId('outcome')).toContainText('Success');
  const pa = num((await page.locator('.shared-pa').textContent()) ?? '');
  // the code at 0x80320fa0 crosses into the next page, so it runs from a copy elsewhere
  expect(pa).not.toBe(0x80320000);
  expect(pa % 4096).toBe(0);
});

test('the address inspector walks a VA in both PGDs and through HTTBR', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=200');
  await page.getByRole('tab', { name: 'Address inspector' }).click();
  const va = page.getByLabel('HYP VA');
  await va.fill('0x80320f00');
  await expect(page.getByTestId('inspect-boot')).toContainText('0x8032_0f00');
  await expect(page.getByTestId('inspect-boot')).toContainText('identity');
  await expect(page.getByTestId('inspect-runtime')).toContainText('translation fault');
  await va.fill('0xffff0000');
  await expect(page.getByTestId('inspect-boot')).toContainText('→ PA 0x8032_0000');
  await expect(page.getByTestId('inspect-runtime')).toContainText('→ PA 0x8032_0000');
  await expect(page.getByTestId('inspect-httbr')).toContainText('→ PA 0x8032_0000');
  await va.fill('nonsense');
  await expect(page.locator('#inspect-hint')).toContainText('Type a 32-bit address');
});

test('the keyboard map opens with ? and closes with Escape', async ({ app, page }) => {
  await app.open();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('next / previous phase');
  await page.keyboard.press('ArrowRight'); // keys do not step behind the dialog
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(app.counter).toHaveText(/^Step 1 of/);
});

test('play runs forward and pause stops', async ({ app, page }) => {
  await app.open();
  await page.getByLabel('Speed').selectOption('25');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => app.step()).toBeGreaterThan(5);
  await page.getByRole('button', { name: 'Pause' }).click();
  const at = await app.step();
  await page.waitForTimeout(300);
  expect(await app.step()).toBe(at);
});

test('every preset opens and ends with its outcome shown', async ({ app, page }) => {
  await app.open();
  const names = await page
    .getByLabel('Scenario')
    .locator('option')
    .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(names.length).toBeGreaterThanOrEqual(11);
  for (const n of names.filter((x) => x !== 'stress')) {
    await page.getByLabel('Scenario').selectOption(n);
    await app.settled();
    await page.keyboard.press('End');
    await expect(page.getByTestId('outcome')).toBeVisible();
  }
});

test('each step title is announced in a live region', async ({ app, page }) => {
  await app.open();
  await page.keyboard.press('ArrowRight');
  const t = (await app.title.textContent()) ?? '';
  await expect(page.getByTestId('announcer')).toHaveText(`Step 2 of ${await app.total()}: ${t}`);
  await expect(page.getByTestId('announcer')).toHaveAttribute('aria-live', 'polite');
});
