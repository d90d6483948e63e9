import type { Page } from '@playwright/test';

/*
 * In-page probes for the browser bench. Each function here runs in the page (Playwright ships
 * it as source text), so it must stay self-contained.
 */

export const PROBE = '__hypstepProbe';

export interface ProbeState {
  /** ms since navigation start when the counter first read "Step N of M", or null. */
  counterAt: number | null;
  /** ms since navigation start when the cost prompt first showed, or null. */
  promptAt: number | null;
  /** The longest main-thread task seen so far (ms). */
  longestTask: number;
}

/** Installed before any page script: records first counter / prompt and long tasks. */
export function installNavigationProbe(probeName: string): void {
  const probe = { counterAt: null, promptAt: null, longestTask: 0 } as {
    counterAt: number | null;
    promptAt: number | null;
    longestTask: number;
  };
  (window as unknown as Record<string, unknown>)[probeName] = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        probe.longestTask = Math.max(probe.longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no Long Tasks API: longestTask stays 0
  }
  const check = (): void => {
    if (probe.counterAt === null) {
      const t = document.querySelector('[data-testid="step-counter"]')?.textContent ?? '';
      if (/^Step \d+ of \d+$/.test(t.trim())) probe.counterAt = performance.now();
    }
    if (probe.promptAt === null && document.querySelector('[data-testid="cost-prompt"]'))
      probe.promptAt = performance.now();
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
  });
}

/** A plain page that shows "Step N of M" and moves it on the arrow keys: the floor. */
export const FLOOR_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head>
<body><p data-testid="step-counter">Step 1 of 300</p><script>
let n = 1; const el = document.querySelector('[data-testid="step-counter"]');
addEventListener('keydown', (e) => {
  if (e.key === 'ArrowRight') n = Math.min(300, n + 1);
  else if (e.key === 'ArrowLeft') n = Math.max(1, n - 1);
  else return;
  el.textContent = 'Step ' + n + ' of 300';
});
</script></body></html>`;

export async function readProbe(page: Page): Promise<ProbeState> {
  return page.evaluate((name) => (window as unknown as Record<string, ProbeState>)[name]!, PROBE);
}

/** Main-thread JS heap plus ArrayBuffer backing stores after a full GC, via DevTools (bytes). */
export async function tabHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const u = (await cdp.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      backingStorageSize?: number;
    };
    return u.usedSize + (u.backingStorageSize ?? 0);
  } finally {
    await cdp.detach();
  }
}
