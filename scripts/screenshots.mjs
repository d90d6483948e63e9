/* global fetch, setTimeout */
// Regenerates docs/screenshots/ from a production build: `npm run build && npm run build:cli &&
// node scripts/screenshots.mjs`. The steps come from the engine's own key moments (the CLI's
// trace header), so a change to the engine cannot leave a screenshot on the wrong step.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const PORT = Number(process.env.SHOT_PORT ?? 4199);
const OUT = 'docs/screenshots';
const SYSTEM_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function moments(preset) {
  const out = execFileSync(
    process.execPath,
    ['dist-cli/hypstep.cjs', '--preset', preset, 'trace', '--ndjson', '--to', '1'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.split('\n')[0]).moments;
}
const at = (list, kind, cpu = 0) => list.find((m) => m.kind === kind && m.cpu === cpu).step;
/** The aligned step where two scenarios first diverge, as the CLI's diff finds it. */
function firstDivergence(left, right) {
  const out = execFileSync(
    process.execPath,
    ['dist-cli/hypstep.cjs', 'diff', '--left', left, '--right', right, '--first'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out).firstDivergence.aligned;
}

const dual = moments('dual-step');
const stale = moments('stale-tlb');
const SHOTS = [
  ['app-1280x720', `?preset=dual-step&step=${at(dual, 'httbr-switch')}`, 1280, 720],
  ['app-1920x1080', `?preset=dual-step&step=${at(dual, 'httbr-switch')}`, 1920, 1080],
  ['app-1024x768', `?preset=bounce-page&step=${at(dual, 'mmu-on')}`, 1024, 768],
  ['presenter-mmu-on', `?preset=dual-step&step=${at(dual, 'mmu-on')}&view=presenter`, 1280, 720],
  [
    'presenter-httbr-switch',
    `?preset=dual-step&step=${at(dual, 'httbr-switch')}&view=presenter`,
    1280,
    720,
  ],
  [
    'presenter-tlbiallh',
    `?preset=dual-step&step=${at(dual, 'tlbiallh')}&view=presenter`,
    1280,
    720,
  ],
  [
    'presenter-stale-tlb-consequence',
    `?preset=stale-tlb&step=${stale.find((m) => m.kind === 'consequence').step}&view=presenter`,
    1280,
    720,
  ],
  [
    'presenter-1920x1080',
    `?preset=dual-step&step=${at(dual, 'httbr-switch')}&view=presenter`,
    1920,
    1080,
  ],
  ['audience-1280x720', `?preset=dual-step&step=${at(dual, 'tlbiallh')}&view=audience`, 1280, 720],
  ['embed-960x540', `?embed=1&preset=dual-step&step=${at(dual, 'httbr-switch')}`, 960, 540],
  [
    'compare-v39-v310-1280x720',
    `?preset=single-step&compare=dual-step&step=${firstDivergence('single-step', 'dual-step')}`,
    1280,
    720,
  ],
  [
    'compare-tlbi-1280x720',
    `?preset=stale-tlb&skipTlbi=false&compare=stale-tlb&step=${firstDivergence('stale-tlb,skipTlbi=false', 'stale-tlb')}`,
    1280,
    720,
  ],
  ['phone-390x844', `?preset=dual-step&step=${at(dual, 'httbr-switch')}`, 390, 844],
];

mkdirSync(OUT, { recursive: true });
const server = spawn(
  'npx',
  ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
  { stdio: 'ignore' },
);
try {
  const browser = await chromium.launch({
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  for (const [name, query, width, height] of SHOTS) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
    await page.goto(`http://127.0.0.1:${PORT}/${query}`);
    await page
      .getByText(/^(Aligned step|Step) \d+ of \d+$/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.waitForTimeout(600); // the trees fit themselves to their panel after layout
    await page.screenshot({ path: `${OUT}/${name}.png` });
    await page.close();
    console.log(`${OUT}/${name}.png`);
  }
  await browser.close();
} finally {
  server.kill();
}
