import { readFileSync } from 'node:fs';
import { hex, hex64 } from '../engine/arch/hex';
import type { HypVa } from '../engine/arch/types';
import { walk } from '../engine/cpu/walk';
import { dumpPgd } from '../engine/inspect/ptdump';
import { traceToJson } from '../engine/inspect/traceJson';
import { resolveConfig, type ConfigSource } from '../engine/resolveConfig';
import { PRESETS } from '../engine/scenario/presets';
import { simulate } from '../engine/simulate';
import type { Trace } from '../engine/trace/types';

const USAGE =
  'usage: npm run -s sim -- [--preset NAME] [--config FILE.json] [--set KEY=VALUE ...] [--step N] [--cpu N] (presets | trace | walk boot|runtime|httbr VA | dump)';

class UsageError extends Error {}

interface Args {
  source: ConfigSource;
  step: number | null;
  cpu: number;
  command: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const source: ConfigSource = { preset: undefined, file: undefined, sets: [] };
  let step: number | null = null;
  let cpu = 0;
  const command: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (name: string) => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--preset') source.preset = value(a);
    else if (a === '--config') {
      const path = value(a);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        throw new UsageError(`--config: cannot read ${path}`);
      }
      try {
        source.file = JSON.parse(text) as unknown;
      } catch {
        throw new UsageError(`--config: ${path} is not valid JSON`);
      }
    } else if (a === '--set') source.sets.push(value(a));
    else if (a === '--step') {
      const v = value(a);
      if (!/^[0-9]+$/.test(v)) throw new UsageError(`--step: "${v}" is not a whole number`);
      step = parseInt(v, 10);
    } else if (a === '--cpu') {
      const v = value(a);
      if (!/^[0-9]+$/.test(v)) throw new UsageError(`--cpu: "${v}" is not a whole number`);
      cpu = parseInt(v, 10);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else command.push(a);
  }
  return { source, step, cpu, command };
}

function stepState(trace: Trace, step: number | null) {
  if (step === null) return trace.steps[trace.steps.length - 1]?.state ?? trace.initial;
  if (step < 1 || step > trace.steps.length)
    throw new UsageError(
      `--step ${step} is out of range: this trace has steps 1 to ${trace.steps.length}`,
    );
  return (trace.steps[step - 1] as Trace['steps'][number]).state;
}

/**
 * The default for walk/dump without --step: the state once init_hyp_mode has created every
 * mapping (after kvm_vgic_hyp_init, before any boot-table freeing); the last step if init
 * never got there.
 */
function defaultStep(trace: Trace): number {
  const done = trace.steps.find(
    (s) =>
      (s.source.listing === 'init_hyp_mode' && s.source.text.startsWith('kvm_timer_hyp_init')) ||
      (s.source.listing === 'init_hyp_mode_v39' &&
        s.source.text.startsWith('"Hyp mode initialized')),
  );
  return done ? done.index : trace.steps.length;
}

export function main(argv: readonly string[]): number {
  try {
    const args = parseArgs(argv);
    const [cmd, ...rest] = args.command;
    if (cmd === undefined) throw new UsageError(`no command. ${USAGE}`);
    if (cmd === 'presets') {
      if (rest.length) throw new UsageError('presets takes no arguments');
      for (const p of PRESETS) console.log(`${p.name.padEnd(20)} ${p.title}`);
      return 0;
    }
    const resolved = resolveConfig(args.source);
    if (!resolved.ok) throw new UsageError(resolved.errors.map((e) => e.message).join('; '));
    const trace = simulate(resolved.config);
    if (cmd === 'trace') {
      if (rest.length) throw new UsageError('trace takes no arguments');
      console.log(JSON.stringify(traceToJson(trace), null, 1));
      return 0;
    }
    const stepNo = args.step ?? defaultStep(trace);
    const state = stepState(trace, stepNo === 0 ? null : stepNo);
    if (cmd === 'walk') {
      const [table, vaText, extra] = rest;
      if (table === undefined || vaText === undefined || extra !== undefined)
        throw new UsageError('walk takes TABLE VA, e.g. walk boot 0xffff0000');
      const va = /^0x[0-9a-f]{1,8}$/i.test(vaText)
        ? parseInt(vaText.slice(2), 16)
        : /^[0-9]{1,10}$/.test(vaText)
          ? parseInt(vaText, 10)
          : NaN;
      if (!Number.isInteger(va) || va < 0 || va >= 2 ** 32)
        throw new UsageError(`VA "${vaText}" is not a 32-bit address`);
      const cpu = state.cpus[args.cpu];
      if (!cpu)
        throw new UsageError(
          `--cpu ${args.cpu}: this scenario has CPUs 0 to ${state.cpus.length - 1}`,
        );
      const ttbr =
        table === 'boot'
          ? state.kernel.bootPgd
          : table === 'runtime'
            ? state.kernel.hypPgd
            : table === 'httbr'
              ? cpu.httbr
              : undefined;
      if (ttbr === undefined)
        throw new UsageError(`TABLE "${table}" must be boot, runtime or httbr`);
      if (ttbr === null || (table === 'httbr' && ttbr === 0))
        throw new UsageError(
          `the ${table === 'httbr' ? 'HTTBR of CPU ' + args.cpu : table + ' PGD'} is not set at step ${stepNo}`,
        );
      const w = walk(trace.world, state.version, ttbr, va as HypVa, 'coherent', null);
      console.log(
        JSON.stringify(
          {
            va: hex(va, 8),
            table,
            ttbr: hex(ttbr),
            step: stepNo,
            levels: w.levels.map((l) => ({
              level: l.level,
              index: hex(l.index),
              tableAddr: hex(l.tableAddr),
              descAddr: hex(l.descAddr),
              desc: hex64(l.desc),
              kind: l.kind,
            })),
            pa: w.pa === null ? null : hex(w.pa),
            fault: w.fault
              ? { type: w.fault.type, level: w.fault.level, fsc: hex(w.fault.fsc, 2) }
              : null,
          },
          null,
          1,
        ),
      );
      return 0;
    }
    if (cmd === 'dump') {
      if (rest.length) throw new UsageError('dump takes no arguments');
      const active = state.cpus[args.cpu]?.httbr ?? 0;
      console.log(`# ${trace.config.design} at step ${stepNo} of ${trace.steps.length}`);
      if (trace.config.design === 'dual-step')
        console.log(
          dumpPgd(
            trace.world,
            state.version,
            'boot',
            state.kernel.bootPgd,
            active !== 0 && active === state.kernel.bootPgd,
          ),
        );
      console.log(
        dumpPgd(
          trace.world,
          state.version,
          trace.config.design === 'dual-step' ? 'runtime' : 'HYP',
          state.kernel.hypPgd,
          active !== 0 && active === state.kernel.hypPgd,
        ),
      );
      return 0;
    }
    throw new UsageError(`unknown command "${cmd}". ${USAGE}`);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`hypstep: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
