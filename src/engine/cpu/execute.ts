import { addWithCarry, flagsNZ, flagsNZCV, shiftOperand } from './alu';
import { CP15, type SysReg } from './cp15';
import { readReg, REG_NAMES, withReg } from './registers';
import { hex } from '../arch/hex';
import { hsctlrAfterWrite, MODE_BITS, type CpuState } from '../machine/cpuState';
import { hypDataAccess } from './dataAccess';
import { tlbInvalidateAll } from './tlb';
import { CPSR_T, loadWritePc, pcWriteResult } from './pcWrite';
import type { ExecContext, ExecResult } from './execTypes';

export type { ExecContext, ExecResult, HypException } from './execTypes';

/** Executes one instruction whose condition passed; records register and memory changes. */
export function execute(ctx: ExecContext): ExecResult {
  const { rec, cpuId, pc, insn } = ctx;
  const cpu = (): CpuState => rec.state.cpus[cpuId]!;
  const setReg = (n: number, v: number) => {
    const before = readReg(cpu(), n, pc);
    rec.updateCpu(cpuId, (c) => withReg(c, n, v));
    if (n !== 15 && before !== v >>> 0)
      rec.change({
        kind: 'register',
        cpu: cpuId,
        name: REG_NAMES[n]!,
        before: hex(before, 8),
        after: hex(v >>> 0, 8),
      });
  };
  const setSys = (reg: SysReg, name: string, written: number) => {
    const v = reg === 'hsctlr' ? hsctlrAfterWrite(written) : written;
    const before = cpu()[reg];
    rec.updateCpu(cpuId, (c) => ({ ...c, [reg]: v }));
    rec.change({
      kind: 'register',
      cpu: cpuId,
      name,
      before: hex(before, reg === 'httbr' ? 10 : 8),
      after: hex(v, reg === 'httbr' ? 10 : 8),
    });
  };
  const r = (n: number) => readReg(cpu(), n, pc);
  const next = pc + 4;
  const setThumb = () => {
    const before = cpu().cpsr;
    const after = (before | CPSR_T) >>> 0;
    rec.updateCpu(cpuId, (c) => ({ ...c, cpsr: after }));
    rec.change({
      kind: 'register',
      cpu: cpuId,
      name: 'CPSR',
      before: hex(before, 8),
      after: hex(after, 8),
    });
  };
  /** A write of `address` to the PC: the next PC, or a stop for Thumb and UNPREDICTABLE targets. */
  const writePc = (address: number, how: string, effect: string): ExecResult =>
    pcWriteResult(address, how, effect, setThumb);
  const ok = (effect: string, nextPc: number | null = next): ExecResult => ({
    effect,
    next: nextPc,
    exception: null,
    stop: null,
  });

  const dataAccess = (va: number, write: boolean, value = 0) =>
    hypDataAccess(ctx, va, write, value);

  switch (insn.kind) {
    case 'dp': {
      const op2 =
        insn.operand2.type === 'imm'
          ? insn.operand2.value >>> 0
          : shiftOperand(
              r(insn.operand2.rm),
              insn.operand2.shift,
              insn.operand2.amount,
              (cpu().cpsr & 0x20000000) !== 0,
            );
      const a = r(insn.rn);
      let res: number;
      let flags: number | null = null;
      const c = cpu().cpsr;
      switch (insn.op) {
        case 'and':
          res = (a & op2) >>> 0;
          break;
        case 'eor':
          res = (a ^ op2) >>> 0;
          break;
        case 'orr':
          res = (a | op2) >>> 0;
          break;
        case 'bic':
          res = (a & ~op2) >>> 0;
          break;
        case 'mov':
          res = op2;
          break;
        case 'mvn':
          res = ~op2 >>> 0;
          break;
        case 'add':
        case 'sub':
        case 'rsb':
        case 'cmp':
        case 'cmn': {
          // every one is AddWithCarry: SUB and CMP add NOT op2 with a carry in of 1
          const sum =
            insn.op === 'add' || insn.op === 'cmn'
              ? addWithCarry(a, op2, 0)
              : insn.op === 'rsb'
                ? addWithCarry(op2, ~a, 1)
                : addWithCarry(a, ~op2, 1);
          res = sum.result;
          if (insn.op === 'cmp' || insn.op === 'cmn' || insn.s) flags = flagsNZCV(c, sum);
          break;
        }
        case 'tst':
          res = (a & op2) >>> 0;
          flags = flagsNZ(c, res);
          break;
        case 'teq':
          res = (a ^ op2) >>> 0;
          flags = flagsNZ(c, res);
          break;
        default:
          return {
            effect: 'not modelled',
            next: null,
            exception: { kind: 'undefined' },
            stop: null,
          };
      }
      const compares =
        insn.op === 'cmp' || insn.op === 'cmn' || insn.op === 'tst' || insn.op === 'teq';
      if (flags !== null && compares) {
        rec.updateCpu(cpuId, (x) => ({ ...x, cpsr: flags! >>> 0 }));
        const z = (flags & 0x40000000) !== 0;
        return ok(`${REG_NAMES[insn.rn]} = ${hex(a, 8)}: Z=${z ? 1 : 0}`);
      }
      // ALUWritePC: in ARMv7 ARM state the same interworking as BX
      if (insn.rd === 15) return writePc(res, `${insn.op} wrote`, `jump to ${hex(res)}`);
      setReg(insn.rd, res);
      if (insn.s) {
        // arithmetic: NZCV from AddWithCarry; logical: N and Z from the result (C from the
        // shifter is unchanged for the immediates used here)
        const nz = flags ?? flagsNZ(c, res);
        rec.updateCpu(cpuId, (x) => ({ ...x, cpsr: nz }));
        return ok(`${REG_NAMES[insn.rd]} = ${hex(res, 8)}, Z=${res === 0 ? 1 : 0}`);
      }
      return ok(`${REG_NAMES[insn.rd]} = ${hex(res, 8)}`);
    }
    case 'bfi': {
      const mask = insn.width >= 32 ? 0xffffffff : ((1 << insn.width) - 1) << insn.lsb;
      const v = ((r(insn.rd) & ~mask) | ((r(insn.rn) << insn.lsb) & mask)) >>> 0;
      setReg(insn.rd, v);
      return ok(`${REG_NAMES[insn.rd]} = ${hex(v, 8)}`);
    }
    case 'b':
    case 'bl': {
      const target = (pc + 8 + insn.offset) >>> 0;
      if (insn.kind === 'bl') setReg(14, next);
      return ok(insn.offset === -8 ? 'branch to itself' : `branch to ${hex(target)}`, target);
    }
    case 'bx':
    case 'blx': {
      const target = r(insn.rm);
      if (insn.kind === 'blx') setReg(14, next);
      return writePc(
        target,
        `${insn.kind} ${REG_NAMES[insn.rm]} wrote`,
        `${insn.kind === 'blx' ? 'call' : 'return to'} ${hex(target)}`,
      );
    }
    case 'ldrImm':
    case 'strImm': {
      const index = insn.index ?? 'offset';
      const base = insn.rn === 15 ? (pc + 8) & ~3 : r(insn.rn);
      const va = (index === 'post' ? base : base + insn.offset) >>> 0;
      const store = insn.kind === 'strImm';
      const value = store ? r(insn.rt) : 0;
      const got = dataAccess(va, store, value);
      if ('abort' in got)
        return { effect: 'data abort', next: null, exception: got.abort, stop: null };
      if (index !== 'offset') setReg(insn.rn, base + insn.offset);
      if (store) return ok(`[${hex(va)}] = ${hex(value, 8)}`);
      const loaded = `${REG_NAMES[insn.rt]} = [${hex(va)}] = ${hex(got.value >>> 0, 8)}`;
      // LDR PC: LoadWritePC, a branch to the loaded word (an unaligned address is UNPREDICTABLE)
      if (insn.rt === 15) return loadWritePc(va, got.value, 'ldr loaded', loaded, setThumb);
      setReg(insn.rt, got.value);
      return ok(`${REG_NAMES[insn.rt]} = [${hex(va)}] = ${hex(got.value >>> 0, 8)}`);
    }
    case 'stm':
    case 'ldm': {
      const regs = [...insn.registers].sort((x, y) => x - y);
      const base = r(insn.rn);
      const start =
        insn.mode === 'db'
          ? base - 4 * regs.length
          : insn.mode === 'da'
            ? base - 4 * regs.length + 4
            : insn.mode === 'ib'
              ? base + 4
              : base;
      const values: number[] = [];
      for (let i = 0; i < regs.length; i++) {
        const va = (start + 4 * i) >>> 0;
        const got = insn.kind === 'stm' ? dataAccess(va, true, r(regs[i]!)) : dataAccess(va, false);
        if ('abort' in got)
          return { effect: 'data abort', next: null, exception: got.abort, stop: null };
        values.push(got.value);
      }
      // the PC is never a plain register write: an LDM that loads it branches (below)
      if (insn.kind === 'ldm') regs.forEach((reg, i) => reg !== 15 && setReg(reg, values[i]!));
      if (insn.writeback)
        setReg(
          insn.rn,
          insn.mode === 'db' || insn.mode === 'da'
            ? base - 4 * regs.length
            : base + 4 * regs.length,
        );
      const did = `${insn.kind === 'stm' ? 'stored' : 'loaded'} ${regs.map((x) => REG_NAMES[x]).join(', ')} at ${hex(start >>> 0)}`;
      if (insn.kind === 'ldm' && regs.includes(15)) {
        // LoadWritePC with the word from the highest address (the PC is the highest register)
        const loadedPc = values[regs.length - 1]!;
        return writePc(loadedPc, 'ldm loaded', `${did}: jump to ${hex(loadedPc >>> 0)}`);
      }
      return ok(did);
    }
    case 'mrc':
    case 'mcr': {
      const key = `${insn.opc1},${insn.crn},${insn.crm},${insn.opc2}`;
      const sys = CP15[key];
      if (!sys || insn.coproc !== 15)
        return {
          effect: 'unmodelled coprocessor register',
          next: null,
          exception: { kind: 'undefined' },
          stop: null,
        };
      if (insn.kind === 'mrc') {
        if (sys.reg === 'tlbiallh' || sys.reg === 'nop')
          return {
            effect: 'write-only operation',
            next: null,
            exception: { kind: 'undefined' },
            stop: null,
          };
        const v = cpu()[sys.reg];
        setReg(insn.rt, v);
        return ok(`${REG_NAMES[insn.rt]} = ${sys.name} = ${hex(v, 8)}`);
      }
      if (sys.reg === 'tlbiallh') {
        const inv = tlbInvalidateAll(cpu().tlb);
        rec.updateCpu(cpuId, (c) => ({ ...c, tlb: inv.tlb }));
        rec.change({ kind: 'tlb-invalidate', cpu: cpuId, dropped: inv.dropped });
        return ok(
          `TLBIALLH: ${inv.dropped.length} HYP TLB entr${inv.dropped.length === 1 ? 'y' : 'ies'} invalidated`,
        );
      }
      if (sys.reg === 'nop') return ok(`${sys.name}: nothing of HYP's is affected`);
      const v = r(insn.rt);
      setSys(sys.reg, sys.name, v);
      return ok(`${sys.name} = ${hex(v, 8)}`);
    }
    case 'mcrr':
    case 'mrrc': {
      const isHttbr = insn.opc1 === 4 && insn.crm === 2;
      const isVttbr = insn.opc1 === 6 && insn.crm === 2;
      if (!isHttbr && !isVttbr)
        return {
          effect: 'unmodelled 64-bit register',
          next: null,
          exception: { kind: 'undefined' },
          stop: null,
        };
      const reg = isHttbr ? 'httbr' : 'vttbr';
      const name = isHttbr ? 'HTTBR' : 'VTTBR';
      if (insn.kind === 'mcrr') {
        const v = r(insn.rt) + r(insn.rt2) * 2 ** 32;
        setSys(reg, name, v);
        return ok(`${name} = ${hex(v)}`);
      }
      const v = cpu()[reg];
      setReg(insn.rt, v % 2 ** 32);
      setReg(insn.rt2, Math.floor(v / 2 ** 32));
      return ok(`${REG_NAMES[insn.rt]}:${REG_NAMES[insn.rt2]} = ${name} = ${hex(v)}`);
    }
    case 'mrs': {
      const v = insn.source === 'spsr' ? cpu().spsrHyp : cpu().cpsr;
      setReg(insn.rd, v);
      return ok(`${REG_NAMES[insn.rd]} = ${insn.source.toUpperCase()} = ${hex(v, 8)}`);
    }
    case 'msr': {
      const v = r(insn.rn);
      if (insn.which === 'spsr') {
        const before = cpu().spsrHyp;
        rec.updateCpu(cpuId, (c) => ({ ...c, spsrHyp: v }));
        rec.change({
          kind: 'register',
          cpu: cpuId,
          name: 'SPSR_hyp',
          before: hex(before, 8),
          after: hex(v, 8),
        });
        return ok(`SPSR_hyp = ${hex(v, 8)}`);
      }
      return {
        effect: 'CPSR writes are not modelled',
        next: null,
        exception: { kind: 'undefined' },
        stop: null,
      };
    }
    case 'mrsBanked': {
      const v = cpu().elrHyp;
      setReg(insn.rd, v);
      return ok(`${REG_NAMES[insn.rd]} = ELR_hyp = ${hex(v, 8)}`);
    }
    case 'msrBanked': {
      const v = r(insn.rn);
      const before = cpu().elrHyp;
      rec.updateCpu(cpuId, (c) => ({ ...c, elrHyp: v }));
      rec.change({
        kind: 'register',
        cpu: cpuId,
        name: 'ELR_hyp',
        before: hex(before, 8),
        after: hex(v, 8),
      });
      return ok(`ELR_hyp = ${hex(v, 8)}`);
    }
    case 'eret': {
      const c = cpu();
      const mode = (c.spsrHyp & 0x1f) === MODE_BITS.hyp ? 'hyp' : 'svc';
      rec.updateCpu(cpuId, (x) => ({ ...x, mode, cpsr: x.spsrHyp, pc: x.elrHyp }));
      rec.change({
        kind: 'register',
        cpu: cpuId,
        name: 'mode',
        before: 'HYP',
        after: mode.toUpperCase(),
      });
      if (c.elrHyp === ctx.panicVa) {
        return {
          effect: `return into panic() in SVC`,
          next: null,
          exception: null,
          stop: {
            kind: 'panic',
            reason: `HYP returned into panic(): "${(ctx.panicStrings?.get(c.r[0] ?? 0) ?? 'unexpected exception in Hyp mode at: %#08x').replace('%#08x', hex(c.r[1] ?? 0, 8))}"`,
          },
        };
      }
      return ok(`return to ${mode.toUpperCase()} at ${hex(c.elrHyp)}`, null);
    }
    case 'hvc':
      return {
        effect: 'HVC in Hyp mode',
        next: null,
        exception: { kind: 'hvc', imm16: insn.imm16 },
        stop: null,
      };
    case 'isb':
      return ok('context synchronisation: what follows sees the new system register values');
    case 'dsb':
      return ok('wait for earlier memory accesses and TLB maintenance to complete');
    case 'nop':
      return ok('no operation');
    default:
      return {
        effect: 'UNDEFINED instruction',
        next: null,
        exception: { kind: 'undefined' },
        stop: null,
      };
  }
}
