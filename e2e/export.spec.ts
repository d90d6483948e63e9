import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function download(
  page: Page,
  what: string,
  button: string,
): Promise<{ file: Buffer; name: string }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByLabel('What to export').selectOption({ label: what });
  const [d] = (await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: button }).click(),
  ])) as [Download, void];
  const file = readFileSync((await d.path())!);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return { file, name: d.suggestedFilename() };
}

/** Distinct colours and the share of pixels unlike the corner's, read back in the page. */
async function pixelStats(page: Page, png: Buffer): Promise<{ colours: number; inked: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!;
      seen.add(v);
      if (Math.abs(d[i]! - d[0]!) + Math.abs(d[i + 1]! - d[1]!) + Math.abs(d[i + 2]! - d[2]!) > 60)
        inked++;
    }
    return { colours: seen.size, inked: inked / (d.length / 4) };
  }, png.toString('base64'));
}

for (const [what, locate] of [
  ['Whole view', (p: Page) => p.getByTestId('app-root')],
  ['CPU', (p: Page) => p.getByRole('region', { name: /^CPU/ })],
] as const) {
  test(`export ${what} as SVG and as PNG at 2x`, async ({ app, page }) => {
    await app.open('?preset=dual-step&step=170');
    const box = (await locate(page).boundingBox())!;
    const svg = await download(page, what, 'Download SVG');
    expect(svg.name).toMatch(/^hypstep-dual-step-step170-[a-z-]+\.svg$/);
    const text = svg.file.toString('utf8');
    expect(text.startsWith('<svg')).toBe(true);
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.getElementsByTagName('parsererror').length,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        text: root.textContent ?? '',
      };
    }, text);
    expect(parsed.error).toBe(0);
    expect(Math.abs(parsed.width - box.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(parsed.height - box.height)).toBeLessThanOrEqual(2);
    expect(parsed.text).toContain('HTTBR');

    const png = await download(page, what, 'Download PNG');
    expect([...png.file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const w = png.file.readUInt32BE(16);
    const h = png.file.readUInt32BE(20);
    expect(Math.abs(w - 2 * box.width)).toBeLessThanOrEqual(4);
    expect(Math.abs(h - 2 * box.height)).toBeLessThanOrEqual(4);
    const stats = await pixelStats(page, png.file);
    expect(stats.colours).toBeGreaterThan(2);
    expect(stats.inked).toBeGreaterThan(0.01);
  });
}

test('export the trace as JSON, the same as the CLI trace', async ({ app, page }) => {
  await app.open('?preset=dual-step&step=40');
  const total = await app.total();
  const { file, name } = await download(page, 'Whole view', 'Download trace JSON');
  expect(name).toBe('hypstep-dual-step-step40-trace.json');
  const json = JSON.parse(file.toString('utf8')) as { steps: { index: number }[] };
  expect(json.steps).toHaveLength(total);
  expect(json.steps[39]!.index).toBe(40);
});
