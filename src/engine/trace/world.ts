import { PhysicalMemory } from '../machine/physicalMemory';
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
  readonly owners = new VersionedMap<number, PageOwner>();
  /** Code words placed by the simulator: address -> source line, for the source panel. */
  readonly codeAt = new Map<number, { listing: string; line: number }>();
}
