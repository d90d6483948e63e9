import { LinePool, VersionedMap, type ValueCodec } from '../util/versionedMap';

/*
 * Physical memory as two layers (hyp-init-facts.md §5c):
 *  - the point of coherency (DRAM), what a non-cacheable observer reads: the HYP CPU with its
 *    MMU or caches off, and a table walker that does not look in the data cache;
 *  - the data cache, modelled as the set of lines a PL1 write left dirty. A coherent observer
 *    (the kernel, a cacheable HYP access) sees a dirty line first, then the PoC.
 * Memory is sparse 64-byte lines (the Cortex-A15 cache line): a step that writes one
 * descriptor records one line, never a frame.
 */
export const LINE_SIZE = 64;
const WORDS_PER_LINE = LINE_SIZE / 4;

export type Line = Readonly<Uint32Array>;
export type Observer = 'coherent' | 'poc';

const ZERO_LINE: Line = new Uint32Array(WORDS_PER_LINE);

export class PhysicalMemory {
  /** Where both layers keep their line data (a pool, not an object per line version). */
  readonly lines = new LinePool();
  // the PoC never holds null: its codec is the same pool, seen as lines only
  readonly poc = new VersionedMap<number, Line>(this.lines as unknown as ValueCodec<Line>);
  // runs: a zeroed page is 64 lines written alike
  readonly dirty = new VersionedMap<number, Line | null>(this.lines, { runs: true });
  /** What a never-written line holds (the rest of the kernel image, for instance). */
  background: (lineNo: number) => Line | undefined = () => undefined;

  lineAt(lineNo: number, version: number, observer: Observer): Line {
    if (observer === 'coherent') {
      const d = this.dirty.get(lineNo, version);
      if (d) return d;
    }
    return this.poc.get(lineNo, version) ?? this.background(lineNo) ?? ZERO_LINE;
  }

  isDirty(lineNo: number, version: number): boolean {
    return !!this.dirty.get(lineNo, version);
  }

  read32(pa: number, version: number, observer: Observer): number {
    const line = this.lineAt(Math.floor(pa / LINE_SIZE), version, observer);
    return (line[(pa % LINE_SIZE) >>> 2] as number) >>> 0;
  }

  /** 64-bit little-endian read (an LPAE descriptor). */
  read64(pa: number, version: number, observer: Observer): bigint {
    const lo = this.read32(pa, version, observer);
    const hi = this.read32(pa + 4, version, observer);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A write through the data cache (write-allocate): the line becomes dirty. */
  cachedWrite32(pa: number, value: number, version: number): void {
    const lineNo = Math.floor(pa / LINE_SIZE);
    const next = new Uint32Array(this.lineAt(lineNo, version, 'coherent'));
    next[(pa % LINE_SIZE) >>> 2] = value >>> 0;
    this.dirty.set(lineNo, next, version);
  }

  cachedWrite64(pa: number, value: bigint, version: number): void {
    this.cachedWrite32(pa, Number(value & 0xffffffffn), version);
    this.cachedWrite32(pa + 4, Number((value >> 32n) & 0xffffffffn), version);
  }

  /** A write that bypasses the cache and lands at the PoC (caches off, or the boot loader). */
  uncachedWrite32(pa: number, value: number, version: number): void {
    const lineNo = Math.floor(pa / LINE_SIZE);
    const next = new Uint32Array(this.lineAt(lineNo, version, 'poc'));
    next[(pa % LINE_SIZE) >>> 2] = value >>> 0;
    this.poc.set(lineNo, next, version);
  }

  /** memset(0) of a whole page through the cache, as __GFP_ZERO and kzalloc do. */
  cachedZero(pa: number, length: number, version: number): void {
    const first = Math.floor(pa / LINE_SIZE);
    const last = Math.floor((pa + length - 1) / LINE_SIZE);
    for (let n = first; n <= last; n++) this.dirty.set(n, ZERO_LINE, version);
  }

  /**
   * Clean and invalidate [pa, pa+len) by line to the PoC (kvm_flush_dcache_to_poc, §2.2 3d).
   * Cleaning works on whole lines, so neighbours of the target in the same line go too.
   * Returns the line numbers that were dirty and are now at the PoC.
   */
  cleanToPoc(pa: number, length: number, version: number): number[] {
    const cleaned: number[] = [];
    const first = Math.floor(pa / LINE_SIZE);
    const last = Math.floor((pa + Math.max(length, 1) - 1) / LINE_SIZE);
    for (let n = first; n <= last; n++) {
      const d = this.dirty.get(n, version);
      if (d) {
        this.poc.set(n, d, version);
        this.dirty.set(n, null, version);
        cleaned.push(n);
      }
    }
    return cleaned;
  }
}
