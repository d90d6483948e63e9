import { hex } from '../engine/arch/hex';
import { panicVa } from '../engine/cpu/program/hypCode';
import type { CpuState } from '../engine/machine/cpuState';
import type { Check } from './compare';
import type { Exported } from './export';
import type { Run } from './job';

/**
 * HSCTLR bits compared: M, A, C, I, WXN, FI, EE, TE (the ones init.S writes, HSCTLR_MASK).
 * The other bits are reserved (RES1 0x30c5_0818 on ARMv7); QEMU reads them as 0.
 */
export const HSCTLR_COMPARED = 0x42281007;
/** hyp_hvc pushes LR and SPSR before it calls the function: SP_hyp = SP at the call + 8. */
export const HANDLER_PUSH = 8;

export interface HypException {
  readonly ec: number;
  readonly fsc: number | null;
  readonly far: number | null;
}

/** What the harness and QEMU's `-d int` log showed for one init run. */
export interface InitObservation {
  readonly dumps: ReadonlyMap<number, { httbr: number; hsctlr: number; hvbar: number; sp: number }>;
  readonly probe: number | null;
  readonly flushed: boolean;
  readonly ended: boolean;
  readonly svcAbortAt: number | null;
  readonly firstHypException: HypException | null;
  readonly refused: string | null;
}

const H = '0x([0-9a-f]{8})';

export function parseInit(stdout: string, log: string): InitObservation {
  const dumps = new Map<number, { httbr: number; hsctlr: number; hvbar: number; sp: number }>();
  for (const m of stdout.matchAll(new RegExp(`^D ${H} ${H} ${H} ${H} ${H} ${H}$`, 'gm'))) {
    const n = m.slice(1).map((x) => parseInt(x, 16));
    dumps.set(n[0]!, {
      httbr: n[1]! * 2 ** 32 + n[2]!,
      hsctlr: n[3]!,
      hvbar: n[4]!,
      sp: n[5]!,
    });
  }
  const probe = new RegExp(`^PROBE ${H}$`, 'm').exec(stdout);
  const svc = new RegExp(`^SVC-EXC ${H} ${H} ${H} ${H}$`, 'm').exec(stdout);
  const refused = /^REFUSE.*$/m.exec(stdout);
  return {
    dumps,
    probe: probe ? parseInt(probe[1]!, 16) : null,
    flushed: /^FLUSH /m.test(stdout),
    ended: /^END$/m.test(stdout),
    svcAbortAt: svc ? parseInt(svc[3]!, 16) : null,
    firstHypException: firstHypException(log),
    refused: refused ? refused[0] : null,
  };
}

/**
 * The first exception QEMU took to EL2 other than an HVC or a semihosting call, from its
 * `-d int` log: "Taking exception N [...]", "...from ELa to ELb", "...with ESR 0xEC/0xSYN",
 * "...with HIFAR|HDFAR 0x...".
 */
export function firstHypException(log: string): HypException | null {
  const blocks = log.split(/^(?=Taking exception )/m);
  for (const b of blocks) {
    const head = /^Taking exception (\d+) /.exec(b);
    if (!head) continue;
    const n = Number(head[1]);
    if (n === 11 || n === 16 || !/to EL2/.test(b)) continue;
    const esr = /with ESR 0x([0-9a-f]+)\/0x([0-9a-f]+)/.exec(b);
    if (!esr) continue;
    const ec = parseInt(esr[1]!, 16);
    const syn = parseInt(esr[2]!, 16);
    const far = /with H[ID]FAR 0x([0-9a-f]+)/.exec(b);
    const abort = ec === 0x20 || ec === 0x21 || ec === 0x24 || ec === 0x25;
    return {
      ec,
      fsc: abort ? syn & 0x3f : null,
      far: abort && far ? parseInt(far[1]!, 16) : null,
    };
  }
  return null;
}

export interface InitExpectation {
  readonly firstHypException: HypException | null;
  readonly outcome: 'returns' | 'hang' | 'panic';
  /** Runs (by index) whose init completes, with the registers it leaves. */
  readonly dumps: ReadonlyMap<number, CpuState>;
  readonly probe: number | null;
  readonly panicVa: number;
}

/** The engine's answers for the same runs. */
export function expectInit(ex: Exported, runs: readonly Run[]): InitExpectation {
  const { trace } = ex;
  let first: HypException | null = null;
  let failRun = runs.length;
  for (const s of trace.steps) {
    const x = s.changes.find((c) => c.kind === 'exception' && c.name !== 'HVC');
    if (!x || x.kind !== 'exception' || x.hsr === null) continue;
    const ec = x.hsr >>> 26;
    const c = s.state.cpus[x.cpu]!;
    const abort = ec === 0x21 || ec === 0x25;
    first = {
      ec,
      fsc: abort ? x.hsr & 0x3f : null,
      far: abort ? (ec === 0x21 ? c.hifar : c.hdfar) : null,
    };
    if (s.phase === 'hyp-phase1' || s.phase === 'hyp-phase2')
      failRun = runs.findIndex((r) => r.cpu === x.cpu);
    else if (s.phase === 'hotplug') failRun = runs.length - 1;
    break;
  }
  const last = trace.steps[trace.steps.length - 1]!.state;
  const dumps = new Map<number, CpuState>();
  runs.forEach((r, i) => {
    if (i >= failRun) return;
    const hot = ex.config.hotplugCpu > 0 && i === runs.length - 1;
    dumps.set(i, (hot ? last : ex.state).cpus[r.cpu]!);
  });
  let probe: number | null = null;
  if (ex.config.probeVa >= 0)
    for (const s of trace.steps) {
      const a = s.accesses.find((acc) => acc.type === 'read' && acc.va === ex.config.probeVa);
      if (a && a.value !== null && s.phase === 'runtime') {
        probe = a.value;
        break;
      }
    }
  const kind = trace.outcome.kind;
  const layout = trace.layout;
  return {
    firstHypException: first,
    outcome: kind === 'hang' ? 'hang' : kind === 'panic' ? 'panic' : 'returns',
    dumps,
    probe,
    panicVa: panicVa(layout.pageOffset + (layout.kernelStart - layout.physOffset)),
  };
}

function describeExc(x: HypException | null): string {
  if (!x) return 'none';
  return `EC ${hex(x.ec, 2)}${x.fsc !== null ? `, FSC ${hex(x.fsc, 2)}` : ''}${x.far !== null ? `, FAR ${hex(x.far, 8)}` : ''}`;
}

export function compareInit(
  exp: InitExpectation,
  obs: InitObservation,
  runs: readonly Run[],
  timedOut: boolean,
): Check[] {
  const checks: Check[] = [];
  const q = obs.ended
    ? 'returns'
    : obs.svcAbortAt !== null
      ? `panic (SVC entered at ${hex(obs.svcAbortAt, 8)})`
      : timedOut
        ? 'hang'
        : 'stopped';
  const e = exp.outcome === 'panic' ? `panic (SVC entered at ${hex(exp.panicVa, 8)})` : exp.outcome;
  checks.push({ what: 'init outcome', ok: q === e, engine: e, qemu: q });
  const ee = describeExc(exp.firstHypException);
  const qe = describeExc(obs.firstHypException);
  checks.push({ what: 'first exception taken to Hyp mode', ok: ee === qe, engine: ee, qemu: qe });
  runs.forEach((r, i) => {
    const want = exp.dumps.get(i);
    const got = obs.dumps.get(i);
    const who = `run ${i} (CPU${r.cpu})`;
    if (!want || !got) {
      checks.push({
        what: `${who}: init completes`,
        ok: !want === !got,
        engine: want ? 'completes' : 'does not complete',
        qemu: got ? 'completes' : 'does not complete',
      });
      return;
    }
    const pairs: [string, string, string][] = [
      ['HTTBR', hex(want.httbr), hex(got.httbr)],
      [
        `HSCTLR & ${hex(HSCTLR_COMPARED, 8)}`,
        hex((want.hsctlr & HSCTLR_COMPARED) >>> 0, 8),
        hex((got.hsctlr & HSCTLR_COMPARED) >>> 0, 8),
      ],
      ['HVBAR', hex(want.hvbar, 8), hex(got.hvbar, 8)],
      ['SP_hyp', hex(want.spHyp, 8), hex((got.sp + HANDLER_PUSH) >>> 0, 8)],
    ];
    for (const [name, a, b] of pairs)
      checks.push({ what: `${who}: ${name}`, ok: a === b, engine: a, qemu: b });
  });
  if (exp.probe !== null || obs.probe !== null) {
    const a = exp.probe === null ? 'none' : hex(exp.probe, 8);
    const b = obs.probe === null ? 'none' : hex(obs.probe, 8);
    checks.push({ what: 'probe load after init', ok: a === b, engine: a, qemu: b });
  }
  return checks;
}
