import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens Export, picks `what`, presses `button` and returns the saved file. */
export async function download(
  page: Page,
  what: string | null,
  button: string,
): Promise<{ file: Buffer; name: string }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  if (what) await dialog.getByLabel('What to export').selectOption({ label: what });
  const [d] = (await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    dialog.getByRole('button', { name: button }).click(),
  ])) as [Download, void];
  const file = readFileSync((await d.path())!);
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return { file, name: d.suggestedFilename() };
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngSize(png: Buffer | Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect([...b.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Renders an SVG with librsvg (Debian's librsvg2-bin), the non-browser renderer. */
export function rsvgRender(svg: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'hypstep-rsvg-'));
  const input = join(dir, 'in.svg');
  const output = join(dir, 'out.png');
  writeFileSync(input, svg);
  try {
    execFileSync('rsvg-convert', ['--format', 'png', '--output', output, input], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (e) {
    throw new Error(
      `rsvg-convert failed (install Debian's librsvg2-bin): ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  return readFileSync(output);
}

export interface Ink {
  /** Share of pixels unlike the background (the top-left pixel). */
  readonly coverage: number;
  /** The inked area's box, in pixels. */
  readonly box: { x0: number; y0: number; x1: number; y1: number };
  /** Per box asked for: the share of its pixels that are inked. */
  readonly inBoxes: number[];
  readonly colours: number;
}

type Box = { x: number; y: number; width: number; height: number };

/** Draws an image (a data: URL) on a canvas in the page and measures its ink. */
export async function measureInk(page: Page, url: string, boxes: Box[] = []): Promise<Ink> {
  return page.evaluate(
    async ({ url, boxes }) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const inked = (i: number) =>
        Math.abs(d[i]! - d[0]!) + Math.abs(d[i + 1]! - d[1]!) + Math.abs(d[i + 2]! - d[2]!) > 60;
      let n = 0;
      const seen = new Set<number>();
      const box = { x0: c.width, y0: c.height, x1: 0, y1: 0 };
      for (let y = 0; y < c.height; y++)
        for (let x = 0; x < c.width; x++) {
          const i = (y * c.width + x) * 4;
          seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
          if (!inked(i)) continue;
          n++;
          box.x0 = Math.min(box.x0, x);
          box.y0 = Math.min(box.y0, y);
          box.x1 = Math.max(box.x1, x);
          box.y1 = Math.max(box.y1, y);
        }
      const inBoxes = boxes.map((b) => {
        let k = 0;
        let all = 0;
        for (let y = Math.floor(b.y); y < Math.ceil(b.y + b.height); y++)
          for (let x = Math.floor(b.x); x < Math.ceil(b.x + b.width); x++) {
            if (x < 0 || y < 0 || x >= c.width || y >= c.height) continue;
            all++;
            if (inked((y * c.width + x) * 4)) k++;
          }
        return all ? k / all : 0;
      });
      return { coverage: n / (c.width * c.height), box, inBoxes, colours: seen.size };
    },
    { url, boxes },
  );
}

/** Parses the SVG in the page: its size, its texts with their boxes, what it is made of. */
export async function inspectSvg(page: Page, svg: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    const host = document.createElement('div');
    host.style.cssText = 'position:fixed;left:0;top:0';
    host.append(document.importNode(root, true));
    document.body.append(host);
    const live = host.firstElementChild as SVGSVGElement;
    const origin = live.getBoundingClientRect();
    const texts = [...live.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      return {
        text: t.textContent ?? '',
        box: { x: r.x - origin.x, y: r.y - origin.y, width: r.width, height: r.height },
      };
    });
    host.remove();
    return {
      parseErrors: doc.getElementsByTagName('parsererror').length,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      tags: [...new Set([...doc.getElementsByTagName('*')].map((e) => e.localName))],
      attributes: [
        ...new Set([...doc.getElementsByTagName('*')].flatMap((e) => e.getAttributeNames())),
      ],
      fonts: [
        ...new Set(
          [...doc.querySelectorAll('[font-family]')].map((e) => e.getAttribute('font-family')),
        ),
      ],
      texts,
    };
  }, svg);
}

export const dataUrl = (mime: string, data: Buffer | string) =>
  `data:${mime};base64,${Buffer.from(data).toString('base64')}`;
