import { PhysicalMemory, type Line } from '../machine/physicalMemory';
import type { Layout } from '../scenario/layout';
import { VersionedMap } from '../util/versionedMap';

/** What a physical page is used for, for people (the address strip, ptdump). */
export interface PageOwner {
  readonly kind: 'kernel-text' | 'slab' | 'l2-table' | 'l3-table' | 'bounce' | 'hyp-stack' | 'free';
  readonly label: string;
}

/**
 * Everything versioned that the whole trace shares: memory, page refcounts and page owners.
 * A step's MachineState.version selects what that step sees.
 */
export class World {
  readonly memory = new PhysicalMemory();
  /** page_count per page frame number. */
  readonly pageCount = new VersionedMap<number, number>();
  /** Runs: the kernel text's hundreds of pages share one owner, written at boot. */
  readonly owners = new VersionedMap<number, PageOwner>(null, { runs: true });
  /** Code words placed by the simulator: address -> source line, for the source panel. */
  readonly codeAt = new Map<number, { listing: string; line: number }>();
}

/** udf #0: stands in for the kernel text the simulator does not model. */
const UNMODELLED_TEXT = new Uint32Array(16).fill(0xe7f000f0);

/**
 * What never-written memory holds: udf words over the kernel text, and over the kmalloc-4096
 * slab, which was used before (what its free objects hold at the PoC is stale data; on
 * hardware, unpredictable). Derived from the layout alone, so a trace moved to another thread
 * rebuilds it there (a function does not survive structured cloning).
 */
export function unmodelledBackground(layout: Layout): (lineNo: number) => Line | undefined {
  const first = layout.kernelStart / 64;
  const last = layout.kernelTextEnd / 64;
  const slabFirst = layout.slab4kPa / 64;
  const slabLast = slabFirst + (8 * 4096) / 64;
  return (line) =>
    (line >= first && line < last) || (line >= slabFirst && line < slabLast)
      ? UNMODELLED_TEXT
      : undefined;
}
