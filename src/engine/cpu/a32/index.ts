export type { BlockMode, Cond, DpOp, Index, Instruction, Operand2, Shift } from './instruction';
export { CONDS, DP_OPS } from './instruction';
export { encodeArmImmediate, encodeInstruction } from './encode';
export { decodeInstruction } from './decode';
export { disassemble } from './disassemble';
