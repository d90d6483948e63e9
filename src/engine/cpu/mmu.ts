import type { HypVa } from '../arch/types';
import { decodeDescriptor, type Level } from '../arch/lpae';
import { descriptor } from '../arch/types';
import type { Observer } from '../machine/physicalMemory';
import type { Access, FaultInfo, Walk } from '../trace/types';
import type { World } from '../trace/world';
import {
  HSCTLR_C,
  HSCTLR_M,
  HSCTLR_WXN,
  type CpuState,
  type TlbEntry,
  type TlbState,
} from '../machine/cpuState';
import { tlbEntryFromWalk, tlbEntryPa, tlbFill, tlbLookup } from './tlb';
import { FSC, walk, type AccessType } from './walk';

export interface Translation {
  readonly access: Omit<Access, 'value'>;
  readonly tlb: TlbState;
  readonly fill: { index: number; evicted: TlbEntry | null } | null;
}

/** HTCR.IRGN0 (bits 9:8): inner cacheability of stage-1 HYP walks; 0b00 is non-cacheable. */
export function htcrWalksCacheable(htcr: number): boolean {
  return ((htcr >>> 8) & 0b11) !== 0;
}

const CACHEABILITY = ['non-cacheable', 'write-back write-allocate', 'write-through', 'write-back'];
const SHAREABILITY = ['non-shareable', 'UNPREDICTABLE', 'outer shareable', 'inner shareable'];

/** HTCR's walk attributes in words, e.g. "IRGN0/ORGN0 write-back write-allocate, SH0 inner shareable". */
export function describeHtcrWalks(htcr: number): string {
  const irgn = CACHEABILITY[(htcr >>> 8) & 3]!;
  const orgn = CACHEABILITY[(htcr >>> 10) & 3]!;
  const sh = SHAREABILITY[(htcr >>> 12) & 3]!;
  return `${irgn === orgn ? `IRGN0/ORGN0 ${irgn}` : `IRGN0 ${irgn}, ORGN0 ${orgn}`}, SH0 ${sh}`;
}

/**
 * How the table walker reads memory (facts §5c, §7 #6). A walk is cacheable when HSCTLR.C is
 * set and HTCR makes walks inner cacheable (phase 1 copies the kernel's 0x35: write-back,
 * inner shareable). A cacheable walk on a walker that looks into the data cache (the Cortex-A15:
 * "MP extensions imply L1 PTW") sees the kernel's dirty lines; any other walk reads the point of
 * coherency. Whether the walker looks into the cache is the one explicit scenario setting.
 */
export function walkObserver(cpu: CpuState, walkerCoherent: boolean): Observer {
  const cacheable = (cpu.hsctlr & HSCTLR_C) !== 0 && htcrWalksCacheable(cpu.htcr);
  return walkerCoherent && cacheable ? 'coherent' : 'poc';
}

/**
 * A data access's view of memory: cacheable Normal memory with HSCTLR.C set sees the cache.
 * `desc` is the page or block descriptor at `level` that gave the translation.
 */
function dataObserver(cpu: CpuState, desc: bigint, level: Level): Observer {
  if ((cpu.hsctlr & HSCTLR_M) === 0 || (cpu.hsctlr & HSCTLR_C) === 0) return 'poc';
  const d = decodeDescriptor(descriptor(desc), level);
  if (d.kind !== 'page' && d.kind !== 'block') return 'poc';
  const idx = d.attrs.attrIndx;
  const byte = ((idx < 4 ? cpu.hmair0 : cpu.hmair1) >>> (8 * (idx % 4))) & 0xff;
  const inner = byte & 0x0f;
  const outer = byte >> 4;
  // 0x44 is normal non-cacheable; a zero outer nibble is device or strongly-ordered
  return outer !== 0 && outer !== 4 && inner !== 4 && inner !== 0 ? 'coherent' : 'poc';
}

/**
 * The permission check of an access that hits the TLB: the walk's rules (AP[2] for writes; XN,
 * XNTable and WXN for fetches) on what the entry cached, reported at the level of the
 * descriptor the entry came from (a 2 MiB block faults with FSC 0x0e, a page with 0x0f).
 */
function hitPermissionFault(e: TlbEntry, type: AccessType, wxn: boolean): FaultInfo | null {
  const d = decodeDescriptor(descriptor(e.desc), e.level);
  const fault: FaultInfo = { type: 'permission', level: e.level, fsc: FSC.permission(e.level) };
  // only a page or block descriptor ever fills an entry; anything else grants nothing
  if (d.kind !== 'page' && d.kind !== 'block') return fault;
  const writable = !d.attrs.ap2ReadOnly;
  if (type === 'fetch' && (d.attrs.xn || e.xnTable || (wxn && writable))) return fault;
  if (type === 'write' && !writable) return fault;
  return null;
}

/**
 * Translates one HYP access. With HSCTLR.M clear the address is flat and the access is
 * non-cacheable. With M set: the TLB first, then a walk from HTTBR that fills the TLB.
 * Instruction fetches read the PoC (the I-side does not see dirty D-cache lines).
 */
export function translate(
  world: World,
  version: number,
  cpu: CpuState,
  va: number,
  type: AccessType,
  walkerCoherent: boolean,
  step: number,
): Translation {
  if ((cpu.hsctlr & HSCTLR_M) === 0) {
    return {
      access: {
        type,
        va,
        mmu: false,
        tlb: 'off',
        tlbIndex: null,
        tlbEntry: null,
        walk: null,
        pa: va,
        fault: null,
        observer: 'poc',
      },
      tlb: cpu.tlb,
      fill: null,
    };
  }
  const wxn = (cpu.hsctlr & HSCTLR_WXN) !== 0;
  const hit = tlbLookup(cpu.tlb, va);
  if (hit >= 0) {
    const e = cpu.tlb.entries[hit]!;
    const fault = hitPermissionFault(e, type, wxn);
    const pa = tlbEntryPa(e, va);
    return {
      access: {
        type,
        va,
        mmu: true,
        tlb: 'hit',
        tlbIndex: hit,
        tlbEntry: e,
        walk: null,
        pa: fault ? null : pa,
        fault,
        observer: type === 'fetch' ? 'poc' : dataObserver(cpu, e.desc, e.level),
      },
      tlb: cpu.tlb,
      fill: null,
    };
  }
  const w: Walk = walk(
    world,
    version,
    cpu.httbr,
    va as HypVa,
    walkObserver(cpu, walkerCoherent),
    type,
    wxn,
  );
  if (w.pa === null || w.attrs === null) {
    return {
      access: {
        type,
        va,
        mmu: true,
        tlb: 'miss',
        tlbIndex: null,
        tlbEntry: null,
        walk: w,
        pa: null,
        fault: w.fault,
        observer: w.observer,
      },
      tlb: cpu.tlb,
      fill: null,
    };
  }
  // a faulting walk returned above, so an AF = 0 descriptor never enters the TLB (the model also
  // fills nothing on a permission fault, as before)
  const entry = tlbEntryFromWalk(w, step);
  const f = tlbFill(cpu.tlb, entry);
  return {
    access: {
      type,
      va,
      mmu: true,
      tlb: 'miss',
      tlbIndex: f.index,
      tlbEntry: entry,
      walk: w,
      pa: w.pa,
      fault: null,
      observer: type === 'fetch' ? 'poc' : dataObserver(cpu, entry.desc, entry.level),
    },
    tlb: f.tlb,
    fill: { index: f.index, evicted: f.evicted },
  };
}
