import type { Cond } from './a32';

/** Whether an A32 condition passes for the NZCV flags of a CPSR (ARM ARM, the condition codes). */
export function conditionPasses(cond: Cond, cpsr: number): boolean {
  const n = (cpsr >>> 31) & 1;
  const z = (cpsr >>> 30) & 1;
  const c = (cpsr >>> 29) & 1;
  const v = (cpsr >>> 28) & 1;
  switch (cond) {
    case 'eq':
      return z === 1;
    case 'ne':
      return z === 0;
    case 'cs':
      return c === 1;
    case 'cc':
      return c === 0;
    case 'mi':
      return n === 1;
    case 'pl':
      return n === 0;
    case 'vs':
      return v === 1;
    case 'vc':
      return v === 0;
    case 'hi':
      return c === 1 && z === 0;
    case 'ls':
      return c === 0 || z === 1;
    case 'ge':
      return n === v;
    case 'lt':
      return n !== v;
    case 'gt':
      return z === 0 && n === v;
    case 'le':
      return z === 1 || n !== v;
    case 'al':
      return true;
  }
}
