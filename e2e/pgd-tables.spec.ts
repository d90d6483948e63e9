import { expect, test } from '@playwright/test';

test('the default scenario shows both PGDs, with the trampoline onto the same page in both', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/');
  const boot = page.getByRole('region', { name: /Boot PGD/ });
  const runtime = page.getByRole('region', { name: /Runtime PGD/ });
  await expect(boot).toBeVisible();
  await expect(runtime).toBeVisible();
  // the boot PGD maps the idmap page (VA == PA) and the trampoline, both onto the init page
  const bootTramp = boot.getByRole('row', { name: /0xffff_0000/ });
  await expect(bootTramp).toContainText('0x8032_0000');
  await expect(boot.getByRole('row', { name: /^0x8032_0000/ })).toContainText(
    '0x0080_0000_8032_075f',
  );
  // the runtime PGD maps the trampoline onto the same physical page, and no idmap
  await expect(runtime.getByRole('row', { name: /0xffff_0000/ })).toContainText('0x8032_0000');
  await expect(runtime.getByRole('row', { name: /^0x8032_0000/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});
