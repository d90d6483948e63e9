import { hex } from '../arch/hex';
import { isStale } from '../cpu/tlb';
import type { Trace } from '../trace/types';

/** The CLI's `trace` JSON (DESIGN.md): numbers as lower-case 0x strings, steps 1-based. */
export function traceToJson(trace: Trace) {
  const c = trace.config;
  return {
    config: Object.fromEntries(
      Object.entries(c).map(([k, v]) => [
        k,
        typeof v === 'number' && v >= 0 && /Start|Base|Size|Offset|Length|Va$/.test(k) ? hex(v) : v,
      ]),
    ),
    outcome: {
      kind: trace.outcome.kind,
      summary: trace.outcome.summary,
      detail: trace.outcome.detail,
      step: trace.outcome.step,
    },
    steps: trace.steps.map((s) => {
      const cpu = s.state.cpus[s.cpu]!;
      return {
        index: s.index,
        phase: s.phase,
        actor: s.actor,
        title: s.title,
        source: { file: s.source.file, function: s.source.func, line: s.source.text },
        cpu: s.cpu,
        pc: hex(cpu.pc, 8),
        mode: cpu.mode.toUpperCase(),
        httbr: hex(cpu.httbr, 10),
        hsctlr: hex(cpu.hsctlr, 8),
        hvbar: hex(cpu.hvbar, 8),
        sp: hex(cpu.spHyp, 8),
        tlb: cpu.tlb.entries.flatMap((e) =>
          e
            ? [
                {
                  va: hex(e.vaPage, 8),
                  pa: hex(e.paPage, 8),
                  stale: isStale(trace.world, s.state.version, cpu.httbr, e),
                },
              ]
            : [],
        ),
      };
    }),
  };
}
