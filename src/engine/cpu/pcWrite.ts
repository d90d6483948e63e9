import { hex } from '../arch/hex';
import type { ExecResult } from './execTypes';

/*
 * Writes to the PC in ARM state (ARMv7-A ARM, A2.3.2 pseudocode). BX and BLX (register) use
 * BXWritePC; in ARMv7 ARM state LoadWritePC (LDR/LDM/POP into the PC) and ALUWritePC (MOV PC,
 * ADD PC, ...) do the same: bit 0 of the address picks the instruction set, 1 = Thumb at
 * address[31:1]:'0'; with bit 0 clear, bit 1 set (bits[1:0] = 0b10) is UNPREDICTABLE; otherwise
 * ARM at the address. hypstep executes ARM state only, so a switch to Thumb (CPSR.T = 1)
 * stops the run with the reason instead of decoding Thumb code as ARM words.
 */

export type PcWrite =
  | { readonly kind: 'arm'; readonly target: number }
  | { readonly kind: 'thumb'; readonly target: number }
  | { readonly kind: 'unpredictable'; readonly address: number };

/** BXWritePC(address) from ARM state. */
export function bxWritePc(address: number): PcWrite {
  const a = address >>> 0;
  if ((a & 1) !== 0) return { kind: 'thumb', target: (a & ~1) >>> 0 };
  if ((a & 2) !== 0) return { kind: 'unpredictable', address: a };
  return { kind: 'arm', target: a };
}

/** CPSR.T: the Thumb execution state bit. */
export const CPSR_T = 1 << 5;

/**
 * The result of an instruction that wrote `address` to the PC. `how` says what wrote it, e.g.
 * "ldr pc loaded"; `effect` is the step title's text for the ARM case. `setThumb` applies
 * CPSR.T = 1 to the CPU (the caller owns the recorder).
 */
export function pcWriteResult(
  address: number,
  how: string,
  effect: string,
  setThumb: () => void,
): ExecResult {
  const w = bxWritePc(address);
  if (w.kind === 'arm') return { effect, next: w.target, exception: null, stop: null };
  if (w.kind === 'thumb') {
    setThumb();
    return {
      effect: `${effect}: bit 0 set, so Thumb state (not modelled)`,
      next: w.target,
      exception: null,
      stop: {
        kind: 'hang',
        reason: `the simulator stops: ${how} ${hex(address >>> 0, 8)} into the PC; bit 0 set switches the CPU to Thumb state (CPSR.T = 1) at ${hex(w.target, 8)} (ARMv7 interworking, BXWritePC), and hypstep executes ARM code only`,
      },
    };
  }
  return {
    effect: `${effect}: bits[1:0] = 0b10, UNPREDICTABLE`,
    next: null,
    exception: null,
    stop: {
      kind: 'hang',
      reason: `the simulator stops: ${how} ${hex(w.address, 8)} into the PC; in ARM state an address with bits[1:0] = 0b10 is UNPREDICTABLE (ARMv7 BXWritePC), so what the CPU does next is not defined`,
    },
  };
}

/**
 * LDR into the PC: LoadWritePC(data) when the address is word aligned; any other address is
 * UNPREDICTABLE (ARMv7 LDR (immediate): "if t == 15 then if address<1:0> == '00' ...").
 */
export function loadWritePc(
  va: number,
  data: number,
  how: string,
  loaded: string,
  setThumb: () => void,
): ExecResult {
  if (va % 4 !== 0)
    return {
      effect: `${loaded}: an unaligned load into the PC, UNPREDICTABLE`,
      next: null,
      exception: null,
      stop: {
        kind: 'hang',
        reason: `the simulator stops: ${how} the PC from ${hex(va, 8)}, which is not word aligned; a load into the PC from such an address is UNPREDICTABLE (ARMv7 LDR), so what the CPU does next is not defined`,
      },
    };
  return pcWriteResult(data, how, `${loaded}: jump to ${hex(data >>> 0)}`, setThumb);
}
