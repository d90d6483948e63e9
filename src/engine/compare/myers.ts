/*
 * Longest common subsequence of two int sequences by Myers' O((N+M)D) greedy diff, after
 * trimming the common prefix and suffix: near-linear when two traces mostly agree. When the
 * edit distance passes a budget (two unrelated streams), the middle falls back to a windowed
 * greedy matcher that stays linear but may miss some matches.
 */

/** Matched index pairs, in order, 0-based. */
type Matches = Array<[number, number]>;

/** The matches as two parallel arrays (left[k] matches right[k]): no object per match. */
export interface MatchList {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly length: number;
}

/** Edit distance beyond which the exact search gives way to the greedy fallback. */
const MAX_D = 4000;
/**
 * Snake steps the exact search may take before giving up: periodic streams (set-pte, clean,
 * set-pte, ...) have long snakes on many diagonals, which would cost O((N+M)·D).
 */
const MAX_WORK = 40_000_000;
/** How far ahead the fallback looks on each side to resynchronise. */
const WINDOW = 64;

export function lcsMatches(a: Int32Array, b: Int32Array): MatchList {
  let lo = 0;
  const n = a.length;
  const m = b.length;
  while (lo < n && lo < m && a[lo] === b[lo]) lo++;
  let endA = n;
  let endB = m;
  while (endA > lo && endB > lo && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const mid = myers(a, lo, endA, b, lo, endB) ?? greedy(a, lo, endA, b, lo, endB);
  const length = lo + mid.length + (n - endA);
  const left = new Int32Array(length);
  const right = new Int32Array(length);
  let k = 0;
  for (; k < lo; k++) left[k] = right[k] = k;
  for (const [i, j] of mid) {
    left[k] = i;
    right[k++] = j;
  }
  for (let i = endA, j = endB; i < n; i++, j++) {
    left[k] = i;
    right[k++] = j;
  }
  return { left, right, length };
}

/** Myers' forward greedy search, keeping each round's frontier for the backtrack. */
function myers(
  a: Int32Array,
  a0: number,
  a1: number,
  b: Int32Array,
  b0: number,
  b1: number,
): Matches | null {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0) return [];
  const max = Math.min(n + m, MAX_D);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const history: Int32Array[] = [];
  let found = -1;
  let work = 0;
  for (let d = 0; d <= max && found < 0; d++) {
    if (work > MAX_WORK) return null;
    history.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      const x0 = x;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      work += x - x0 + 1;
      v[offset + k] = x; // in place: round d reads only the other parity
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;
  // backtrack: history[d] holds the frontier before round d, indexed from k = -d-1
  const matches: Matches = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = history[d]!;
    const at = (k: number) => prev[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    const sx = down ? px : px + 1;
    const sy = sx - k;
    while (x > sx && y > sy) matches.push([a0 + --x, b0 + --y]);
    x = px;
    y = py;
  }
  while (x > 0 && y > 0) matches.push([a0 + --x, b0 + --y]);
  return matches.reverse();
}

/** Linear fallback: match equal heads; otherwise skip to the nearest resynchronisation point. */
function greedy(
  a: Int32Array,
  a0: number,
  a1: number,
  b: Int32Array,
  b0: number,
  b1: number,
): Matches {
  const out: Matches = [];
  let i = a0;
  let j = b0;
  while (i < a1 && j < b1) {
    if (a[i] === b[j]) {
      out.push([i++, j++]);
      continue;
    }
    let best: [number, number] | null = null;
    for (let s = 1; s <= 2 * WINDOW && !best; s++)
      for (let x = 0; x <= s; x++) {
        const ii = i + x;
        const jj = j + s - x;
        if (ii < a1 && jj < b1 && a[ii] === b[jj]) {
          best = [ii, jj];
          break;
        }
      }
    if (!best) {
      i++;
      j++;
      continue;
    }
    i = best[0];
    j = best[1];
  }
  return out;
}
