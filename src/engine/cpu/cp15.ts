import type { CpuState } from '../machine/cpuState';

/** System registers reachable with MRC/MCR/MRRC/MCRR p15 in the init path (facts §4.1). */
export type SysReg = keyof Pick<
  CpuState,
  | 'httbr'
  | 'htcr'
  | 'vtcr'
  | 'hmair0'
  | 'hmair1'
  | 'hsctlr'
  | 'hvbar'
  | 'hsr'
  | 'hifar'
  | 'hdfar'
  | 'sctlr'
  | 'ttbcr'
  | 'mair0'
  | 'mair1'
  | 'hcr'
  | 'vttbr'
>;
/** By `opc1,CRn,CRm,opc2`: the p15 register or operation an MRC/MCR names. */
export const CP15: Record<string, { reg: SysReg | 'tlbiallh' | 'nop'; name: string }> = {
  '4,2,0,2': { reg: 'htcr', name: 'HTCR' },
  '4,2,1,2': { reg: 'vtcr', name: 'VTCR' },
  '0,2,0,2': { reg: 'ttbcr', name: 'TTBCR' },
  '0,10,2,0': { reg: 'mair0', name: 'MAIR0' },
  '0,10,2,1': { reg: 'mair1', name: 'MAIR1' },
  '4,10,2,0': { reg: 'hmair0', name: 'HMAIR0' },
  '4,10,2,1': { reg: 'hmair1', name: 'HMAIR1' },
  '4,1,0,0': { reg: 'hsctlr', name: 'HSCTLR' },
  '0,1,0,0': { reg: 'sctlr', name: 'SCTLR' },
  '4,12,0,0': { reg: 'hvbar', name: 'HVBAR' },
  '4,5,2,0': { reg: 'hsr', name: 'HSR' },
  '4,6,0,2': { reg: 'hifar', name: 'HIFAR' },
  '4,6,0,0': { reg: 'hdfar', name: 'HDFAR' },
  '4,1,1,0': { reg: 'hcr', name: 'HCR' },
  '4,8,7,0': { reg: 'tlbiallh', name: 'TLBIALLH' },
  '4,8,3,4': { reg: 'nop', name: 'TLBIALLNSNHIS' },
  '0,7,1,0': { reg: 'nop', name: 'ICIALLUIS' },
};
