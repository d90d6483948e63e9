// Before the e2e tests: use the system Chromium where there is one (CHROMIUM_PATH, or Debian's
// /usr/bin/chromium, as playwright.config.ts does); on any other machine, a fresh laptop say,
// install Playwright's own Chromium so that `npm test` works there too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const system = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(system)) {
  console.log(`e2e: using ${system}`);
} else {
  console.log(
    `e2e: no Chromium at ${system}; installing Playwright's (npx playwright install chromium)`,
  );
  const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(
      'e2e: could not install Chromium; set CHROMIUM_PATH to a Chromium executable and run again',
    );
    process.exit(r.status ?? 1);
  }
}
