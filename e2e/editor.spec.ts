import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

const editor = (page: import('@playwright/test').Page) =>
  page.getByRole('complementary', { name: 'Edit scenario' });

test('e opens the editor: every key with meaning, default and preset value', async ({
  app,
  page,
}) => {
  await app.open('?preset=stale-tlb&step=3');
  await page.keyboard.press('e');
  const ed = editor(page);
  await expect(ed).toBeVisible();
  // the keys of the config contract (DESIGN.md), each with its own field
  for (const key of ['ramBase', 'idmapStart', 'cpus', 'design', 'skipTlbi', 'failAlloc'])
    await expect(ed.locator(`[data-key="${key}"]`)).toHaveCount(1);
  await expect(ed.getByLabel('ramBase')).toHaveValue('0x80000000');
  await expect(ed.getByLabel('design')).toHaveValue('dual-step');
  // stale-tlb differs from the defaults in skipTlbi and probeVa: the preset's value is shown
  const probe = ed.locator('[data-key="probeVa"]');
  await expect(probe).toContainText('Default -1, preset 0x80320f00');
  await expect(ed.getByRole('switch', { name: 'skipTlbi' })).toBeChecked();
  // unchanged against its preset: nothing marked
  await expect(ed.locator('.editor-field.changed')).toHaveCount(0);
  await page.getByRole('button', { name: 'Close the editor' }).click();
  await expect(ed).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit scenario' }).click();
  await expect(ed).toBeVisible();
});

test('a valid edit re-simulates, marks the key and lands in the URL', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=3');
  await expect(app.title).toHaveText('Allocate the runtime PGD (hyp_pgd)');
  await page.keyboard.press('e');
  const field = editor(page).getByLabel('idmapStart');
  await field.fill('0x8032_0fa0'); // grouped hex is accepted
  // the code now crosses a page: step 3 of the new trace allocates the bounce page
  await expect(app.title).toHaveText('Allocate the bounce page');
  await expect(page).toHaveURL(/idmapStart=0x80320fa0/);
  // the re-simulation neither closes the editor nor takes the caret from the field
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('0x8032_0fa0');
  await expect(editor(page).locator('[data-key="idmapStart"]')).toHaveClass(/changed/);
  await expect(editor(page).getByText('based on dual-step, 1 changed')).toBeVisible();
  await editor(page).getByRole('switch', { name: 'skipTlbi' }).check();
  await expect(page).toHaveURL(/skipTlbi=true/);
  await editor(page).getByRole('button', { name: 'Reset to preset' }).click();
  await expect(app.title).toHaveText('Allocate the runtime PGD (hyp_pgd)');
  await expect(page).not.toHaveURL(/idmapStart|skipTlbi/);
  await expect(field).toHaveValue('0x80320f00');
});

test('an invalid edit is answered beside its field and keeps the last good trace', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=3');
  const total = await app.total();
  await page.keyboard.press('e');
  const field = editor(page).getByLabel('idmapStart');
  await field.fill('0x80320f01');
  const error = editor(page).locator('[data-key="idmapStart"] .editor-error');
  await expect(error).toHaveText(/idmapStart: 0x80320f01 must be 32-byte aligned/);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await page.waitForTimeout(600); // longer than the re-simulation pause: nothing may happen
  await expect(app.counter).toHaveText(`Step 3 of ${total}`);
  await expect(page).not.toHaveURL(/idmapStart/);
  const cpus = editor(page).getByLabel('cpus');
  await cpus.fill('9');
  await expect(editor(page).locator('[data-key="cpus"] .editor-error')).toHaveText(
    /cpus: 9 must be 1 to 8/,
  );
  // typing keys into a field never steps the trace
  await cpus.press('ArrowRight');
  await expect(app.counter).toHaveText(`Step 3 of ${total}`);
});

test('copy as CLI command, export and import the config file', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('?preset=stale-tlb');
  await page.keyboard.press('e');
  const ed = editor(page);
  await ed.getByLabel('cpus').fill('4');
  await expect(page).toHaveURL(/cpus=4/);
  await ed.getByRole('button', { name: 'Copy as CLI command' }).click();
  const command = 'npx hypstep --preset stale-tlb --set cpus=4 trace';
  await expect(ed.getByRole('status')).toHaveText(`Copied: ${command}`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);

  const download = page.waitForEvent('download');
  await ed.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  expect(json).toMatchObject({ cpus: '4', skipTlbi: true, probeVa: '0x80320f00' });

  await ed.getByTestId('editor-import').setInputFiles({
    name: 'two-cpus-bounce.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ cpus: 2, idmapStart: '0x80320fa0' })),
  });
  await expect(ed.getByRole('status')).toHaveText('Imported two-cpus-bounce.json.');
  await expect(page).toHaveURL(/idmapStart=0x80320fa0/);
  await expect(ed.getByLabel('cpus')).toHaveValue('2');

  await ed.getByTestId('editor-import').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"tlbEntries": 2}'),
  });
  await expect(ed.getByRole('status')).toHaveText(
    /bad\.json not imported: tlbEntries: 2 must be 4 to 512/,
  );
  await expect(page).toHaveURL(/idmapStart=0x80320fa0/);
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
]) {
  test(`the editor fits at ${size.width}x${size.height}`, async ({ app, page }) => {
    await page.setViewportSize(size);
    await app.open('?preset=dual-step');
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    const ed = editor(page);
    const box = (await ed.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
    expect(box.y + box.height).toBeLessThanOrEqual(size.height + 0.5);
    // no field or message is wider than the drawer
    const overflowing = await ed.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('.editor-field, .editor-actions, .editor-head')]
        .filter((f) => f.scrollWidth > f.clientWidth + 1)
        .map((f) => f.dataset.key ?? f.className),
    );
    expect(overflowing).toEqual([]);
  });
}

test('drag the idmap across a page boundary: the bounce page appears', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=3');
  await expect(app.title).toHaveText('Allocate the runtime PGD (hyp_pgd)');
  await page.getByRole('tab', { name: 'Address space' }).click();
  await page.getByRole('button', { name: 'Move .hyp.idmap.text…' }).click();
  const verdict = page.getByTestId('idmap-verdict');
  await expect(verdict).toHaveText(
    '0x8032_0f00–0x8032_0fe4 fits in page 0x8032_0000: mapped in place, no bounce page',
  );
  const handle = page.getByTestId('idmap-handle');
  const box = (await handle.locator('rect').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // about 150 bytes to the right: the 228-byte code now runs past 0x8032_1000
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2, { steps: 4 });
  await expect(verdict).toContainText(
    'crosses into page 0x8032_1000: kvm_mmu_init copies it to a bounce page',
  );
  const shown = /^(0x8032_0f[0-9a-f]{2})/.exec((await verdict.textContent()) ?? '')![1]!;
  expect(parseInt(shown.replace(/_/g, ''), 16) % 32).toBe(0); // snapped to the linker's alignment
  await page.mouse.up();
  await expect(page).toHaveURL(new RegExp(`idmapStart=${shown.replace(/_/g, '')}`));
  await expect(app.title).toHaveText('Allocate the bounce page');
  // the keyboard moves it back, 32 bytes a press, until it fits again
  await expect(handle).toBeFocused();
  const presses = (parseInt(shown.replace(/_/g, ''), 16) - 0x80320f00) / 32;
  for (let i = 0; i < presses; i++) await handle.press('ArrowLeft');
  await expect(verdict).toContainText('fits in page 0x8032_0000');
  await expect(app.title).toHaveText('Allocate the runtime PGD (hyp_pgd)');
  await expect(page).not.toHaveURL(/idmapStart/);
  await expect(app.counter).toHaveText(/^Step 3 of/); // the arrows moved the code, not the step
});

test('the idmap cannot be dragged where the linker could not put it', async ({ app, page }) => {
  // just after the HYP code (which ends at 0x802d_9f80): the page before is not allowed
  await app.open('?preset=dual-step&idmapStart=0x802da000&step=3');
  await page.getByRole('tab', { name: 'Address space' }).click();
  await page.getByRole('button', { name: 'Move .hyp.idmap.text…' }).click();
  const handle = page.getByTestId('idmap-handle');
  const box = (await handle.locator('rect').boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  // far left: before the end of the HYP code the validator refuses the place
  await page.mouse.move(2, box.y + box.height / 2, { steps: 4 });
  await expect(page.getByTestId('idmap-verdict')).toContainText(
    'idmapStart: 0x802d9000 must lie in the kernel text after the HYP code (>= 0x802d9f80)',
  );
  await page.mouse.up();
  await expect(page).toHaveURL(/idmapStart=0x802da000/);
  await expect(app.title).toHaveText('Allocate the runtime PGD (hyp_pgd)');
});
