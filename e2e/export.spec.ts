import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { findPreset, presetConfig } from '../src/engine/scenario/presets';
import { simulate } from '../src/engine/simulate';
import {
  dataUrl,
  download,
  inspectSvg,
  measureInk,
  pngSize,
  PNG_SIGNATURE,
  rsvgRender,
} from './exportHelpers';
import { expect, test } from './fixtures';

const PLAIN: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'Page tables',
    'page-tables',
    ['Page tables', 'Boot PGD', 'Runtime PGD', '◀ HTTBR', 'trampoline page', '[0x1f0]'],
  ],
  ['Address space', 'address-space', ['Address space', 'physical memory', 'HYP text']],
];

for (const [what, slug, texts] of PLAIN) {
  test(`${what} export as plain SVG that librsvg draws as Chromium does`, async ({
    app,
    page,
    context,
  }) => {
    await app.open('?preset=dual-step&step=170');
    const { file, name } = await download(page, what, 'Download SVG');
    expect(name).toBe(`hypstep-dual-step-step170-${slug}.svg`);
    const svg = file.toString('utf8');
    const info = await inspectSvg(page, svg);
    expect(info.parseErrors).toBe(0);
    // plain: shapes and text, no HTML, no stylesheet, no class hooks into the app's CSS
    expect(info.tags).toContain('text');
    for (const banned of ['foreignObject', 'style', 'image', 'script'])
      expect(info.tags).not.toContain(banned);
    expect(info.attributes).not.toContain('class');
    expect(info.attributes).not.toContain('style');
    for (const f of info.fonts) expect(f).toMatch(/, (sans-serif|monospace|serif)$/);
    for (const f of info.fonts) expect(f).not.toMatch(/system-ui|ui-monospace/);
    const shown = info.texts.map((t) => t.text);
    for (const t of texts)
      expect(
        shown.some((s) => s.includes(t)),
        t,
      ).toBe(true);
    // the tab buttons are not part of a panel export
    expect(shown.join(' ')).not.toContain('Address inspector');
    // no text is cut by the figure's edges, the heading included
    for (const t of info.texts) {
      expect(t.box.x, t.text).toBeGreaterThanOrEqual(0);
      expect(t.box.y, t.text).toBeGreaterThanOrEqual(0);
      expect(t.box.x + t.box.width, t.text).toBeLessThanOrEqual(info.width);
      expect(t.box.y + t.box.height, t.text).toBeLessThanOrEqual(info.height);
    }

    const rsvg = rsvgRender(svg);
    expect(pngSize(rsvg)).toEqual({ width: info.width, height: info.height });

    // the same picture: ink in the same places, with the key texts where Chromium puts them
    const keyBoxes = info.texts.filter((t) => texts.some((k) => t.text.includes(k)));
    const blank = await context.newPage();
    const boxes = keyBoxes.map((t) => t.box);
    const chromium = await measureInk(blank, dataUrl('image/svg+xml', svg), boxes);
    const librsvg = await measureInk(blank, dataUrl('image/png', rsvg), boxes);
    await blank.close();
    expect(chromium.coverage).toBeGreaterThan(0.02);
    expect(librsvg.coverage / chromium.coverage).toBeGreaterThan(0.75);
    expect(librsvg.coverage / chromium.coverage).toBeLessThan(1.33);
    for (const k of ['x0', 'y0', 'x1', 'y1'] as const)
      expect(Math.abs(librsvg.box[k] - chromium.box[k]), k).toBeLessThanOrEqual(8);
    keyBoxes.forEach((t, i) => {
      const a = chromium.inBoxes[i]!;
      const b = librsvg.inBoxes[i]!;
      expect(a, `${t.text} in Chromium`).toBeGreaterThan(0.03);
      expect(b, `${t.text} in librsvg`).toBeGreaterThan(0.03);
      expect(b / a, `${t.text}: librsvg vs Chromium ink`).toBeGreaterThan(0.4);
      expect(b / a, `${t.text}: librsvg vs Chromium ink`).toBeLessThan(2.5);
    });
  });
}

test('page tables PNG is the plain SVG drawn at 2x, in the dark theme too', async ({
  app,
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open('?preset=no-flush&step=30');
  const svg = await download(page, 'Page tables', 'Download SVG');
  const info = await inspectSvg(page, svg.file.toString('utf8'));
  const png = await download(page, 'Page tables', 'Download PNG');
  expect(png.name).toBe('hypstep-no-flush-step30-page-tables.png');
  expect(pngSize(png.file)).toEqual({ width: 2 * info.width, height: 2 * info.height });
  const ink = await measureInk(page, dataUrl('image/png', png.file));
  expect(ink.colours).toBeGreaterThan(8);
  // a dark background: the corner pixel is dark, the text light
  const corner = await page.evaluate(
    async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      c.getContext('2d')!.drawImage(img, 0, 0);
      return [...c.getContext('2d')!.getImageData(0, 0, 1, 1).data];
    },
    dataUrl('image/png', png.file),
  );
  expect(corner[0]! + corner[1]! + corner[2]!).toBeLessThan(3 * 80);
});

test('an HTML panel exports whole: no scrollbar, nothing scrolled away, heading intact', async ({
  app,
  page,
}) => {
  await app.open('?preset=dual-step&step=170');
  const source = page.getByRole('region', { name: /^Source/ });
  const live = await source.evaluate((el) => {
    const body = el.querySelector('.panel-body')!;
    const head = el.querySelector('.panel-head')!;
    return {
      width: el.getBoundingClientRect().width,
      height: el.getBoundingClientRect().height,
      full: head.getBoundingClientRect().height + body.scrollHeight + 2,
      scrolls: body.scrollHeight > body.clientHeight,
    };
  });
  expect(live.scrolls).toBe(true); // at 1280x720 the listing scrolls on screen
  const png = await download(page, 'Source', 'Download PNG');
  const size = pngSize(png.file);
  expect(Math.abs(size.width - 2 * live.width)).toBeLessThanOrEqual(4);
  expect(size.height).toBeGreaterThan(2 * live.height + 100);
  expect(Math.abs(size.height - 2 * live.full)).toBeLessThanOrEqual(8);
  const svg = await download(page, 'Source', 'Download SVG');
  const text = svg.file.toString('utf8');
  expect(text).toContain('__kvm_hyp_init_end');
  expect(text).toContain('Source');
});

test('a panel heading cut on screen is whole in the export', async ({ app, page, context }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open('?preset=stale-tlb&step=247');
  const h2 = page.getByRole('region', { name: /^Source/ }).locator('h2');
  const onScreen = await h2.evaluate((e) => ({
    cut: e.scrollWidth > e.clientWidth,
    text: e.textContent ?? '',
  }));
  expect(onScreen.cut).toBe(true); // the premise: 1024 px is too narrow for this heading
  const svg = await download(page, 'Source', 'Download SVG');
  // the exported HTML, drawn inline in a page of its own: its heading fits its box
  const blank = await context.newPage();
  await blank.setContent('<body style="margin:0"></body>');
  const exported = await blank.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    document.body.append(document.importNode(doc.documentElement, true));
    const h = document.querySelector('h2')!;
    return { text: h.textContent ?? '', fits: h.scrollWidth <= h.clientWidth };
  }, svg.file.toString('utf8'));
  await blank.close();
  expect(exported.text).toBe(onScreen.text);
  expect(exported.fits).toBe(true);
});

for (const [what, locate] of [
  ['Whole view', '[data-testid="app-root"]'],
  ['CPU', 'section[data-panel="CPU"]'],
] as const) {
  test(`export ${what} as SVG and as PNG at 2x`, async ({ app, page }) => {
    await app.open('?preset=dual-step&step=170');
    const box = (await page.locator(locate).boundingBox())!;
    const svg = await download(page, what, 'Download SVG');
    expect(svg.name).toMatch(/^hypstep-dual-step-step170-[a-z-]+\.svg$/);
    const info = await inspectSvg(page, svg.file.toString('utf8'));
    expect(info.parseErrors).toBe(0);
    expect(Math.abs(info.width - box.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(info.height - box.height)).toBeLessThanOrEqual(2);
    expect(svg.file.toString('utf8')).toContain('HTTBR');

    const png = await download(page, what, 'Download PNG');
    expect([...png.file.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const size = pngSize(png.file);
    expect(Math.abs(size.width - 2 * box.width)).toBeLessThanOrEqual(4);
    expect(Math.abs(size.height - 2 * box.height)).toBeLessThanOrEqual(4);
    const ink = await measureInk(page, dataUrl('image/png', png.file));
    expect(ink.colours).toBeGreaterThan(2);
    expect(ink.coverage).toBeGreaterThan(0.01);
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

test('export key moments: one numbered PNG and SVG slide per moment in one zip', async ({
  app,
  page,
}) => {
  test.setTimeout(180_000);
  const moments = simulate(presetConfig(findPreset('dual-step')!)).moments;
  expect(moments.length).toBeGreaterThan(3);
  await app.open('?preset=dual-step&step=100');
  const { file, name } = await download(page, null, 'Export key moments');
  expect(name).toBe('hypstep-dual-step-key-moments.zip');
  const files = unzipSync(new Uint8Array(file));
  const names = Object.keys(files).sort();
  const slide = /^(\d{2})-step(\d{4})-[a-z0-9-]+\.(png|svg)$/;
  const pngs = names.filter((n) => n.endsWith('.png'));
  const svgs = names.filter((n) => n.endsWith('.svg'));
  expect(pngs).toHaveLength(moments.length);
  expect(svgs).toHaveLength(moments.length);
  expect(names).toContain('moments.txt');
  pngs.forEach((n, i) => {
    const m = slide.exec(n);
    expect(m, n).not.toBeNull();
    expect(Number(m![1])).toBe(i + 1);
    expect(Number(m![2])).toBe(moments[i]!.step);
    // a 1280x720 view makes 1080p slides
    expect(pngSize(files[n]!)).toEqual({ width: 1920, height: 1080 });
  });
  // each slide shows its own step: no two alike
  expect(new Set(pngs.map((n) => Buffer.from(files[n]!).toString('base64'))).size).toBe(
    pngs.length,
  );
  for (const [i, n] of svgs.entries()) {
    const text = new TextDecoder().decode(files[n]);
    expect(text).toContain('<text');
    expect(text).not.toContain('foreignObject');
    expect(text).toContain(moments[i]!.label);
  }
  // one slide through librsvg, as a deck tool would open it
  const first = new TextDecoder().decode(files[svgs[0]!]);
  const info = await inspectSvg(page, first);
  expect(pngSize(rsvgRender(first))).toEqual({ width: info.width, height: info.height });
  // the view is back where it was
  await expect(app.counter).toHaveText(/^Step 100 of \d+$/);
});

test('export works offline from the single file, under its stricter CSP', async ({ app, page }) => {
  // written by `npm run build:single`, which `npm run test:e2e` runs first
  const single = resolve('dist-single/index.html');
  expect(existsSync(single), 'run npm run build:single first').toBe(true);
  await page.goto(pathToFileURL(single).href + '?preset=dual-step&step=170');
  await expect(app.counter).toHaveText(/^Step 170 of \d+$/);
  const svg = await download(page, 'Page tables', 'Download SVG');
  const info = await inspectSvg(page, svg.file.toString('utf8'));
  expect(info.texts.some((t) => t.text.includes('Boot PGD'))).toBe(true);
  const png = await download(page, 'Whole view', 'Download PNG');
  expect(pngSize(png.file)).toEqual({ width: 2560, height: 1440 });
  // a CSP refusal would be a console error, which the app fixture turns into a failure
});
