import { TRAMPOLINE_VA } from '../../arch/lpae';
import { assemble, type Assembled, type AsmItem } from './assembler';
import {
  HSCTLR_KERNEL_BITS,
  HSCTLR_M_A,
  HSCTLR_MASK,
  HTCR_MASK,
  KVM_VTCR_S,
  KVM_VTCR_SL0,
  KVM_VTCR_T0SZ,
  TTBCR_T0SZ,
  VTCR_HTCR_SH,
  VTCR_MASK,
} from './constants';
import {
  adr,
  align,
  b,
  bfi,
  bSelf,
  cmpImm,
  dpImm,
  dpReg,
  dsb,
  eret,
  isb,
  label,
  ldrLit,
  ltorg,
  mcr,
  mcrr,
  movImm,
  movReg,
  mrc,
  nop,
  note,
  space,
  wb,
  why,
} from './dsl';

/*
 * The code the HYP CPU runs, as the simulator renders it (ARM state, little endian), written
 * from hyp-init-facts.md §4. Comments are hypstep's own.
 */

const initVectors = (): AsmItem[] => [
  align(32),
  label('__kvm_hyp_init', 'the init vector table (HVBAR points here during init)'),
  bSelf('reset'),
  bSelf('undefined'),
  bSelf('svc'),
  why(
    bSelf('prefetch abort: any abort during init spins here'),
    'The init vectors handle only the HVC from SVC. Any other exception lands on a branch to itself: HYP spins here silently and the kernel waits forever for the HVC to return.',
  ),
  bSelf('data abort'),
  why(
    wb('__do_hyp_init', 'hyp trap: HVC from SVC enters here'),
    'An HVC issued in SVC enters Hyp mode at HVBAR + 0x14. This slot is the only way into the init code.',
  ),
  bSelf('irq'),
  bSelf('fiq'),
];

const phase1Body = (scratch: number): AsmItem[] => [
  note('HTCR and VTCR: walk attributes as the kernel has them, T0SZ = 0'),
  mrc(4, 0, 2, 0, 2, 'read HTCR'),
  ldrLit(scratch, HTCR_MASK, `ldr\tr${scratch}, =HTCR_MASK`),
  dpReg('bic', 0, 0, scratch),
  mrc(0, 1, 2, 0, 2, 'read the kernel TTBCR'),
  dpImm(
    'and',
    1,
    1,
    HTCR_MASK & ~TTBCR_T0SZ,
    'and\tr1, r1, #(HTCR_MASK & ~TTBCR_T0SZ)',
    'keep IRGN0, ORGN0, SH0',
  ),
  dpReg('orr', 0, 0, 1),
  mcr(4, 0, 2, 0, 2, 'HTCR'),
  mrc(4, 1, 2, 1, 2, 'read VTCR'),
  ldrLit(scratch, VTCR_MASK, `ldr\tr${scratch}, =VTCR_MASK`),
  dpReg('bic', 1, 1, scratch),
  dpImm(
    'and',
    0,
    0,
    VTCR_HTCR_SH,
    'bic\tr0, r0, #(~VTCR_HTCR_SH)',
    'assembles as and r0, r0, #0x3f00',
  ),
  dpReg('orr', 1, 0, 1),
  dpImm(
    'orr',
    1,
    1,
    KVM_VTCR_SL0 | KVM_VTCR_T0SZ | KVM_VTCR_S,
    'orr\tr1, r1, #(KVM_VTCR_SL0 | KVM_VTCR_T0SZ | KVM_VTCR_S)',
  ),
  mcr(4, 1, 2, 1, 2, 'VTCR: stage 2 ready for guests'),
  note('HYP uses the kernel memory attributes: HMAIRn = MAIRn'),
  mrc(0, 0, 10, 2, 0, 'MAIR0'),
  mcr(4, 0, 10, 2, 0, 'HMAIR0'),
  mrc(0, 0, 10, 2, 1, 'MAIR1'),
  mcr(4, 0, 10, 2, 1, 'HMAIR1'),
  note('HSCTLR: EE, FI, I, C as in SCTLR; M and A on; WXN off'),
  mrc(4, 0, 1, 0, 0, 'read HSCTLR'),
  ldrLit(scratch, HSCTLR_MASK, `ldr\tr${scratch}, =HSCTLR_MASK`),
  dpReg('bic', 0, 0, scratch),
  mrc(0, 1, 1, 0, 0, 'read the kernel SCTLR'),
  ldrLit(
    scratch,
    HSCTLR_KERNEL_BITS,
    `ldr\tr${scratch}, =(HSCTLR_EE | HSCTLR_FI | HSCTLR_I | HSCTLR_C)`,
  ),
  dpReg('and', 1, 1, scratch),
  movImm(
    scratch,
    HSCTLR_M_A,
    `ldr\tr${scratch}, =(HSCTLR_M | HSCTLR_A)`,
    'the assembler turns this into mov #3',
  ),
  dpReg('orr', 1, 1, scratch),
  dpReg('orr', 0, 0, 1),
  why(
    isb('the table and attribute writes take effect before the MMU goes on'),
    'Makes the writes to HTTBR, HTCR, VTCR and HMAIRn take effect before the MMU is switched on.',
  ),
];

/** The what-if's extra init code (`pad` bytes, modelled as nops). */
function padding(pad: number): AsmItem[] {
  return pad ? [space(pad, `.space\t${pad}\t\t@ what-if: more init code (modelled as nops)`)] : [];
}

/** init.S after the dual-step patch (v3.10). `pad` models extra code inserted before `target`. */
export function assembleInitDualStep(base: number, pad = 0, skipTlbi = false): Assembled {
  return assemble('init.S', 'arch/arm/kvm/init.S', '__kvm_hyp_init', base, [
    ...initVectors(),
    label('__do_hyp_init'),
    why(
      cmpImm(0, 0, 'cmp\tr0, #0', 'r0 == 0 marks phase 1; phase 2 passes the stack'),
      'Six values must reach HYP (two 64-bit PGDs, the stack and the vectors) but an HVC carries only r0-r3, so init takes two calls. The first passes r0 = 0, which is never a valid stack address.',
    ),
    why(
      b('phase2', 'second call: go to phase 2', 'ne'),
      'A non-zero r0 is the HYP stack pointer of the second call: skip phase 1.',
    ),
    why(
      mcrr(4, 2, 3, 2, 'HTTBR = boot PGD (r2 low, r3 high)'),
      'HTTBR gets the boot PGD: the tables that map this very page at its identity address. When the MMU comes on, the next fetch must translate to the same place, and only the idmap guarantees that. The PGD is passed in r2:r3 because a 64-bit argument takes an even/odd register pair.',
    ),
    ...phase1Body(2),
    why(
      mcr(4, 0, 1, 0, 0, 'HSCTLR: the HYP MMU is on'),
      'The HYP MMU and caches go on. From the next instruction, every fetch is translated through the boot PGD; the PC is an identity-mapped address, so it keeps pointing at this code. Architecturally the fetches right after this write may use either translation until a context-synchronising event: the idmap makes both give the same address.',
    ),
    why(
      eret('end of phase 1: back to SVC'),
      'Phase 1 is done: ERET returns to SVC just after the HVC, and is itself a context-synchronising event. The kernel now makes the second call.',
    ),
    // the what-if's extra code sits where no path runs it and no PC-relative offset spans it
    // (adr to target, the literal loads: phase 1's pool goes before it, as .ltorg would put
    // it): only the bne to phase2 crosses it
    ...(pad ? [ltorg(), ...padding(pad)] : []),
    label('phase2'),
    why(
      movReg(13, 0, 'SP_hyp = runtime stack (a runtime VA, unused until HYP is live)'),
      'The HYP stack pointer is a runtime VA that the boot PGD does not map. That is fine as long as nothing touches the stack before the switch.',
    ),
    why(
      mcr(4, 1, 12, 0, 0, 'HVBAR = runtime vectors (a runtime VA)'),
      'HVBAR now points at __kvm_hyp_vector, a runtime VA that the boot PGD does not map: from here until the switch, any exception would fault on its own vector fetch.',
    ),
    why(
      ldrLit(0, TRAMPOLINE_VA, 'ldr\tr0, =TRAMPOLINE_VA'),
      'A literal-pool load (a data access through the boot PGD idmap): r0 = 0xffff0000, the trampoline VA, which both PGDs map to this same physical page.',
    ),
    why(
      adr(1, 'target', 'r1 = idmap address of target'),
      'PC-relative: r1 = the identity address of the label target, a few instructions on.',
    ),
    why(
      bfi(
        0,
        1,
        0,
        12,
        'bfi\tr0, r1, #0, #PAGE_SHIFT',
        'r0 = TRAMPOLINE_VA | offset of target in the page',
      ),
      'Keep the offset of target inside its page and put it under the trampoline VA: the address of the same instruction through the alias.',
    ),
    why(
      movReg(15, 0, 'jump into the trampoline alias of this page'),
      'Jump to the trampoline alias. Still under the boot PGD, the fetch is translated through its trampoline entry, which points at this same page. From now on the code runs at a VA that is valid in both tables.',
    ),
    label('target', 'running at the trampoline VA: the same page in both tables'),
    why(
      mcrr(4, 2, 3, 2, 'HTTBR = runtime PGD'),
      'Switch to the runtime PGD. The PC (0xffff0xxx) is mapped identically there, so the next fetch still finds this page: the reason for the trampoline.',
    ),
    why(
      isb('later fetches use the new tables'),
      'Context synchronisation: fetches and walks after this point use the new HTTBR.',
    ),
    skipTlbi
      ? why(
          nop('what-if: TLBIALLH left out (a nop keeps the layout)'),
          'In this what-if the TLB invalidation is missing. Every translation filled under the boot PGD stays in the TLB, including the idmap page, which the runtime PGD does not map.',
        )
      : why(
          mcr(4, 0, 8, 7, 0, 'TLBIALLH: drop every HYP TLB entry'),
          'The TLB still holds translations filled under the boot PGD, including the idmap page, which the runtime PGD does not map. TLBIALLH is a PL2 operation, so only HYP can do this; before the patch PL1 removed the idmap and had no way to flush them.',
        ),
    why(
      dsb('wait for the invalidation to finish'),
      'Waits for the TLB invalidation to complete before going on.',
    ),
    why(
      eret('HYP is live: back to SVC'),
      "Back to SVC with HYP fully set up: runtime tables, runtime vectors and this CPU's stack. The ERET also synchronises the context after the invalidation.",
    ),
    ltorg(),
    label('__kvm_hyp_init_end'),
  ]);
}

/** init.S before the patch (v3.9): one call; the MMU goes on from the idmap and HYP is left running at once. */
export function assembleInitSingleStep(base: number, pad = 0): Assembled {
  return assemble('init.S-v3.9', 'arch/arm/kvm/init.S (v3.9)', '__kvm_hyp_init', base, [
    ...initVectors(),
    // as in the dual-step code: where nothing runs it and no PC-relative offset spans it
    ...padding(pad),
    label('__do_hyp_init'),
    why(
      mcrr(4, 0, 1, 2, 'HTTBR = hyp_pgd (r0 low, r1 high)'),
      'Before the patch there is one HYP table: it holds the idmap now and will hold the runtime mappings later.',
    ),
    ...phase1SingleStep(),
    why(
      mcr(4, 0, 1, 0, 0, 'HSCTLR: the HYP MMU is on'),
      'The MMU goes on under the one HYP PGD; the idmap keeps the PC valid.',
    ),
    isb(),
    why(
      movReg(13, 2, 'SP_hyp = runtime stack (mapped only later)'),
      'The stack is a runtime VA that is not mapped yet: in v3.9 the runtime mappings are created after every CPU has run this code.',
    ),
    why(
      mcr(4, 3, 12, 0, 0, 'HVBAR = runtime vectors (mapped only later)'),
      'HVBAR gets the runtime vectors, also not mapped yet.',
    ),
    why(
      eret('back to SVC; the idmap is torn down later from PL1'),
      'Back to SVC. The idmap translations this CPU used stay in its TLB: nothing in HYP invalidates them, and PL1 cannot.',
    ),
    ltorg(),
    label('__kvm_hyp_init_end'),
  ]);
}

/**
 * v3.9 phase-1 body: r12 as scratch; EE and FI copied from SCTLR, M, A, I and C forced on.
 * Pre-dual-step copies differ here: an early one leaves C off, a later one (taken here as v3.9,
 * an assumption [I]) forces it on, which makes HYP data accesses and table walks cacheable.
 */
function phase1SingleStep(): AsmItem[] {
  const body = phase1Body(12);
  const i = body.findIndex(
    (it) => it.kind === 'insn' && it.text.includes('HSCTLR_EE | HSCTLR_FI | HSCTLR_I | HSCTLR_C'),
  );
  body[i] = movImm(
    12,
    0x02200000,
    'ldr\tr12, =(HSCTLR_EE | HSCTLR_FI)',
    'a valid immediate: mov r12, #0x02200000',
  );
  const j = body.findIndex((it) => it.kind === 'insn' && it.text.includes('HSCTLR_M | HSCTLR_A'));
  body[j] = why(
    ldrLit(12, 0x1007, 'ldr\tr12, =(HSCTLR_M | HSCTLR_A | HSCTLR_I | HSCTLR_C)', 'forced on'),
    'v3.9 forces M, A, I and C on rather than copying I and C from SCTLR. Pre-dual-step copies of init.S differ on C; hypstep takes the later one, which sets it [I].',
  );
  return body;
}

export { naturalIdmapLength } from './initCodeLength';
