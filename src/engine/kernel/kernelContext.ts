import { hex } from '../arch/hex';
import { decodeDescriptor, type Level } from '../arch/lpae';
import { descriptor } from '../arch/types';
import type { Config } from '../scenario/config';
import type { Layout } from '../scenario/layout';
import type { Listing } from '../source/listing';
import { sourceRef } from '../source/listing';
import type { Recorder } from '../trace/recorder';
import type { KernelVars, Phase, PgdName } from '../trace/types';
import type { PageOwner, World } from '../trace/world';
import {
  allocPage,
  allocPageObject,
  allocSlabObject,
  freePage,
  freePageObject,
  freeSlabObject,
  type AllocResult,
} from './allocator';

/**
 * What PL1 kernel code needs while it builds steps: the recorder, the world, and the
 * primitives every kernel action is made of (a cached store, get_page/put_page, a clean to
 * the PoC, an allocation), each of which records its change in the open step.
 */
export class KernelContext {
  phase: Phase = 'pl1-setup';
  cpu = 0;
  /** Findings on the way that the final outcome's detail must mention (a harmless stale hit). */
  readonly outcomeNotes: string[] = [];

  readonly rec: Recorder;
  readonly world: World;
  readonly config: Config;
  readonly layout: Layout;

  constructor(rec: Recorder, world: World, config: Config, layout: Layout) {
    this.rec = rec;
    this.world = world;
    this.config = config;
    this.layout = layout;
  }

  get v(): number {
    return this.rec.version;
  }

  get vars(): KernelVars {
    return this.rec.state.kernel;
  }

  /** Opens a PL1 step pointing at a line of a listing. */
  begin(l: Listing, tag: string, title: string, why: string): void {
    this.rec.begin({
      phase: this.phase,
      actor: 'PL1',
      cpu: this.cpu,
      title,
      why,
      source: sourceRef(l, tag),
    });
  }

  step(l: Listing, tag: string, title: string, why: string, body: () => void = () => {}): void {
    this.begin(l, tag, title, why);
    body();
    this.rec.commit();
  }

  setVars(
    patch: Partial<KernelVars>,
    describe: Partial<Record<keyof KernelVars, string>> = {},
  ): void {
    const before = this.vars;
    for (const key of Object.keys(patch) as (keyof KernelVars)[]) {
      const b = before[key];
      const a = patch[key];
      if (b === a) continue;
      this.rec.change({
        kind: 'kernel-var',
        name: describe[key] ?? key,
        before: fmtVar(b),
        after: fmtVar(a),
      });
    }
    this.rec.update((s) => ({ ...s, kernel: { ...s.kernel, ...patch } }));
  }

  /** Kernel variables that are link-time constants (no step shows them changing). */
  setVarsQuiet(patch: Partial<KernelVars>): void {
    this.rec.update((s) => ({ ...s, kernel: { ...s.kernel, ...patch } }));
  }

  message(level: 'info' | 'err', text: string): void {
    this.rec.change({
      kind: 'message',
      level,
      text: `kvm [${level === 'err' ? 'err' : 'info'}]: ${text}`,
    });
    this.rec.update((s) => ({
      ...s,
      kernel: { ...s.kernel, messages: [...s.kernel.messages, text] },
    }));
  }

  readDesc(paddr: number): bigint {
    return this.world.memory.read64(paddr, this.v, 'coherent');
  }

  /** A kernel store of a descriptor: it lands in the data cache, dirty. */
  writeDesc(paddr: number, value: bigint, level: Level, index: number, pgd: PgdName | null): void {
    const before = this.readDesc(paddr);
    this.world.memory.cachedWrite64(paddr, value, this.v);
    this.rec.change({ kind: 'descriptor', pgd, level, index, pa: paddr, before, after: value });
  }

  pageCount(paddr: number): number {
    return this.world.pageCount.get(Math.floor(paddr / 4096), this.v) ?? 0;
  }

  private setCount(paddr: number, n: number): void {
    const before = this.pageCount(paddr);
    this.world.pageCount.set(Math.floor(paddr / 4096), n, this.v);
    this.rec.change({ kind: 'refcount', pa: Math.floor(paddr / 4096) * 4096, before, after: n });
  }

  getPage(paddr: number): void {
    this.setCount(paddr, this.pageCount(paddr) + 1);
  }

  /** put_page: drops a reference; at zero the page goes back to the allocator. */
  putPage(paddr: number, what: string): void {
    const n = this.pageCount(paddr) - 1;
    this.setCount(paddr, n);
    if (n === 0) this.releasePage(Math.floor(paddr / 4096) * 4096, what);
  }

  private releasePage(paddr: number, what: string): void {
    this.rec.update((s) => ({ ...s, alloc: freePage(s.alloc, paddr) }));
    this.world.owners.set(paddr / 4096, { kind: 'free', label: 'free' }, this.v);
    this.rec.change({ kind: 'free', what, pa: paddr, size: 4096 });
  }

  /** An order-0 page; zeroed through the cache when `zero` (GFP_ZERO), counted for failAlloc. */
  allocPage(what: string, owner: PageOwner, zero: boolean): number | null {
    const r = allocPage(this.rec.state.alloc);
    return this.finishAlloc(r, what, owner, zero, 4096);
  }

  allocObject(what: string, size: number): number | null {
    const r = allocSlabObject(this.rec.state.alloc);
    const got = this.finishAlloc(r, what, null, true, size);
    return got;
  }

  private finishAlloc(
    r: AllocResult,
    what: string,
    owner: PageOwner | null,
    zero: boolean,
    size: number,
  ): number | null {
    this.rec.update((s) => ({ ...s, alloc: r.state }));
    if (!r.ok) {
      this.rec.change({ kind: 'alloc-failed', what, reason: r.reason });
      return null;
    }
    if (owner) {
      this.world.pageCount.set(r.pa / 4096, 1, this.v);
      this.world.owners.set(r.pa / 4096, owner, this.v);
    }
    if (zero) this.world.memory.cachedZero(r.pa, size, this.v);
    this.rec.change({ kind: 'alloc', what, pa: r.pa, size });
    return r.pa;
  }

  /** kmalloc(PAGE_SIZE): not zeroed. */
  kmallocPage(what: string, owner: PageOwner): number | null {
    const r = allocPageObject(this.rec.state.alloc);
    const got = this.finishAlloc(r, what, null, false, 4096);
    if (got !== null) this.world.owners.set(got / 4096, owner, this.v);
    return got;
  }

  /** kfree of a kmalloc(PAGE_SIZE) object (the bounce page): back to its slab. */
  kfreePage(paddr: number, what: string): void {
    this.rec.update((s) => ({ ...s, alloc: freePageObject(s.alloc, paddr) }));
    this.world.owners.set(
      paddr / 4096,
      { kind: 'slab', label: 'kmalloc-4096 (free object)' },
      this.v,
    );
    this.rec.change({ kind: 'free', what, pa: paddr, size: 4096 });
  }

  kfreeObject(paddr: number, what: string, size: number): void {
    this.rec.update((s) => ({ ...s, alloc: freeSlabObject(s.alloc, paddr) }));
    this.rec.change({ kind: 'free', what, pa: paddr, size });
  }

  /** kvm_flush_dcache_to_poc: clean+invalidate by line to the PoC. */
  cleanToPoc(paddr: number, length: number): number[] {
    const lines = this.world.memory.cleanToPoc(paddr, length, this.v);
    this.rec.change({ kind: 'cache-clean', pa: paddr, length, lines });
    return lines;
  }

  describeDesc(value: bigint, level: Level): string {
    const d = decodeDescriptor(descriptor(value), level);
    switch (d.kind) {
      case 'table':
        return `table -> ${hex(d.next)}`;
      case 'page':
        return `page -> ${hex(d.output)}`;
      case 'block':
        return `block -> ${hex(d.output)}`;
      case 'reserved':
        return 'reserved';
      case 'invalid':
        return 'invalid';
    }
  }
}

function fmtVar(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return hex(v);
  if (Array.isArray(v)) return '[' + v.map(fmtVar).join(', ') + ']';
  return String(v);
}
