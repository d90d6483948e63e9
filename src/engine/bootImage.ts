import type { CodeInfo } from './cpu/hypRun';
import type { Assembled } from './cpu/program/assembler';
import { virtToPhys, type Layout } from './scenario/layout';
import { listing } from './source/listing';
import { unmodelledBackground, type PageOwner, type World } from './trace/world';

/*
 * What sits in memory before KVM starts: the kernel image (the hyp stub, the HYP runtime code,
 * the init code) and the slabs, plus how an address of that code maps back to its source line.
 */

export const UNKNOWN_CODE = listing(
  'unknown',
  '(memory)',
  'not the intended code',
  `
word|(bytes the init path never meant to run: other kernel text, stale memory, or another page)
  The simulator fills kernel text it does not model with udf #0 (permanently undefined);
  on hardware these bytes are other code, and what they do is unpredictable.
`,
);

export interface Program {
  readonly init: Assembled;
  readonly stub: Assembled;
  readonly hyp: Assembled;
}

export function loadImage(world: World, layout: Layout, p: Program): void {
  const mem = world.memory;
  mem.background = unmodelledBackground(layout);
  for (const a of [p.stub, p.hyp, p.init]) {
    const pa0 = a === p.hyp ? virtToPhys(layout, a.base) : a.base;
    for (const [addr, word] of a.words) mem.uncachedWrite32(pa0 + (addr - a.base), word, 0);
  }
  // one owner object for every page of the text: the owners map keeps them as one range
  const text: PageOwner = { kind: 'kernel-text', label: 'kernel text' };
  for (let page = Math.floor(layout.kernelStart / 4096); page < layout.kernelTextEnd / 4096; page++)
    world.owners.set(page, text, 0);
  world.owners.set(
    layout.slabPagePa / 4096,
    { kind: 'slab', label: 'kmalloc-64 slab (PGDs live here)' },
    0,
  );
  world.pageCount.set(layout.slabPagePa / 4096, 1, 0);
  for (let i = 0; i < 8; i++)
    world.owners.set(layout.slab4kPa / 4096 + i, { kind: 'slab', label: 'kmalloc-4096 slab' }, 0);
}

export function codeInfoFrom(a: Assembled, offset: number): (addr: number) => CodeInfo | undefined {
  return (addr) => {
    const at = addr - offset;
    const line = a.lineAt.get(at);
    if (line === undefined) return undefined;
    const text = a.listing.lines[line]!.text;
    const comment = /@\s*(.*)$/.exec(text)?.[1];
    return {
      source: {
        file: a.listing.file,
        func: a.listing.func,
        listing: a.listing.id,
        line,
        text: text.trim(),
      },
      why:
        a.whyAt.get(at) ??
        (comment
          ? `${comment[0]!.toUpperCase()}${comment.slice(1)}.`
          : `Part of ${a.regionAt.get(at) ?? a.listing.func}.`),
      region: a.regionAt.get(at) ?? '',
    };
  };
}
