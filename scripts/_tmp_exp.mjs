import { chromium } from '@playwright/test';
import { copyFileSync } from 'node:fs';
const [base, query, ...targets] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, colorScheme: process.env.COLOR ?? 'light' });
p.on('console', (m) => console.log('console', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror', e));
await p.goto(base.endsWith('.html') ? base + query : base + '/' + query);
await p.waitForTimeout(1000);
await p.getByRole('button', { name: 'Export' }).click();
const dialog = p.getByRole('dialog', { name: 'Export' });
for (const t of targets) {
  const [what, button] = t.split(':');
  await dialog.getByLabel('What to export').selectOption({ label: what });
  const t0 = Date.now();
  const [d] = await Promise.all([p.waitForEvent('download', { timeout: 60000 }), dialog.getByRole('button', { name: button }).click()]);
  const name = d.suggestedFilename();
  copyFileSync(await d.path(), '/tmp/exp/' + name);
  console.log(name, Date.now() - t0, 'ms', await dialog.getByRole('status').textContent());
}
await b.close();
