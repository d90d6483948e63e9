import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import { FLOOR_HTML, installNavigationProbe, PROBE, readProbe, tabHeap } from './pageProbes';
import type { ProbeState } from './pageProbes';

/*
 * Browser benchmark: production JS size, then "key press to next painted frame" while stepping
 * through presets in a real Chromium. Numbers, never assertions.
 */

const COUNTER = '[data-testid="step-counter"]';
const STEP_PATTERN = '^Step \\d+ of \\d+$';
/** What (a) steps through: a preset, or a comparison whose counter is the aligned step's. */
const PRESETS: readonly { name: string; query: string; counter?: string; pattern?: string }[] = [
  { name: 'dual-step', query: '?preset=dual-step&step=1' },
  { name: 'stress', query: '?preset=stress&step=1' },
  {
    name: 'compare',
    query: '?preset=single-step&compare=dual-step&step=1',
    counter: '[data-testid="compare-counter"]',
    pattern: '^Aligned step \\d+ of \\d+$',
  },
];
const PRESSES = 220;
const WARMUP = 10;
// stress simulates its whole trace before the first render; a cold CI machine needs the slack
const READY_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 15_000;
const HOOK = '__hypstepLatency';

interface LatencyHook {
  samples: number[];
  /** keydown dispatch, capture at window to the end of bubbling at window (ms). */
  handler: number[];
  pending: boolean;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (v: number): string => `${v.toFixed(1)} ms`;

/** (e) every JS chunk, raw and gzip, and the gzip of what index.html loads before first paint. */
function jsSizes(distDir: string): string[] {
  const assets = join(distDir, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  if (files.length === 0) throw new Error(`no .js files in ${assets}`);
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const lines: string[] = [];
  let firstPaint = 0;
  let total = 0;
  for (const f of files.sort()) {
    const bytes = readFileSync(join(assets, f));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    // what the page fetches before it can paint: the entry script and its modulepreloads
    const eager = html.includes(`assets/${f}`);
    if (eager) firstPaint += gz;
    lines.push(`  ${f}: ${kib(bytes.length)} raw, ${kib(gz)} gzip${eager ? ' (first paint)' : ''}`);
  }
  return [
    `(e) JS for the first paint: ${kib(firstPaint)} gzip; all JS ${kib(total)} gzip in ${files.length} file(s)`,
    ...lines,
  ];
}

/*
 * Runs in the page, so it must stay self-contained: Playwright ships it as source text, and any
 * reference to this module's bindings would be undefined there.
 */
function installHook({ selector, hookName }: { selector: string; hookName: string }): void {
  const hook: LatencyHook = { samples: [], handler: [], pending: false };
  let handlerStart = 0;
  // registered after the app's own listeners, so it runs last: React's synchronous render of
  // a discrete event happens in the microtask checkpoint between listeners, before this one
  window.addEventListener('keydown', () => {
    if (handlerStart) hook.handler.push(performance.now() - handlerStart);
    handlerStart = 0;
  });
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
      handlerStart = t0;
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
  const m = /(\d+) of (\d+)$/.exec(text.trim());
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

/** Steps through the page already showing the counter: key-to-paint and handler times (ms). */
export async function measureSteps(
  page: Page,
  presses: number,
  selector = COUNTER,
  pattern = STEP_PATTERN,
): Promise<{ samples: number[]; handler: number[] }> {
  const first = await page.waitForFunction(
    counterText,
    { selector, pattern },
    { timeout: READY_TIMEOUT_MS },
  );
  let { step, total } = parseCounter(String(await first.jsonValue()));
  if (total < 2) throw new Error(`only ${total} step(s): nothing to step through`);
  // the arrow keys are ignored while an input has focus
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(installHook, { selector, hookName: HOOK });
  let key: 'ArrowRight' | 'ArrowLeft' = 'ArrowRight';
  for (let n = 0; n < presses; n++) {
    // bounce off either end so every press moves the counter and yields a sample
    if (step >= total) key = 'ArrowLeft';
    else if (step <= 1) key = 'ArrowRight';
    await page.keyboard.press(key);
    const after = await page.waitForFunction(
      sampleReady,
      { selector, hookName: HOOK, n },
      { timeout: STEP_TIMEOUT_MS, polling: 'raf' },
    );
    ({ step, total } = parseCounter(String(await after.jsonValue())));
  }
  return page.evaluate((hookName) => {
    const h = (window as unknown as Record<string, LatencyHook>)[hookName]!;
    return { samples: h.samples, handler: h.handler };
  }, HOOK);
}

interface Figures {
  median: number;
  p95: number;
  handlerP95: number;
}

function figures(samples: number[], handler: number[]): Figures {
  // nearest rank, so the figure is a value that was actually observed
  const rank = (xs: number[], p: number): number => {
    const kept = xs.slice(WARMUP).sort((a, b) => a - b);
    return kept[Math.max(0, Math.ceil(p * kept.length) - 1)] ?? NaN;
  };
  return { median: rank(samples, 0.5), p95: rank(samples, 0.95), handlerP95: rank(handler, 0.95) };
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

const COSTLY =
  '?preset=stress&ramBase=0x40000000&pageOffset=0x40000000&ramSize=0xc0000000&kernelStart=0x40008000&idmapStart=0x40320f00&cpus=8&tlbEntries=512&hotplugCpu=7';
const NAVIGATIONS: readonly { label: string; search: string; heap: boolean }[] = [
  { label: 'default', search: '?preset=dual-step', heap: true },
  { label: 'stress', search: '?preset=stress', heap: true },
  { label: 'costly link', search: COSTLY, heap: false },
];

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[]): Promise<number> {
  // --root DIR measures another checkout (the "before" column) with this bench
  const root = resolve(option(args, '--root') ?? fileURLToPath(new URL('..', import.meta.url)));
  const configFile = join(root, 'vite.config.ts');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let stage = 'vite build';
  try {
    // run-ts loads this file through Vite's dev-mode module loader, which leaves NODE_ENV at
    // development; the figures are for what `npm run build` ships
    process.env.NODE_ENV = 'production';
    await build({ root, configFile, logLevel: 'warn', mode: 'production' });
    for (const line of jsSizes(join(root, 'dist'))) console.log(line);

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

    // (a) key to next paint, against a plain counter page on the same keys
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.route('**/__floor.html', (r) =>
      r.fulfill({ contentType: 'text/html', body: FLOOR_HTML }),
    );
    const rows: { name: string; f: Figures }[] = [];
    for (const { name, query, counter, pattern } of [
      { name: 'floor', query: '__floor.html' },
      ...PRESETS,
    ] as (typeof PRESETS)[number][]) {
      stage = `measuring ${name}`;
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(new URL(query, base).href);
      const { samples, handler } = await measureSteps(page, PRESSES, counter, pattern);
      rows.push({ name, f: figures(samples, handler) });
      if (errors.length)
        console.warn(`  ${name}: ${errors.length} page error(s), first: ${errors[0]}`);
      await page.close();
    }
    const floor = rows[0]!.f;
    console.log(`(a) key to next paint over ${PRESSES - WARMUP} steps (ratio to the floor)`);
    for (const { name, f } of rows)
      console.log(
        `  ${name.padEnd(10)} median ${ms(f.median)} (${(f.median / floor.median).toFixed(2)}x), p95 ${ms(f.p95)} (+${ms(f.p95 - floor.p95)}), handler p95 ${ms(f.handlerP95)}`,
      );
    await context.close();

    // (b) navigation to "Step N of M" (or to the cost prompt) and the longest task; (c) heap
    console.log('(b) navigation to "Step N of M", longest main-thread task; (c) tab heap');
    for (const nav of NAVIGATIONS) {
      stage = `loading ${nav.label}`;
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await ctx.addInitScript(installNavigationProbe, PROBE);
      const page = await ctx.newPage();
      await page.goto(new URL(nav.search, base).href, { waitUntil: 'commit' });
      await page.waitForFunction(
        (name) => {
          const p = (window as unknown as Record<string, ProbeState | undefined>)[name];
          return !!p && (p.counterAt !== null || p.promptAt !== null);
        },
        PROBE,
        { timeout: READY_TIMEOUT_MS, polling: 50 },
      );
      // long tasks are reported after they end: give the last one time to arrive
      await page.waitForTimeout(300);
      const p = await readProbe(page);
      const what =
        p.counterAt !== null
          ? `"Step N of M" after ${ms(p.counterAt)}`
          : `cost prompt after ${ms(p.promptAt!)}`;
      const heap = nav.heap ? `, tab heap ${((await tabHeap(page)) / 1e6).toFixed(1)} MB` : '';
      console.log(`  ${nav.label.padEnd(11)} ${what}, longest task ${ms(p.longestTask)}${heap}`);
      await ctx.close();
    }
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.error(`browser bench failed while ${stage}: ${msg}`);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}
