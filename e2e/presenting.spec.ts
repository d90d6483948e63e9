import type { Page } from '@playwright/test';
import { DEFAULT_CONFIG } from '../src/engine/scenario/config';
import { expect, test } from './fixtures';
import { expectInside } from './geometry';

/** Fails the test on any console error in a second window too. */
function watchErrors(p: Page): string[] {
  const errors: string[] = [];
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  p.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

const counterOf = (p: Page) => p.getByTestId('step-counter').first();

test('presenter and audience show an MMU + TLB strip: TLBIALLH empties it, the stale entry is marked', async ({
  app,
  page,
  context,
}) => {
  // dual-step, CPU1's TLBIALLH: the strip says what it dropped and shows an empty TLB
  await app.open('?preset=dual-step&view=presenter');
  for (let i = 0; i < 4; i++) await page.keyboard.press('n');
  await expect(app.title).toHaveText(/TLBIALLH/);
  await expect(page.getByTestId('moment-chip')).toHaveText('◆ CPU1 TLBIALLH');
  const strip = page.getByRole('region', { name: 'MMU and TLB' });
  await expectInside(page, strip);
  await expect(strip).toContainText(/TLBIALLH dropped \d+ entr/);
  await expect(strip.getByTestId('strip-tlb-count')).toHaveText('0 of 32');
  // the HTTBR switch before it: a fetch through the TLB, entries listed, the boot ones stale
  await page.keyboard.press('Shift+N');
  await expect(app.title).toHaveText(/HTTBR = /);
  await expect(strip.getByTestId('strip-access').first()).toContainText(/fetch 0xffff_0fbc/);
  await expect(strip.getByTestId('strip-tlb-entry').first()).toBeVisible();
  await expect(strip.locator('.strip-chip.stale .stale-tag').first()).toHaveText('stale');

  // stale-tlb's consequence in the audience window: the read hits a stale entry, marked so
  const audience = await context.newPage();
  const errors = watchErrors(audience);
  await audience.goto('/?preset=stale-tlb&view=audience');
  await app.open('?preset=stale-tlb&view=presenter');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+N'); // the last key moment: the consequence
  await expect(app.title).toHaveText(/ldr r0, \[r0\]/);
  const aStrip = audience.getByRole('region', { name: 'MMU and TLB' });
  await expect(aStrip).toBeVisible();
  await expect(aStrip.getByTestId('strip-access').filter({ hasText: 'read' })).toContainText(
    /TLB hit #\d+ .*stale/,
  );
  await expectInside(audience, aStrip);
  expect(errors).toEqual([]);
});

test('in the presenter view b blanks only the audience; in the app b blanks the screen', async ({
  app,
  page,
  context,
}) => {
  await app.open('?preset=dual-step&step=40&view=presenter');
  const audience = await context.newPage();
  await audience.goto('/?preset=dual-step&view=audience');
  await expect(counterOf(audience)).toHaveText(/^Step 40 of/);
  await page.keyboard.press('b');
  await expect(audience.getByTestId('blank-screen')).toBeVisible();
  // the presenter keeps its notes and says the audience is blanked
  await expect(page.getByTestId('blank-screen')).toBeHidden();
  await expect(page.getByTestId('audience-blanked')).toHaveText(/Audience blanked/);
  await expect(page.getByRole('complementary', { name: 'Presenter notes' })).toBeVisible();
  await expectInside(page, page.getByTestId('audience-blanked'));
  await page.keyboard.press('.');
  await expect(audience.getByTestId('blank-screen')).toBeHidden();
  await expect(page.getByTestId('audience-blanked')).toHaveCount(0);
  await page.keyboard.press('b');
  await page.keyboard.press('Escape');
  await expect(audience.getByTestId('blank-screen')).toBeHidden();

  // the plain app: b blanks this screen, as before
  await page.keyboard.press('p');
  await expect(page.getByRole('complementary', { name: 'Presenter notes' })).toBeHidden();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeHidden();
});

test('the presenter is the source of truth: reloads and links carry the audience; audience keys ask the presenter', async ({
  app,
  page,
  context,
}) => {
  await app.open('?preset=dual-step&step=40&view=presenter');
  const audience = await context.newPage();
  const errors = watchErrors(audience);
  await audience.goto('/?preset=dual-step&step=1&view=audience');
  const aCounter = counterOf(audience);
  await expect(aCounter).toHaveText(/^Step 40 of/);

  // a key in the audience moves the presenter, from where the presenter is
  await audience.keyboard.press('ArrowRight');
  await expect(app.counter).toHaveText(/^Step 41 of/);
  await expect(aCounter).toHaveText(/^Step 41 of/);
  await page.keyboard.press('End');
  await expect(aCounter).toHaveText(/^Step 222 of/);
  await page.keyboard.press('Home');
  await expect(aCounter).toHaveText(/^Step 1 of/);
  await audience.keyboard.press('n');
  await expect(app.title).toHaveText(/HSCTLR = /);
  await expect(aCounter).toHaveText((await app.counter.textContent()) as string);

  // the presenter opens another link: the audience follows, not the other way round
  await app.open('?preset=bounce-page&step=30&view=presenter');
  await expect(aCounter).toHaveText(/^Step 30 of 226$/);
  // the presenter reloads: the audience stays with it
  await page.keyboard.press('ArrowRight');
  await expect(aCounter).toHaveText(/^Step 31 of/);
  await expect.poll(() => page.url()).toContain('step=31');
  await page.reload();
  await expect(app.counter).toHaveText(/^Step 31 of/);
  await expect(aCounter).toHaveText(/^Step 31 of/);
  await audience.keyboard.press('ArrowLeft');
  await expect(app.counter).toHaveText(/^Step 30 of/);
  expect(errors).toEqual([]);
});

test('junk on the sync channel is ignored: the audience never goes blank, a bad config is never run', async ({
  app,
  page,
  context,
}) => {
  await app.open('?preset=dual-step&step=40&view=presenter');
  const audience = await context.newPage();
  const errors = watchErrors(audience);
  await audience.goto('/?preset=dual-step&view=audience');
  await expect(counterOf(audience)).toHaveText(/^Step 40 of/);
  const title = (await audience.getByTestId('step-title').first().textContent()) ?? '';

  // a third window posts junk, as a stale build or a script might
  const intruder = await context.newPage();
  await intruder.goto('/?preset=dual-step&view=embed');
  // the preset's config exactly as the engine's Config (the message checker wants every key)
  await intruder.evaluate(
    async (config) => {
      const ch = new BroadcastChannel('hypstep-sync');
      const from = 'intruder'; // a well-formed window id: only the parts named below are bad
      const junk: unknown[] = [
        'hello',
        null,
        42,
        { type: 'state', from, presetName: 'dual-step', config, cursor: NaN, blanked: false },
        { type: 'state', from, presetName: 'dual-step', config, cursor: 1e9, blanked: false },
        {
          type: 'state',
          from,
          presetName: 'dual-step',
          config: { ...config, cpus: 5000 },
          cursor: 3,
          blanked: false,
        },
        {
          type: 'state',
          from,
          presetName: 'dual-step',
          config: { cpus: 2 },
          cursor: 3,
          blanked: false,
        },
        { type: 'state', from, presetName: 'nope', config, cursor: 3, blanked: false },
        { type: 'state', from, presetName: 'dual-step', config, cursor: 3, blanked: 'yes' },
        { type: 'move', to: 'x', move: 'explode' },
        { type: 'move', move: 'forward' },
      ];
      for (const m of junk) ch.postMessage(m);
      await new Promise((r) => setTimeout(r, 300));
      ch.close();
    },
    { ...DEFAULT_CONFIG },
  );
  await expect(counterOf(audience)).toHaveText(/^Step 40 of 222$/);
  await expect(audience.getByTestId('step-title').first()).toHaveText(title);
  await expect(audience.getByRole('region', { name: 'MMU and TLB' })).toBeVisible();
  await expect(app.counter).toHaveText(/^Step 40 of 222$/);
  // and it still follows the presenter
  await page.keyboard.press('ArrowRight');
  await expect(counterOf(audience)).toHaveText(/^Step 41 of/);
  // the same message made valid is followed: what was dropped was dropped for its bad part
  await intruder.evaluate(
    (config) => {
      const ch = new BroadcastChannel('hypstep-sync');
      ch.postMessage({
        type: 'state',
        from: 'intruder',
        presetName: 'dual-step',
        config,
        cursor: 3,
        blanked: false,
      });
      ch.close();
    },
    { ...DEFAULT_CONFIG },
  );
  await expect(counterOf(audience)).toHaveText(/^Step 3 of 222$/);
  expect(errors).toEqual([]);
});

test("a slide's CPU panel shows what changed, and always the PC", async ({ app, page }) => {
  await app.open('?preset=dual-step&step=150&view=presenter');
  const cpu = page.locator('.slide-grid .cpu-panel');
  // step 150 writes HMAIR1: that row shows, marked; the PC shows though it is no news
  await expect(cpu.locator('.reg[data-reg="HMAIR1"]')).toBeVisible();
  await expect(cpu.locator('.reg[data-reg="PC"]')).toBeVisible();
  await expect(cpu.locator('.reg[data-reg="PC"]')).toContainText(/0x[0-9a-f]{4}_[0-9a-f]{4}/);
  // unchanged ordinary registers stay off the slide
  await expect(cpu.locator('.reg[data-reg="r1"]')).toBeHidden();
  await expectInside(page, cpu.locator('.reg[data-reg="PC"]'));
});
