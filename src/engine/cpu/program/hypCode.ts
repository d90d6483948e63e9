import { assemble, type Assembled, type AsmItem } from './assembler';
import { HSR_EC_CP_0_13, HSR_EC_HVC, HSR_EC_SHIFT } from './constants';
import {
  align,
  b,
  blx,
  bSelf,
  cmpImm,
  dpImm,
  dpImmS,
  dsb,
  eret,
  hvc,
  isb,
  label,
  ldrImm,
  ldrLit,
  ltorg,
  lsrImm,
  mcr,
  movImm,
  movReg,
  mrc,
  mrrc,
  mrsCpsr,
  mrsElrHyp,
  mrsSpsr,
  msrElrHyp,
  msrSpsr,
  pop,
  push,
  wb,
  why,
  bx,
} from './dsl';

/* The HYP code outside the init page: the hyp stub (hyp-stub.S) and the runtime part of interrupts.S. */

/** arch/arm/kernel/hyp-stub.S: the set/get-vectors path and the stub vectors. */
export function assembleHypStub(base: number): Assembled {
  return assemble('hyp-stub.S', 'arch/arm/kernel/hyp-stub.S', '__hyp_stub_vectors', base, [
    label('__hyp_stub_do_trap', 'HVC from SVC while the stub owns HYP'),
    cmpImm(0, -1, 'cmp\tr0, #-1', 'r0 == -1: get vectors; otherwise set them'),
    mrc(4, 0, 12, 0, 0, 'r0 = HVBAR', 'eq'),
    mcr(4, 0, 12, 0, 0, 'HVBAR = r0', 'ne'),
    eret(),
    label('__hyp_get_vectors'),
    movImm(0, -1, 'mov\tr0, #-1'),
    label('__hyp_set_vectors', 'falls through from __hyp_get_vectors'),
    hvc(0),
    movReg(15, 14, 'return'),
    align(32),
    label('__hyp_stub_vectors'),
    bSelf('reset'),
    bSelf('undefined'),
    bSelf('svc'),
    bSelf('prefetch abort'),
    bSelf('data abort'),
    wb('__hyp_stub_do_trap', 'hyp trap'),
    bSelf('irq'),
    bSelf('fiq'),
  ]);
}

/**
 * The part of arch/arm/kvm/interrupts.S that runs here: kvm_call_hyp, __kvm_flush_vm_context,
 * the runtime vectors with the host-HVC path and the abort path, and hypstep's probe function.
 */
/** Kernel VA of panic() in the modelled image (HYP "returns" there on an unexpected abort). */
export function panicVa(textVa: number): number {
  return textVa + 0x4a5b0;
}

/** The panic strings interrupts.S hands to panic() (in .rodata), in the order they sit there. */
export const DIE_STRINGS = {
  und_die_str: 'unexpected undefined exception in Hyp mode at: %#08x',
  pabt_die_str: 'unexpected prefetch abort in Hyp mode at: %#08x',
  dabt_die_str: 'unexpected data abort in Hyp mode at: %#08x',
  svc_die_str: 'unexpected HVC/SVC trap in Hyp mode at: %#08x',
} as const;
export type DieString = keyof typeof DIE_STRINGS;
/** Offset of und_die_str from _text in the modelled image; the others follow it. */
const DIE_STRINGS_OFFSET = 0x3c1cfc;

/** Kernel VA of each die string, laid out one after another as .ascii leaves them. */
export function dieStringVa(textVa: number, name: DieString): number {
  let va = textVa + DIE_STRINGS_OFFSET;
  for (const [k, text] of Object.entries(DIE_STRINGS)) {
    if (k === name) return va;
    va += text.length;
  }
  throw new Error(name);
}

/** arch/arm/include/asm/kvm_asm.h: the exception codes __kvm_vcpu_return reports. */
const ARM_EXCEPTION = { UNDEFINED: 1, PREF_ABORT: 3, DATA_ABORT: 4, IRQ: 5, HVC: 7 } as const;

/**
 * interrupts.S bad_exception (v3.10), used for undefined, SVC/HVC-in-HYP, prefetch and data
 * aborts taken in HYP: with VMID 0 the host was in HYP, so it "returns" into panic() in SVC
 * with the faulting HYP PC as the argument; a guest's goes back to the host through
 * __kvm_vcpu_return (not modelled: no guest runs here).
 */
function badException(name: string, code: number, textVa: number, str: DieString): AsmItem[] {
  return [
    label(name),
    push([0, 1, 2]),
    mrrc(6, 0, 1, 2, 'VTTBR'),
    lsrImm(1, 1, 16),
    dpImmS('and', 1, 1, 0xff, 'ands\tr1, r1, #0xff', 'VMID'),
    b('hyp_panic_' + name, 'VMID 0: the host was in HYP', 'eq'),
    movImm(1, code, `mov\tr1, #${code}`, 'a guest: report the exception code'),
    b('__kvm_vcpu_return', 'back to the host through the world switch'),
    label('hyp_panic_' + name),
    why(mrsCpsr(2), 'Build an SVC-mode SPSR so that the ERET lands in the kernel.'),
    dpImm('bic', 2, 2, 0x1f, 'bic\tr2, r2, #MODE_MASK'),
    dpImm('orr', 2, 2, 0x13, 'orr\tr2, r2, #SVC_MODE'),
    msrSpsr(2),
    why(mrsElrHyp(1), 'r1 = the HYP PC that faulted: panic() prints it.'),
    ldrLit(2, panicVa(textVa), 'ldr\tr2, =panic'),
    msrElrHyp(2, 'return into panic()'),
    ldrLit(0, dieStringVa(textVa, str), `ldr\tr0, =${str}`, `"${DIE_STRINGS[str]}"`),
    why(
      eret('into panic() in SVC'),
      'An unexpected exception in HYP is fatal: the host kernel panics.',
    ),
  ];
}

export function assembleHypCode(base: number, textVa: number): Assembled {
  return assemble('interrupts.S', 'arch/arm/kvm/interrupts.S', '__kvm_hyp_vector', base, [
    label('__kvm_hyp_code_start'),
    label('__kvm_flush_vm_context'),
    movImm(0, 0, 'mov\tr0, #0'),
    mcr(4, 0, 8, 3, 4, 'TLBIALLNSNHIS: guest TLB entries (none here)'),
    mcr(0, 0, 7, 1, 0, 'ICIALLUIS'),
    dsb(),
    isb(),
    bx(14),
    label('hypstep_probe', 'hypstep instrument: return the word at r0'),
    ldrImm(0, 0, 0),
    bx(14),
    label('kvm_call_hyp', 'called from SVC'),
    hvc(0),
    bx(14),
    align(32),
    label('__kvm_hyp_vector', 'the runtime vectors'),
    wb('hyp_reset'),
    wb('hyp_undef'),
    wb('hyp_svc'),
    wb('hyp_pabt'),
    wb('hyp_dabt'),
    wb('hyp_hvc'),
    wb('hyp_irq'),
    wb('hyp_fiq'),
    label('hyp_hvc', 'an HVC from the host or a guest'),
    push([0, 1, 2]),
    mrc(4, 1, 5, 2, 0, 'HSR'),
    lsrImm(0, 1, HSR_EC_SHIFT, 'exception class'),
    dpImm('cmp', 0, 0, HSR_EC_CP_0_13, 'cmp\tr0, #HSR_EC_CP_0_13'),
    b('switch_to_guest_vfp', 'lazy VFP switch for a guest', 'eq'),
    dpImm('cmp', 0, 0, HSR_EC_HVC, 'cmp\tr0, #HSR_EC_HVC'),
    b('guest_trap', 'not an HVC', 'ne'),
    mrrc(6, 0, 2, 2, 'VTTBR'),
    lsrImm(2, 2, 16),
    dpImm('and', 2, 2, 0xff, 'and\tr2, r2, #0xff', 'VMID'),
    dpImm('cmp', 0, 2, 0, 'cmp\tr2, #0'),
    b('guest_trap', 'a guest called HVC', 'ne'),
    label('host_switch_to_hyp', 'VMID 0: the host calls a HYP function'),
    pop([0, 1, 2]),
    push([14]),
    mrsSpsr(14),
    push([14]),
    movReg(14, 0, 'lr = the function'),
    movReg(0, 1, 'shift the arguments down'),
    movReg(1, 2),
    movReg(2, 3),
    blx(14, 'call the HYP function'),
    pop([14]),
    msrSpsr(14),
    pop([14]),
    eret('back to the host'),
    label('hyp_reset'),
    bSelf('hyp_reset: b hyp_reset'),
    ...badException('hyp_undef', ARM_EXCEPTION.UNDEFINED, textVa, 'und_die_str'),
    ...badException('hyp_svc', ARM_EXCEPTION.HVC, textVa, 'svc_die_str'),
    ...badException('hyp_pabt', ARM_EXCEPTION.PREF_ABORT, textVa, 'pabt_die_str'),
    ...badException('hyp_dabt', ARM_EXCEPTION.DATA_ABORT, textVa, 'dabt_die_str'),
    label('hyp_irq', 'an IRQ while a guest runs: leave the guest'),
    push([0, 1, 2]),
    movImm(1, ARM_EXCEPTION.IRQ, `mov\tr1, #${ARM_EXCEPTION.IRQ}`, 'ARM_EXCEPTION_IRQ'),
    b('__kvm_vcpu_return', 'load_vcpu, then back to the host through the world switch'),
    label('hyp_fiq'),
    bSelf('hyp_fiq: b hyp_fiq'),
    label('switch_to_guest_vfp'),
    label('guest_trap'),
    label('__kvm_vcpu_return', 'the world switch back to the host'),
    bSelf('guest paths: not modelled, no guest runs in this scenario'),
    ltorg(),
  ]);
}
