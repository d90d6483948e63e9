import type { HypVa } from '../arch/types';
import { decodeDescriptor } from '../arch/lpae';
import { descriptor } from '../arch/types';
import type { Observer } from '../machine/physicalMemory';
import type { Access, FaultInfo, Walk } from '../trace/types';
import type { World } from '../trace/world';
import { HSCTLR_C, HSCTLR_M, HSCTLR_WXN, type CpuState, type TlbState } from '../machine/cpuState';
import { tlbFill, tlbLookup } from './tlb';
import { FSC, walk, type AccessType } from './walk';

export interface Translation {
  readonly access: Omit<Access, 'value'>;
  readonly tlb: TlbState;
  readonly fill: { index: number; evicted: import('../machine/cpuState').TlbEntry | null } | null;
}

/**
 * How the table walker reads memory. Whether a walk sees lines still dirty in the data cache
 * depends on the walk's cacheability and on whether the walker snoops the cache (facts §5c,
 * §7 #6); hypstep makes it one explicit scenario setting instead of a hidden rule: coherent
 * (the SMP kernel's own assumption for its tables) or the point of coherency.
 */
export function walkObserver(_cpu: CpuState, walkerCoherent: boolean): Observer {
  return walkerCoherent ? 'coherent' : 'poc';
}

/** A data access's view of memory: cacheable Normal memory with HSCTLR.C set sees the cache. */
function dataObserver(cpu: CpuState, desc: bigint | null): Observer {
  if ((cpu.hsctlr & HSCTLR_M) === 0 || (cpu.hsctlr & HSCTLR_C) === 0 || desc === null) return 'poc';
  const d = decodeDescriptor(descriptor(desc), 3);
  if (d.kind !== 'page') return 'poc';
  const idx = d.attrs.attrIndx;
  const byte = ((idx < 4 ? cpu.hmair0 : cpu.hmair1) >>> (8 * (idx % 4))) & 0xff;
  const inner = byte & 0x0f;
  const outer = byte >> 4;
  // 0x44 is normal non-cacheable; a zero outer nibble is device or strongly-ordered
  return outer !== 0 && outer !== 4 && inner !== 4 && inner !== 0 ? 'coherent' : 'poc';
}

function permissionFault(desc: bigint, type: AccessType, wxn: boolean): FaultInfo | null {
  const d = decodeDescriptor(descriptor(desc), 3);
  if (d.kind !== 'page') return null;
  const writable = !d.attrs.ap2ReadOnly;
  if (type === 'fetch' && (d.attrs.xn || (wxn && writable)))
    return { type: 'permission', level: 3, fsc: FSC.permission(3) };
  if (type === 'write' && !writable)
    return { type: 'permission', level: 3, fsc: FSC.permission(3) };
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
    const fault = permissionFault(e.desc, type, wxn);
    const pa = e.paPage + (va % 4096);
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
        observer: type === 'fetch' ? 'poc' : dataObserver(cpu, e.desc),
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
  const entry = {
    vaPage: Math.floor(va / 4096) * 4096,
    paPage: Math.floor(w.pa / 4096) * 4096,
    desc: w.attrs,
    httbr: cpu.httbr,
    filledAt: step,
  };
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
      observer: type === 'fetch' ? 'poc' : dataObserver(cpu, w.attrs),
    },
    tlb: f.tlb,
    fill: { index: f.index, evicted: f.evicted },
  };
}
