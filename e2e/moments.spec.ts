import { expect, test } from './fixtures';
import { expectInside, expectNotClipped } from './geometry';

/*
 * Key moments (issue 11 items 6-8): the timeline's labelled markers, n / Shift+n, the talk
 * mode, the first-screen hint, the icons and the CPU-named phase bands. The moments are the
 * engine's; the titles checked are what each moment is (HSCTLR written with M set, the jump to
 * the trampoline VA 0xffff_xxxx, the HTTBR write, TLBIALLH, the ERET back to SVC).
 */
const MMU_ON = /HSCTLR = /;
const JUMP = /jump to 0xffff/;
const SWITCH = /HTTBR = /;
const TLBI = /TLBIALLH/;
const BACK = /^eret/;

test('the timeline shows the key moments as labelled markers that jump when clicked', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step');
  const row = page.getByRole('list', { name: 'Key moments' });
  const markers = row.getByRole('button', { name: /^Key moment:/ });
  // per CPU: MMU on, jump to the trampoline, HTTBR switch, TLBIALLH, back to SVC; 2 CPUs
  await expect(markers).toHaveCount(10);
  // the labels that show lie inside the viewport and the timeline, and never overlap
  const timeline = page.locator('.timeline');
  const labels = row.locator('.moment-marker:not([data-row="none"]) .moment-label');
  const n = await labels.count();
  // two rows of labels (the trees need the height): most show, the rest keep marker and tooltip
  expect(n).toBeGreaterThanOrEqual(7);
  const boxes = [];
  for (let i = 0; i < n; i++) {
    await expectInside(page, labels.nth(i), timeline);
    boxes.push((await labels.nth(i).boundingBox())!);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap =
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `labels ${i} and ${j} overlap`).toBe(false);
    }
  await expect(row.getByText('HTTBR → runtime').first()).toBeVisible();
  // a click on CPU0's HTTBR switch goes there
  await row.getByRole('button', { name: /Key moment: CPU0 HTTBR/ }).click();
  await expect(app.title).toHaveText(SWITCH);
  await expect(page.locator('.phase-band.here')).toContainText('CPU0 HYP 2');
  await expect(row.getByRole('button', { name: /Key moment: CPU0 HTTBR/ })).toHaveAttribute(
    'aria-current',
    'step',
  );
});

test('n and Shift+n go to the next and previous key moment', async ({ app, page }) => {
  await app.open('?preset=dual-step');
  for (const title of [MMU_ON, JUMP, SWITCH, TLBI, BACK]) {
    await page.keyboard.press('n');
    await expect(app.title).toHaveText(title);
  }
  await page.keyboard.press('Shift+N');
  await expect(app.title).toHaveText(TLBI);
  await page.keyboard.press('Shift+N');
  await expect(app.title).toHaveText(SWITCH);
  // the keyboard map lists them
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard' });
  await expect(help).toContainText('next / previous key moment');
  await expect(help).toContainText('key moments only');
  await expect(help).toContainText('go to a step');
  await page.keyboard.press('Escape');
});

test('talk mode: "key moments only" makes → ← PageDown PageUp go moment to moment, and rides in the link', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step');
  await page.getByRole('checkbox', { name: 'Key moments only' }).check();
  await expect.poll(() => page.url()).toContain('moments=1');
  await page.locator('body').click({ position: { x: 5, y: 700 } }); // focus away from the box
  await page.keyboard.press('ArrowRight');
  await expect(app.title).toHaveText(MMU_ON);
  await page.keyboard.press('ArrowRight');
  await expect(app.title).toHaveText(JUMP);
  await page.keyboard.press('PageDown'); // a clicker
  await expect(app.title).toHaveText(SWITCH);
  await page.keyboard.press('ArrowLeft');
  await expect(app.title).toHaveText(JUMP);
  await page.keyboard.press('PageUp');
  await expect(app.title).toHaveText(MMU_ON);
  await page.getByRole('button', { name: 'Forward', exact: true }).click();
  await expect(app.title).toHaveText(JUMP);

  // the link opens in talk mode; in the presenter view the clickers go moment to moment too
  await app.open('?preset=dual-step&moments=1&view=presenter');
  const notes = page.getByRole('complementary', { name: 'Presenter notes' });
  await expect(notes.getByRole('checkbox', { name: 'Key moments only' })).toBeChecked();
  await page.keyboard.press('PageDown');
  await expect(app.title).toHaveText(MMU_ON);
  await page.keyboard.press('PageDown');
  await expect(app.title).toHaveText(JUMP);
  await page.keyboard.press('PageUp');
  await expect(app.title).toHaveText(MMU_ON);
  // m switches it off: → steps one instruction again
  await page.keyboard.press('m');
  await expect(notes.getByRole('checkbox', { name: 'Key moments only' })).not.toBeChecked();
  const at = await app.step();
  await page.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(new RegExp(`^Step ${at + 1} of`));
});

test('the first screen guides: a one-line hint until the first step, media icons, CPU-named bands', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step');
  const hint = page.getByTestId('first-step-hint');
  await expect(hint).toContainText('Press → to step, n for the next key moment');
  await expectInside(page, hint);
  await expectNotClipped(hint);
  // conventional icons: ▶ play, ⏭ step forward, ⏮ step back
  await expect(page.getByRole('button', { name: 'Play' }).locator('svg')).toHaveAttribute(
    'data-glyph',
    '▶',
  );
  await expect(
    page.getByRole('button', { name: 'Forward', exact: true }).locator('svg'),
  ).toHaveAttribute('data-glyph', '⏭');
  await expect(
    page.getByRole('button', { name: 'Back', exact: true }).locator('svg'),
  ).toHaveAttribute('data-glyph', '⏮');
  // the phase bands name their CPU, each fully inside the timeline
  const bands = page.getByTestId('phase-band');
  await expect(bands.filter({ hasText: 'CPU1 HYP 1' })).toHaveCount(1);
  await expect(bands.filter({ hasText: 'CPU0 HYP 2' })).toHaveCount(1);
  for (const b of await bands.all()) await expectInside(page, b, page.locator('.timeline'));
  await page.keyboard.press('ArrowRight');
  await expect(hint).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(hint).toHaveCount(0); // it has done its job
});

test('a band too narrow for its name cuts it with an ellipsis and names it in full in its tooltip', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open('?preset=dual-step');
  const bands = page.getByTestId('phase-band');
  const count = await bands.count();
  expect(count).toBe(7); // PL1, CPU1 HYP 1, CPU1 HYP 2, CPU0 HYP 1, CPU0 HYP 2, PL1, runtime
  let narrow = 0;
  for (let i = 0; i < count; i++) {
    const b = bands.nth(i);
    const text = b.locator('.band-short');
    const [sw, cw, overflow] = await text.evaluate((e) => [
      e.scrollWidth,
      e.clientWidth,
      getComputedStyle(e).textOverflow,
    ]);
    const title = (await b.getByRole('button').getAttribute('title')) ?? '';
    // every band's tooltip names it in full, with its CPU and its steps
    expect(title).toMatch(/^(CPU\d )?(PL1 setup|HYP phase [12]|runtime): steps \d+–\d+$/);
    if (sw > cw) {
      narrow++;
      expect(overflow).toBe('ellipsis');
    }
    await expectInside(page, b, page.locator('.timeline'));
  }
  // at 1024 px the per-CPU bands cannot show "CPU1 HYP 2" in full
  expect(narrow).toBeGreaterThan(0);
});
