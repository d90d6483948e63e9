import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../scenario/config';
import { HYP_STUB_OFFSET } from '../scenario/layout';
import { simulate } from '../simulate';

describe('__hyp_get_vectors through the stub (issue 9 item 5)', () => {
  // hyp-stub.S: __hyp_stub_do_trap is 4 instructions (cmp, mrceq, mcrne, eret); then
  // __hyp_get_vectors: mov r0, #-1; then __hyp_set_vectors: hvc #0; bx lr
  const stubVa =
    DEFAULT_CONFIG.pageOffset +
    (DEFAULT_CONFIG.kernelStart - DEFAULT_CONFIG.ramBase) +
    HYP_STUB_OFFSET;
  const hvcVa = stubVa + 4 * 4 + 4;

  test("the HVC that runs is __hyp_set_vectors' (get falls through into it) and the ERET returns after it", () => {
    const t = simulate(DEFAULT_CONFIG); // in the test body, for per-test coverage (issue 13)
    const get = t.steps.find((s) => s.title.includes('__hyp_get_vectors'))!;
    expect(get.instruction).toMatchObject({ pc: hvcVa, text: 'hvc #0' });
    const set = t.steps.find((s) => s.title.includes('__hyp_set_vectors'))!;
    expect(set.instruction!.pc).toBe(hvcVa);
    const eret = t.steps.find((s) => s.index > get.index && s.instruction?.text === 'eret')!;
    expect(eret.state.cpus[0]!.mode).toBe('svc');
    expect(eret.state.cpus[0]!.pc).toBe(hvcVa + 4);
    expect(eret.title).toContain(`0x${(hvcVa + 4).toString(16)}`);
  });
});
