import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (let r = 0; r < 2; r++) {
const p = await b.newPage();
await p.addInitScript(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  const obs = new MutationObserver(() => {
    const t = document.querySelector('[data-testid="step-counter"]')?.textContent;
    if (t && !window.__ready) window.__ready = Math.round(performance.now());
    const pr = document.querySelector('[data-testid="load-progress"]')?.textContent;
    if (pr && pr.includes('Receiving') && !window.__recv) window.__recv = Math.round(performance.now());
  });
  obs.observe(document, { subtree: true, childList: true, characterData: true });
});
await p.goto('http://127.0.0.1:4186/?preset=stress');
await p.waitForFunction(() => window.__ready, null, { timeout: 120000 });
await p.waitForTimeout(500);
console.log(await p.evaluate(() => JSON.stringify({ lt: window.__lt, ready: window.__ready, recv: window.__recv })));
await p.close();
}
await b.close();
