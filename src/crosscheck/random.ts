/** mulberry32: a small seeded generator, so every crosscheck run picks the same VAs and layouts. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function randomInt(rand: () => number, lo: number, hiExclusive: number): number {
  return lo + Math.floor(rand() * (hiExclusive - lo));
}
