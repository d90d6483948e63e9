import { decodeDescriptor, splitVa, type Level } from '../arch/lpae';
import { descriptor, type HypVa } from '../arch/types';
import type { Observer } from '../machine/physicalMemory';
import type { FaultInfo, Walk, WalkLevel } from '../trace/types';
import type { World } from '../trace/world';

/** Long-descriptor fault status codes (hyp-init-facts.md §7 conventions). */
export const FSC = {
  translation: (level: number) => 0x04 + level, // 0x05/0x06/0x07
  accessFlag: (level: number) => 0x08 + level, // 0x09-0x0b
  permission: (level: number) => 0x0c + level, // 0x0d-0x0f
  external: 0x10,
  alignment: 0x21,
} as const;

export type AccessType = 'fetch' | 'read' | 'write';

/**
 * A stage-1 walk of the HYP regime from `ttbr` (T0SZ = 0: start at level 1, facts §1.1),
 * reading descriptors as `observer` sees memory. Checks the access flag and, for the access
 * type, XN / XNTable / AP[2] / WXN; reports the first fault with its level and code.
 */
export function walk(
  world: World,
  version: number,
  ttbr: number,
  va: HypVa,
  observer: Observer,
  access: AccessType | null,
  wxn = false,
): Walk {
  const s = splitVa(va);
  const levels: WalkLevel[] = [];
  let table = ttbr - (ttbr % 32);
  let xnTable = false;
  const fault = (f: FaultInfo): Walk => ({
    va,
    ttbr,
    levels,
    pa: null,
    fault: f,
    attrs: null,
    observer,
  });
  for (const level of [1, 2, 3] as Level[]) {
    const index = level === 1 ? s.l1 : level === 2 ? s.l2 : s.l3;
    const descAddr = table + index * 8;
    const raw = world.memory.read64(descAddr, version, observer);
    const d = decodeDescriptor(descriptor(raw), level);
    levels.push({ level, index, tableAddr: table, descAddr, desc: raw, kind: d.kind });
    if (d.kind === 'invalid' || d.kind === 'reserved')
      return fault({ type: 'translation', level, fsc: FSC.translation(level) });
    if (d.kind === 'table') {
      xnTable = xnTable || d.xnTable;
      table = d.next;
      continue;
    }
    const size = level === 1 ? 2 ** 30 : level === 2 ? 2 ** 21 : 4096;
    const out = d.output + (va % size);
    if (!d.attrs.af) return fault({ type: 'access-flag', level, fsc: FSC.accessFlag(level) });
    const writable = !d.attrs.ap2ReadOnly;
    if (access === 'fetch' && (d.attrs.xn || xnTable || (wxn && writable)))
      return fault({ type: 'permission', level, fsc: FSC.permission(level) });
    if (access === 'write' && !writable)
      return fault({ type: 'permission', level, fsc: FSC.permission(level) });
    return { va, ttbr, levels, pa: out, fault: null, attrs: raw, observer };
  }
  throw new Error('unreachable: level 3 always ends the walk');
}
