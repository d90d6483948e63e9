import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w, h] of [[1024, 768], [1280, 720], [390, 844]]) {
  const p = await b.newPage({ viewport: { width: w, height: h } });
  await p.goto('http://127.0.0.1:5188/?preset=stale-tlb&step=247');
  await p.waitForTimeout(800);
  console.log(w, h, JSON.stringify(await p.evaluate(() => [...document.querySelectorAll('section.panel h2')].map((e) => [e.textContent.slice(0, 30), e.scrollWidth, e.clientWidth]))));
}
await b.close();
