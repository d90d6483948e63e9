import { expect, test } from './fixtures';

test('the link carries the step identity beside step=, and lands on the same event when the trace changed', async ({
  app,
  page,
}) => {
  // the author's link: CPU1's HTTBR switch in the dual-step scenario
  await app.open('?preset=dual-step');
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await expect(app.title).toHaveText(/HTTBR = /);
  const step = await app.step();
  await expect.poll(() => page.url()).toMatch(new RegExp(`step=${step}&sid=`));
  const sid = new URL(page.url()).searchParams.get('sid')!;
  expect(sid).toMatch(/^1_i_/); // CPU1, an instruction

  // the same event in a trace whose numbers moved (the bounce page adds steps before it)
  await app.open(`?preset=bounce-page&step=${step}&sid=${encodeURIComponent(sid)}`);
  await expect(app.title).toHaveText(/HTTBR = /);
  const moved = await app.step();
  expect(moved).not.toBe(step);
  await expect(page.locator('.message-bar')).toContainText(`its step ${step} ("`);
  await expect(page.locator('.message-bar')).toContainText(`is now step ${moved}`);

  // an event the trace no longer has: the number, and a message saying so
  await app.open('?preset=dual-step&step=40&sid=9_i_gone.S_abc_0');
  await expect(app.counter).toHaveText(/^Step 40 of/);
  await expect(page.locator('.message-bar')).toContainText('not in it any more: showing step 40');
});
