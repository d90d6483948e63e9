import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';

/*
 * Browser benchmark: production JS size, then "key press to next painted frame" while stepping
 * through presets in a real Chromium. Numbers, never assertions.
 */

const COUNTER = '[data-testid="step-counter"]';
const PRESETS: readonly { name: string; step: number }[] = [
  { name: 'dual-step', step: 1 },
  { name: 'stress', step: 1 },
];
const PRESSES = 220;
const WARMUP = 10;
// stress simulates its whole trace before the first render; a cold CI machine needs the slack
const READY_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 15_000;
const HOOK = '__hypstepLatency';

interface LatencyHook {
  samples: number[];
  pending: boolean;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function jsSize(assetsDir: string): string {
  const files = readdirSync(assetsDir).filter((f) => f.endsWith('.js'));
  if (files.length === 0) throw new Error(`no .js files in ${assetsDir}`);
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(assetsDir, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return `production JS: ${kib(raw)} raw, ${kib(gz)} gzipped (${files.length} file${files.length === 1 ? '' : 's'})`;
}

/*
 * Runs in the page, so it must stay self-contained: Playwright ships it as source text, and any
 * reference to this module's bindings would be undefined there.
 */
function installHook({ selector, hookName }: { selector: string; hookName: string }): void {
  const hook: LatencyHook = { samples: [], pending: false };
  (window as unknown as Record<string, LatencyHook>)[hookName] = hook;
  const textOf = (): string => document.querySelector(selector)?.textContent ?? '';
  // Compared against the last settled text, not the text at keydown, so a change the app makes
  // synchronously in an earlier listener is not missed.
  let settled = textOf();
  window.addEventListener(
    'keydown',
    (ev) => {
      if (hook.pending || (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft')) return;
      const t0 = performance.now();
      hook.pending = true;
      let seen = false;
      const check = (): void => {
        if (seen) return;
        const now = textOf();
        if (now === settled) return;
        seen = true;
        observer.disconnect();
        settled = now;
        // rAF callbacks run just before the frame is rendered; a message posted from there is
        // delivered as a task after that frame has been painted.
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            hook.samples.push(performance.now() - t0);
            hook.pending = false;
            ch.port1.close();
          };
          ch.port2.postMessage(null);
        });
      };
      const observer = new MutationObserver(check);
      const counter = document.querySelector(selector);
      if (counter) {
        observer.observe(counter, { characterData: true, childList: true, subtree: true });
        // React may replace the counter node instead of patching its text
        if (counter.parentNode) observer.observe(counter.parentNode, { childList: true });
      }
      queueMicrotask(check);
    },
    { capture: true },
  );
}

function parseCounter(text: string): { step: number; total: number } {
  const m = /^Step (\d+) of (\d+)$/.exec(text.trim());
  if (!m) throw new Error(`step counter reads ${JSON.stringify(text)}`);
  return { step: Number(m[1]), total: Number(m[2]) };
}

function counterText({ selector, pattern }: { selector: string; pattern: string }): string | false {
  const text = document.querySelector(selector)?.textContent?.trim() ?? '';
  return new RegExp(pattern).test(text) ? text : false;
}

function sampleReady({
  selector,
  hookName,
  n,
}: {
  selector: string;
  hookName: string;
  n: number;
}): string | false {
  const hook = (window as unknown as Record<string, LatencyHook | undefined>)[hookName];
  if (!hook || hook.pending || hook.samples.length <= n) return false;
  return document.querySelector(selector)?.textContent?.trim() ?? '';
}

/** Steps through the page already showing the counter and returns one latency per key press (ms). */
export async function measureSteps(page: Page, presses: number): Promise<number[]> {
  const first = await page.waitForFunction(
    counterText,
    { selector: COUNTER, pattern: '^Step \\d+ of \\d+$' },
    { timeout: READY_TIMEOUT_MS },
  );
  let { step, total } = parseCounter(String(await first.jsonValue()));
  if (total < 2) throw new Error(`only ${total} step(s): nothing to step through`);
  // the arrow keys are ignored while an input has focus
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(installHook, { selector: COUNTER, hookName: HOOK });
  let key: 'ArrowRight' | 'ArrowLeft' = 'ArrowRight';
  for (let n = 0; n < presses; n++) {
    // bounce off either end so every press moves the counter and yields a sample
    if (step >= total) key = 'ArrowLeft';
    else if (step <= 1) key = 'ArrowRight';
    await page.keyboard.press(key);
    const after = await page.waitForFunction(
      sampleReady,
      { selector: COUNTER, hookName: HOOK, n },
      { timeout: STEP_TIMEOUT_MS, polling: 'raf' },
    );
    ({ step, total } = parseCounter(String(await after.jsonValue())));
  }
  return page.evaluate(
    (hookName) => (window as unknown as Record<string, LatencyHook>)[hookName]!.samples,
    HOOK,
  );
}

function summarize(name: string, samples: number[]): string {
  const kept = samples.slice(WARMUP).sort((a, b) => a - b);
  // nearest rank, so the figure is a latency that was actually observed
  const rank = (p: number): number => kept[Math.max(0, Math.ceil(p * kept.length) - 1)]!;
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  return `step latency ${name}: median ${ms(rank(0.5))}, p95 ${ms(rank(0.95))}, max ${ms(kept[kept.length - 1]!)} over ${kept.length} steps`;
}

export async function launchChromium(): Promise<Browser> {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    // Debian's Chromium where it exists: these machines cannot download Playwright's
    ...(existsSync(path) ? { executablePath: path } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function main(_args: string[]): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const configFile = join(root, 'vite.config.ts');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let stage = 'vite build';
  try {
    // run-ts loads this file through Vite's dev-mode module loader, which leaves NODE_ENV at
    // development; the figures are for what `npm run build` ships
    process.env.NODE_ENV = 'production';
    await build({ root, configFile, logLevel: 'warn', mode: 'production' });
    console.log(jsSize(join(root, 'dist', 'assets')));

    stage = 'vite preview';
    server = await preview({
      root,
      configFile,
      logLevel: 'warn',
      // the config pins 4173 for e2e; a bench must not collide with a running preview
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('preview server reports no local URL');

    stage = 'launching Chromium';
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });

    for (const { name, step } of PRESETS) {
      stage = `measuring ${name}`;
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(new URL(`?preset=${name}&step=${step}`, base).href);
      const samples = await measureSteps(page, PRESSES);
      console.log(summarize(name, samples));
      if (errors.length)
        console.warn(`  ${name}: ${errors.length} page error(s), first: ${errors[0]}`);
      await page.close();
    }
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.error(`browser latency bench failed while ${stage}: ${msg}`);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}
