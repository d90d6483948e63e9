import type { Instruction } from './instruction';

const R = (n: number) => (n === 13 ? 'sp' : n === 14 ? 'lr' : n === 15 ? 'pc' : `r${n}`);
const hexImm = (v: number) => (v >>> 0 < 10 ? `#${v >>> 0}` : `#0x${(v >>> 0).toString(16)}`);

/**
 * objdump-like text, lower case. Immediates print in hex when 10 or more (easier to compare
 * with the constants in the source), branch targets as absolute addresses when `addr` is given.
 */
export function disassemble(i: Instruction, addr?: number): string {
  const c = i.cond === 'al' ? '' : i.cond;
  switch (i.kind) {
    case 'dp': {
      const op2 =
        i.operand2.type === 'imm'
          ? hexImm(i.operand2.value)
          : `${R(i.operand2.rm)}${i.operand2.amount ? `, ${i.operand2.shift} #${i.operand2.amount}` : ''}`;
      const test = i.op === 'tst' || i.op === 'teq' || i.op === 'cmp' || i.op === 'cmn';
      const s = i.s && !test ? 's' : '';
      if (i.op === 'mov' && i.operand2.type === 'reg' && i.operand2.amount)
        return `${i.operand2.shift}${s}${c} ${R(i.rd)}, ${R(i.operand2.rm)}, #${i.operand2.amount}`;
      if (i.op === 'mov' || i.op === 'mvn') return `${i.op}${s}${c} ${R(i.rd)}, ${op2}`;
      if (test) return `${i.op}${c} ${R(i.rn)}, ${op2}`;
      return `${i.op}${s}${c} ${R(i.rd)}, ${R(i.rn)}, ${op2}`;
    }
    case 'bfi':
      return `bfi${c} ${R(i.rd)}, ${R(i.rn)}, #${i.lsb}, #${i.width}`;
    case 'ldrImm':
    case 'strImm': {
      const op = i.kind === 'ldrImm' ? 'ldr' : 'str';
      const idx = i.index ?? 'offset';
      if (idx === 'pre' && i.rn === 13 && i.offset === -4 && i.kind === 'strImm')
        return `push${c} {${R(i.rt)}}`;
      if (idx === 'post' && i.rn === 13 && i.offset === 4 && i.kind === 'ldrImm')
        return `pop${c} {${R(i.rt)}}`;
      const off = i.offset ? `, #${i.offset}` : '';
      if (idx === 'post') return `${op}${c} ${R(i.rt)}, [${R(i.rn)}]${off}`;
      return `${op}${c} ${R(i.rt)}, [${R(i.rn)}${off}]${idx === 'pre' ? '!' : ''}`;
    }
    case 'ldm':
    case 'stm': {
      const list = `{${i.registers.map(R).join(', ')}}`;
      if (i.rn === 13 && i.writeback && i.kind === 'stm' && i.mode === 'db')
        return `push${c} ${list}`;
      if (i.rn === 13 && i.writeback && i.kind === 'ldm' && i.mode === 'ia')
        return `pop${c} ${list}`;
      return `${i.kind}${i.mode === 'ia' ? '' : i.mode}${c} ${R(i.rn)}${i.writeback ? '!' : ''}, ${list}`;
    }
    case 'b':
    case 'bl':
      return `${i.kind}${c} ${addr !== undefined ? `0x${((addr + 8 + i.offset) >>> 0).toString(16)}` : `pc${i.offset + 8 >= 0 ? '+' : ''}${i.offset + 8}`}`;
    case 'bx':
    case 'blx':
      return `${i.kind}${c} ${R(i.rm)}`;
    case 'mrc':
    case 'mcr':
      return `${i.kind}${c} p${i.coproc}, ${i.opc1}, ${R(i.rt)}, c${i.crn}, c${i.crm}, ${i.opc2}`;
    case 'mrrc':
    case 'mcrr':
      return `${i.kind}${c} p${i.coproc}, ${i.opc1}, ${R(i.rt)}, ${R(i.rt2)}, c${i.crm}`;
    case 'mrs':
      return `mrs${c} ${R(i.rd)}, ${i.source === 'spsr' ? 'SPSR' : 'CPSR'}`;
    case 'mrsBanked':
      return `mrs${c} ${R(i.rd)}, ELR_hyp`;
    case 'msr':
      return `msr${c} ${i.which === 'spsr' ? 'SPSR' : 'CPSR'}_${i.mask}, ${R(i.rn)}`;
    case 'msrBanked':
      return `msr${c} ELR_hyp, ${R(i.rn)}`;
    case 'eret':
      return `eret${c}`;
    case 'hvc':
      return `hvc${c} #${i.imm16}`;
    case 'udf':
      return `udf${c} #${i.imm16}`;
    case 'isb':
      return 'isb sy';
    case 'dsb':
      return `dsb ${i.option}`;
    case 'clrex':
      return 'clrex';
    case 'nop':
      return `nop${c}`;
    case 'unknown':
      return `.word 0x${i.word.toString(16).padStart(8, '0')}`;
  }
}
