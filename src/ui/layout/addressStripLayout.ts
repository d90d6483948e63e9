import { scaleLinear } from 'd3';

/*
 * A 4 GiB axis on which a 4 KiB page must stay visible next to 1 GiB of RAM: a polylinear d3
 * scale whose segments get widths growing with the log of their size, not with their size.
 */
export interface Region {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly kind: string;
}

export interface PlacedRegion extends Region {
  readonly x0: number;
  readonly x1: number;
}

export interface StripScale {
  (addr: number): number;
}

const SPACE = 2 ** 32;

export function makeStripScale(regions: readonly Region[], width: number): StripScale {
  const breaks = [...new Set([0, SPACE, ...regions.flatMap((r) => [r.start, r.end])])]
    .filter((b) => b >= 0 && b <= SPACE)
    .sort((a, b) => a - b);
  const inside = (a: number, b: number) => regions.some((r) => r.start <= a && r.end >= b);
  const weights = breaks.slice(1).map((b, i) => {
    const size = b - breaks[i]!;
    const w = Math.log2(Math.max(size, 4096) / 4096) + 4;
    return inside(breaks[i]!, b) ? w * 1.6 : w * 0.5;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const range = [0];
  for (const w of weights) range.push(range[range.length - 1]! + (w / sum) * width);
  const s = scaleLinear().domain(breaks).range(range).clamp(true);
  return (addr: number) => s(addr);
}

export function placeRegions(regions: readonly Region[], scale: StripScale): PlacedRegion[] {
  return regions.map((r) => ({ ...r, x0: scale(r.start), x1: scale(r.end) }));
}
