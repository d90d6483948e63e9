import { descriptor, type Descriptor, type HypVa, type Pa, type Pfn } from './types';

/* ARMv7-A LPAE long-descriptor format, stage 1, 4 KiB granule (hyp-init-facts.md §1). */

export const PTRS_PER_PGD = 4; // §1.1: level-1 table = 4 x 8 bytes = 32 bytes
export const PTRS_PER_PMD = 512;
export const PTRS_PER_PTE = 512;
export const PGDIR_SHIFT = 30; // one L1 entry covers 1 GiB
export const PMD_SHIFT = 21; // one L2 entry covers 2 MiB
export const PGDIR_SIZE = 2 ** PGDIR_SHIFT;
export const PMD_SIZE = 2 ** PMD_SHIFT;
export const TRAMPOLINE_VA = 0xffff0000 as HypVa; // §4.6: CONFIG_VECTORS_BASE

export type Level = 1 | 2 | 3;

/** §1.1: L1 index VA[31:30], L2 index VA[29:21], L3 index VA[20:12], offset VA[11:0]. */
export interface VaSplit {
  l1: number;
  l2: number;
  l3: number;
  offset: number;
}
export function splitVa(va: HypVa): VaSplit {
  return {
    l1: Math.floor(va / PGDIR_SIZE) & 3,
    l2: Math.floor(va / PMD_SIZE) & 511,
    l3: Math.floor(va / 4096) & 511,
    offset: va & 0xfff,
  };
}
/** pgd_index as the kernel computes it on a 64-bit address: no masking (facts §2.4). */
export function pgdIndex(addr: number): number {
  return Math.floor(addr / PGDIR_SIZE);
}
export function pmdIndex(addr: number): number {
  return Math.floor(addr / PMD_SIZE) % 512;
}
export function pteIndex(addr: number): number {
  return Math.floor(addr / 4096) % 512;
}
export function indexAt(level: Level, va: HypVa): number {
  const s = splitVa(va);
  return level === 1 ? s.l1 : level === 2 ? s.l2 : s.l3;
}

/* Descriptor bit positions (§1.2). */
export const DESC_VALID = 1n << 0n;
export const DESC_TABLE_OR_PAGE = 1n << 1n;
export const ATTRINDX_SHIFT = 2n; // [4:2]
export const NS_BIT = 1n << 5n;
export const AP1_BIT = 1n << 6n; // AP[1]: L_PTE_USER, which Linux reuses as L_PTE_HYP
export const AP2_BIT = 1n << 7n; // AP[2]: read-only
export const SH_SHIFT = 8n; // [9:8]
export const AF_BIT = 1n << 10n;
export const NG_BIT = 1n << 11n;
export const CONT_BIT = 1n << 52n;
export const PXN_BIT = 1n << 53n;
export const XN_BIT = 1n << 54n;
export const SW_DIRTY_BIT = 1n << 55n; // software bits [58:55]: DIRTY 55, SPECIAL 56, NONE 57
export const SW_SPECIAL_BIT = 1n << 56n;
export const SW_NONE_BIT = 1n << 57n;
export const PXNTABLE_BIT = 1n << 59n;
export const XNTABLE_BIT = 1n << 60n;
export const OUTPUT_ADDRESS_MASK = ((1n << 40n) - 1n) & ~0xfffn; // [39:12]

export type DescriptorKind = 'invalid' | 'table' | 'block' | 'page' | 'reserved';

/** Shareability names for SH[1:0]. */
export const SHAREABILITY = [
  'non-shareable',
  'reserved',
  'outer shareable',
  'inner shareable',
] as const;

export interface PageAttributes {
  attrIndx: number;
  ns: boolean;
  ap2ReadOnly: boolean;
  ap1: boolean;
  sh: number;
  af: boolean;
  nG: boolean;
  contiguous: boolean;
  pxn: boolean;
  xn: boolean;
  swDirty: boolean;
  swSpecial: boolean;
  swNone: boolean;
}

export type DecodedDescriptor =
  | { kind: 'invalid'; raw: Descriptor }
  | { kind: 'reserved'; raw: Descriptor }
  | { kind: 'table'; raw: Descriptor; next: Pa; pxnTable: boolean; xnTable: boolean }
  | { kind: 'block'; raw: Descriptor; output: Pa; attrs: PageAttributes }
  | { kind: 'page'; raw: Descriptor; output: Pa; attrs: PageAttributes };

function attrsOf(d: bigint): PageAttributes {
  return {
    attrIndx: Number((d >> ATTRINDX_SHIFT) & 7n),
    ns: (d & NS_BIT) !== 0n,
    ap1: (d & AP1_BIT) !== 0n,
    ap2ReadOnly: (d & AP2_BIT) !== 0n,
    sh: Number((d >> SH_SHIFT) & 3n),
    af: (d & AF_BIT) !== 0n,
    nG: (d & NG_BIT) !== 0n,
    contiguous: (d & CONT_BIT) !== 0n,
    pxn: (d & PXN_BIT) !== 0n,
    xn: (d & XN_BIT) !== 0n,
    swDirty: (d & SW_DIRTY_BIT) !== 0n,
    swSpecial: (d & SW_SPECIAL_BIT) !== 0n,
    swNone: (d & SW_NONE_BIT) !== 0n,
  };
}

/**
 * Decodes a descriptor found at `level`. Bit 1 means "table" at L1/L2 and "page" at L3;
 * an L3 entry with bit 1 clear is invalid, and LPAE has no L1... L2 blocks are legal in
 * the format although the HYP mapper never writes them (§1.1).
 */
export function decodeDescriptor(raw: Descriptor, level: Level): DecodedDescriptor {
  if ((raw & DESC_VALID) === 0n) return { kind: 'invalid', raw };
  const out = Number(raw & OUTPUT_ADDRESS_MASK) as Pa;
  if (level === 3) {
    if ((raw & DESC_TABLE_OR_PAGE) === 0n) return { kind: 'reserved', raw };
    return { kind: 'page', raw, output: out, attrs: attrsOf(raw) };
  }
  if ((raw & DESC_TABLE_OR_PAGE) !== 0n) {
    return {
      kind: 'table',
      raw,
      next: out,
      pxnTable: (raw & PXNTABLE_BIT) !== 0n,
      xnTable: (raw & XNTABLE_BIT) !== 0n,
    };
  }
  const blockMask =
    level === 1
      ? ((1n << 40n) - 1n) & ~((1n << 30n) - 1n)
      : ((1n << 40n) - 1n) & ~((1n << 21n) - 1n);
  return { kind: 'block', raw, output: Number(raw & blockMask) as Pa, attrs: attrsOf(raw) };
}

/** A table descriptor as Linux writes it: next-table PA | 0b11 (§1.2, pud/pmd_populate). */
export function tableDescriptor(next: Pa): Descriptor {
  return descriptor((BigInt(next) & OUTPUT_ADDRESS_MASK) | DESC_VALID | DESC_TABLE_OR_PAGE);
}

/** pfn_pte: (pfn << 12) | prot (§1.3). */
export function pageDescriptor(frame: Pfn, prot: Descriptor): Descriptor {
  return descriptor((BigInt(frame) << 12n) | prot);
}

/** One row of a descriptor's decoded bit table (field, bits, value, meaning), for people. */
export interface DescriptorField {
  field: string;
  bits: string;
  value: string;
  meaning: string;
}

const MAIR_MEANING = [
  'strongly ordered (0x00)',
  'normal non-cacheable (0x44)',
  'write-through (0xaa)',
  'write-back (0xee)',
  'device (0x04)',
  'unused',
  'unused',
  'write-back, write-allocate (0xff)',
];

/** Field-by-field explanation of a descriptor, using Linux's MAIR0/MAIR1 (§1.3). */
export function describeDescriptor(raw: Descriptor, level: Level): DescriptorField[] {
  const d = decodeDescriptor(raw, level);
  const rows: DescriptorField[] = [
    {
      field: 'valid',
      bits: '0',
      value: String(raw & 1n),
      meaning: (raw & 1n) === 1n ? 'valid' : 'invalid: the walk faults here',
    },
  ];
  if (d.kind === 'invalid') return rows;
  rows.push({
    field: level === 3 ? 'page' : 'table',
    bits: '1',
    value: String((raw >> 1n) & 1n),
    meaning:
      d.kind === 'table'
        ? 'next-level table'
        : d.kind === 'page'
          ? 'page (L3)'
          : d.kind === 'block'
            ? 'block'
            : 'reserved at L3: faults',
  });
  if (d.kind === 'table') {
    rows.push({
      field: 'next table',
      bits: '39:12',
      value: '0x' + d.next.toString(16),
      meaning: 'PA of the next-level table',
    });
    rows.push({
      field: 'PXNTable',
      bits: '59',
      value: d.pxnTable ? '1' : '0',
      meaning: 'ignored in the HYP regime',
    });
    rows.push({
      field: 'XNTable',
      bits: '60',
      value: d.xnTable ? '1' : '0',
      meaning: d.xnTable ? 'no execution below' : 'execution allowed below',
    });
    return rows;
  }
  if (d.kind === 'reserved') return rows;
  const a = d.attrs;
  rows.push(
    {
      field: 'output',
      bits: level === 3 ? '39:12' : level === 2 ? '39:21' : '39:30',
      value: '0x' + d.output.toString(16),
      meaning: 'output physical address',
    },
    {
      field: 'AttrIndx',
      bits: '4:2',
      value: String(a.attrIndx),
      meaning: `HMAIR${a.attrIndx < 4 ? 0 : 1} byte ${a.attrIndx % 4}: ${MAIR_MEANING[a.attrIndx]}`,
    },
    { field: 'NS', bits: '5', value: a.ns ? '1' : '0', meaning: 'ignored in a Non-secure regime' },
    {
      field: 'AP[1]',
      bits: '6',
      value: a.ap1 ? '1' : '0',
      meaning: 'L_PTE_HYP (= L_PTE_USER); should be one at PL2',
    },
    {
      field: 'AP[2]',
      bits: '7',
      value: a.ap2ReadOnly ? '1' : '0',
      meaning: a.ap2ReadOnly ? 'read-only' : 'read/write',
    },
    { field: 'SH', bits: '9:8', value: String(a.sh), meaning: SHAREABILITY[a.sh] ?? '' },
    {
      field: 'AF',
      bits: '10',
      value: a.af ? '1' : '0',
      meaning: a.af ? 'accessed (preset: no hardware AF update)' : 'clear: access-flag fault',
    },
    { field: 'nG', bits: '11', value: a.nG ? '1' : '0', meaning: 'no effect: HYP has no ASIDs' },
    {
      field: 'Contiguous',
      bits: '52',
      value: a.contiguous ? '1' : '0',
      meaning: 'contiguous hint',
    },
    {
      field: 'PXN',
      bits: '53',
      value: a.pxn ? '1' : '0',
      meaning: 'not meaningful in the HYP regime',
    },
    {
      field: 'XN',
      bits: '54',
      value: a.xn ? '1' : '0',
      meaning: a.xn ? 'execute-never' : 'executable',
    },
    {
      field: 'sw DIRTY',
      bits: '55',
      value: a.swDirty ? '1' : '0',
      meaning: 'Linux software bit, ignored by hardware',
    },
  );
  return rows;
}
