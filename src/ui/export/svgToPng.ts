// Chromium's canvas limits; past them toBlob() just yields null, which explains nothing.
const MAX_SIDE = 32_767;
const MAX_AREA = 268_435_456;

/** Renders an SVG document to a PNG at `scale` (2x for slides), all in the page: no network. */
export async function svgToPng(
  svg: string,
  width: number,
  height: number,
  scale = 2,
): Promise<Blob> {
  if (!(width > 0 && height > 0 && scale > 0) || ![width, height, scale].every(Number.isFinite))
    throw new Error(`svgToPng: bad size ${width}×${height} at scale ${scale}`);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  if (w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_AREA)
    throw new Error(
      `svgToPng: a ${w}×${h} PNG is larger than the browser can draw; export a smaller part or a lower scale`,
    );

  const img = new Image();
  img.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () =>
      reject(
        new Error('svgToPng: the browser could not load the SVG as an image (is it valid SVG?)'),
      );
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;

  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('svgToPng: this browser has no 2D canvas');
  try {
    ctx.drawImage(img, 0, 0, w, h);
  } catch (e) {
    throw new Error(
      `svgToPng: could not draw the SVG: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    );
  }
  return new Promise<Blob>((resolve, reject) => {
    try {
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error(`svgToPng: the browser gave no ${w}×${h} PNG`))),
        'image/png',
      );
    } catch (e) {
      // a tainted canvas throws here rather than calling back
      reject(
        new Error(
          `svgToPng: could not encode the PNG: ${e instanceof Error ? e.message : String(e)}`,
          {
            cause: e,
          },
        ),
      );
    }
  });
}
