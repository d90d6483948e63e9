import { describe, expect, test } from 'vitest';
import { decodeInstruction, disassemble } from '../a32';
import { assembleHypCode, DIE_STRINGS, dieStringVa, panicVa } from './hypCode';

/*
 * v3.10 interrupts.S __kvm_hyp_vector: reset and FIQ loop on themselves; undefined, SVC/HVC in
 * HYP, prefetch and data aborts go to bad_exception (panic() for the host); IRQ leaves for
 * __kvm_vcpu_return. (The init vectors in init.S are plain self-loops: other tests keep those.)
 */
const TEXT_VA = 0xc0008000;
const hyp = assembleHypCode(0xc02d8a40, TEXT_VA);
const word = (va: number) => hyp.words.get(va)!;
const text = (va: number) => disassemble(decodeInstruction(word(va)), va);
/** Where the branch in vector slot `offset` goes. */
const slotTarget = (offset: number) => {
  const va = hyp.symbols['__kvm_hyp_vector']! + offset;
  return Number(
    /^b 0x([0-9a-f]+)$/.exec(text(va))![1]!.length
      ? parseInt(/0x([0-9a-f]+)/.exec(text(va))![1]!, 16)
      : NaN,
  );
};
/** The instructions from `va` up to and including the first eret or unconditional branch. */
function runOf(va: number): string[] {
  const out: string[] = [];
  for (let a = va; out.length < 40; a += 4) {
    const t = text(a);
    out.push(t);
    if (t === 'eret' || t.startsWith('b 0x')) break;
  }
  return out;
}

describe('runtime vectors (issue 9 item 9)', () => {
  const cases = [
    [0x04, 'hyp_undef', 'und_die_str'],
    [0x08, 'hyp_svc', 'svc_die_str'],
    [0x0c, 'hyp_pabt', 'pabt_die_str'],
    [0x10, 'hyp_dabt', 'dabt_die_str'],
  ] as const;
  for (const [offset, handler, str] of cases)
    test(`vector +${offset.toString(16)} goes to ${handler}: bad_exception, panic() with ${str} for the host`, () => {
      expect(slotTarget(offset)).toBe(hyp.symbols[handler]);
      const run = runOf(hyp.symbols[`hyp_panic_${handler}`]!);
      expect(run.at(-1)).toBe('eret');
      // the literal loads: panic() into ELR_hyp, the die string into r0
      const lits = [...hyp.words.values()];
      expect(lits).toContain(panicVa(TEXT_VA));
      expect(lits).toContain(dieStringVa(TEXT_VA, str));
      expect(DIE_STRINGS[str]).toMatch(/^unexpected .* in Hyp mode at: %#08x$/);
      // a guest's exception leaves through __kvm_vcpu_return
      const guest = runOf(hyp.symbols[handler]!);
      expect(guest).toContain(`b 0x${hyp.symbols['__kvm_vcpu_return']!.toString(16)}`);
    });

  test('IRQ goes to hyp_irq, which leaves for __kvm_vcpu_return with ARM_EXCEPTION_IRQ; reset and FIQ loop', () => {
    expect(slotTarget(0x18)).toBe(hyp.symbols['hyp_irq']);
    const irq = runOf(hyp.symbols['hyp_irq']!);
    expect(irq).toContain('mov r1, #5');
    expect(irq.at(-1)).toBe(`b 0x${hyp.symbols['__kvm_vcpu_return']!.toString(16)}`);
    for (const [offset, name] of [
      [0x00, 'hyp_reset'],
      [0x1c, 'hyp_fiq'],
    ] as const) {
      expect(slotTarget(offset)).toBe(hyp.symbols[name]);
      expect(text(hyp.symbols[name]!)).toBe(`b 0x${hyp.symbols[name]!.toString(16)}`);
    }
  });

  test('the die strings do not overlap', () => {
    const vas = (Object.keys(DIE_STRINGS) as (keyof typeof DIE_STRINGS)[]).map(
      (k) => [dieStringVa(TEXT_VA, k), DIE_STRINGS[k].length] as const,
    );
    for (let i = 1; i < vas.length; i++) expect(vas[i]![0]).toBe(vas[i - 1]![0] + vas[i - 1]![1]);
  });
});
