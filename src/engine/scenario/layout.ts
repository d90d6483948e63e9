import type { Config } from './config';

/*
 * Where things are in the modelled kernel, derived from a config: the v3.10 ARM memory map
 * (PHYS_OFFSET, lowmem, vmalloc) and the symbols of a vexpress-like vmlinux that the init
 * path touches. Offsets inside the image are the simulator's own plausible System.map, not a
 * real one; every address that matters to the facts (idmap, PGDs, trampoline) comes from the
 * config or from the allocator.
 */
const MB = 0x100000;
export const VMALLOC_OFFSET = 8 * MB; // arch/arm: guard gap between lowmem and vmalloc
export const VMALLOC_END = 0xff000000; // facts §4.6
const DEFAULT_VMALLOC_SIZE = 240 * MB; // the kernel's default vmalloc= reservation

/** Offset of the hyp stub (arch/arm/kernel/hyp-stub.S) from _text. */
export const HYP_STUB_OFFSET = 0xa180;
/** Offset of __kvm_hyp_code_start (arch/arm/kvm/interrupts.S) from _text. */
export const HYP_CODE_OFFSET = 0x2d0a40;
/** Bytes from __kvm_hyp_code_start to __kvm_hyp_code_end. */
export const HYP_CODE_LENGTH = 0x1540;
/** .data and .bss after the text, before the first free page (_end). */
const KERNEL_DATA_SIZE = 0x60000;
/** Offset of the kmalloc-64 slab page that serves the two 32-byte PGDs, after _end. */
const SLAB_PAGE_GAP = 0x3000;
/** The allocator's pool starts after the two slabs (1 + 8 pages). */
const POOL_OFFSET = 0x9000;
/** The least memory the page allocator needs for every scenario's tables and stacks. */
export const MIN_POOL = 0x100000;
/** Where .data/.bss go when the image sits at the top of lowmem (see computeLayout). */
const LOW_DATA_OFFSET = 0x100000;

/** Vexpress Cortex-A15 GIC (vexpress-v2p-ca15-tc1): the virtual interface control block. */
export const GICH_BASE = 0x2c004000;
export const GICH_SIZE = 0x2000;

export interface Layout {
  physOffset: number;
  ramEnd: number;
  pageOffset: number;
  /** high_memory: first VA after lowmem. */
  highMemory: number;
  vmallocStart: number;
  vmallocEnd: number;
  kernelStart: number;
  kernelTextEnd: number;
  kernelEnd: number;
  hypStubPa: number;
  hypCodeStart: number; // kernel VA
  hypCodeEnd: number; // kernel VA
  /** Per-CPU first chunk (lowmem), unit stride per CPU. */
  percpuBase: number; // kernel VA
  percpuUnit: number;
  /** Offset of kvm_host_cpu_state inside each unit, and its size (kvm_cpu_context_t). */
  hostStateOffset: number;
  hostStateSize: number;
  gichVa: number;
  slabPagePa: number;
  /** The kmalloc-4096 slab: 8 page-sized objects (order 3). */
  slab4kPa: number;
  /** The page allocator's pool: [poolStart, poolEnd) physical. */
  poolStart: number;
  poolEnd: number;
}

export function virtToPhys(layout: Pick<Layout, 'physOffset' | 'pageOffset'>, va: number): number {
  return va - layout.pageOffset + layout.physOffset;
}
export function physToVirt(layout: Pick<Layout, 'physOffset' | 'pageOffset'>, p: number): number {
  return p - layout.physOffset + layout.pageOffset;
}
/** virt_addr_valid: a lowmem kernel VA. */
export function isLowmemVa(layout: Layout, va: number): boolean {
  return va >= layout.pageOffset && va < layout.highMemory;
}
export function isVmallocVa(layout: Layout, va: number): boolean {
  return va >= layout.vmallocStart && va < layout.vmallocEnd;
}

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

export function computeLayout(config: Config, idmapLength: number): Layout {
  const physOffset = config.ramBase;
  const ramEnd = config.ramBase + config.ramSize;
  // arm_lowmem_limit: lowmem stops where the default vmalloc area (plus its guard) begins
  const vmallocMin = VMALLOC_END - DEFAULT_VMALLOC_SIZE - VMALLOC_OFFSET;
  const highMemory = Math.min(config.pageOffset + config.ramSize, vmallocMin);
  const vmallocStart = Math.floor((highMemory + VMALLOC_OFFSET) / VMALLOC_OFFSET) * VMALLOC_OFFSET;
  const hypCodeStartPa = config.kernelStart + HYP_CODE_OFFSET;
  const idmapEnd = config.idmapStart + idmapLength;
  const kernelTextEnd = alignUp(Math.max(idmapEnd, hypCodeStartPa + HYP_CODE_LENGTH), 4096);
  const lowmemPhysEnd = physOffset + (highMemory - config.pageOffset);
  // Normally .data/.bss, the slabs and the page allocator's memory follow the image. When the
  // image reaches the top of lowmem (the idmap in the last pages of the 32-bit space), there
  // is no room after it: the model then puts them at the bottom of RAM, below the image [I].
  const fitsAfter =
    alignUp(kernelTextEnd + KERNEL_DATA_SIZE, 4096) + SLAB_PAGE_GAP + POOL_OFFSET + MIN_POOL <=
    lowmemPhysEnd;
  const kernelEnd = fitsAfter ? alignUp(kernelTextEnd + KERNEL_DATA_SIZE, 4096) : kernelTextEnd;
  const dataEnd = fitsAfter ? kernelEnd : physOffset + LOW_DATA_OFFSET + KERNEL_DATA_SIZE;
  const slabPagePa = dataEnd + SLAB_PAGE_GAP;
  const toVa = (p: number) => p - physOffset + config.pageOffset;
  const percpuBase = toVa(dataEnd - 0x40000);
  return {
    physOffset,
    ramEnd,
    pageOffset: config.pageOffset,
    highMemory,
    vmallocStart,
    vmallocEnd: VMALLOC_END,
    kernelStart: config.kernelStart,
    kernelTextEnd,
    kernelEnd,
    hypStubPa: config.kernelStart + HYP_STUB_OFFSET,
    hypCodeStart: toVa(hypCodeStartPa),
    hypCodeEnd: toVa(hypCodeStartPa + HYP_CODE_LENGTH),
    percpuBase,
    percpuUnit: 0x8000,
    hostStateOffset: 0x1e40,
    hostStateSize: 0x1a8,
    gichVa: vmallocStart + 0x8000,
    slabPagePa,
    slab4kPa: slabPagePa + 0x1000,
    poolStart: slabPagePa + POOL_OFFSET,
    poolEnd: fitsAfter ? lowmemPhysEnd : config.kernelStart,
  };
}
