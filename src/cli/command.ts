import type { Config } from '../engine/scenario/config';
import { estimateCost } from '../engine/scenario/cost';
import { resolveConfig, type ConfigSource } from '../engine/resolveConfig';
import { simulate } from '../engine/simulate';
import type { Trace } from '../engine/trace/types';
import type { CliIo } from './io';

/** A mistake in the command line: one line on stderr, exit 2. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** With the dashes: "--from". */
  readonly name: string;
  /** Placeholder of its value ("N"); absent for a switch. */
  readonly value?: string;
  readonly repeatable?: boolean;
  readonly help: string;
  readonly default?: string;
}

/** What a command's run() gets: its arguments, its flags, the output and the shared steps. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly io: CliIo;
  /** The last value of a flag, or undefined. */
  flag(name: string): string | undefined;
  /** Every value of a repeatable flag. */
  flags(name: string): readonly string[];
  has(name: string): boolean;
  /** A flag's value as a whole number >= min, or undefined when absent. */
  intFlag(name: string, min: number): number | undefined;
  /** The config from --preset/--config/--set (or another source), validated. */
  config(source?: ConfigSource): Config;
  /** Simulates a config after checking its estimated cost against --max-steps. */
  simulate(config: Config): Trace;
  /** Writes a line (or several) to stdout, waiting when the pipe is full. */
  print(text: string): Promise<void> | void;
}

export interface Command {
  readonly name: string;
  /** Positional arguments for the synopsis, e.g. "TABLE VA". */
  readonly args?: string;
  readonly summary: string;
  /** Flags only this command takes. */
  readonly flags?: readonly FlagSpec[];
  /** Takes --preset/--config/--set/--step/--cpu/--max-steps. */
  readonly usesConfig: boolean;
  run(ctx: CommandContext): Promise<number> | number;
}

/** Above this many estimated steps the CLI refuses to simulate unless --max-steps allows it. */
export const DEFAULT_MAX_STEPS = 2_000_000;

export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  {
    name: '--preset',
    value: 'NAME',
    help: 'start from this preset (see `presets`)',
    default: 'dual-step',
  },
  {
    name: '--config',
    value: 'FILE.json',
    help: 'apply the keys of a JSON config file over the preset',
  },
  {
    name: '--set',
    value: 'KEY=VALUE',
    repeatable: true,
    help: 'override one config key (after --config); repeat for more',
  },
  {
    name: '--step',
    value: 'N',
    help: 'the 1-based step whose state walk/dump read',
    default: 'after every runtime mapping is made',
  },
  {
    name: '--cpu',
    value: 'N',
    help: 'whose HTTBR `walk httbr` uses and dump marks active',
    default: '0',
  },
  {
    name: '--max-steps',
    value: 'N',
    help: 'refuse (exit 2) a scenario estimated to take more steps',
    default: DEFAULT_MAX_STEPS.toLocaleString('en-US'),
  },
  { name: '--help', help: 'print this help and exit' },
  { name: '--version', help: 'print the version and exit' },
];

/** The context main() builds for a command from the parsed command line. */
export function makeContext(
  io: CliIo,
  args: readonly string[],
  values: ReadonlyMap<string, readonly string[]>,
  source: ConfigSource,
): CommandContext {
  const flag = (name: string) => values.get(name)?.at(-1);
  const intFlag = (name: string, min: number) => {
    const v = flag(name);
    if (v === undefined) return undefined;
    const t = v.replace(/_/g, '');
    if (!/^[0-9]+$/.test(t) || parseInt(t, 10) < min)
      throw new UsageError(`${name}: "${v}" is not a whole number >= ${min}`);
    return parseInt(t, 10);
  };
  const maxSteps = intFlag('--max-steps', 1) ?? DEFAULT_MAX_STEPS;
  return {
    args,
    io,
    flag,
    flags: (name) => values.get(name) ?? [],
    has: (name) => values.has(name),
    intFlag,
    config(src = source) {
      const r = resolveConfig(src);
      if (!r.ok) throw new UsageError(r.errors.map((e) => e.message).join('; '));
      return r.config;
    },
    simulate(config) {
      const cost = estimateCost(config);
      if (cost.steps > maxSteps)
        throw new UsageError(
          `this scenario would take about ${cost.steps.toLocaleString('en-US')} steps (${cost.pagesMapped.toLocaleString('en-US')} pages mapped, ~${Math.round(cost.bytes / 2 ** 20)} MiB), over --max-steps ${maxSteps.toLocaleString('en-US')}; raise --max-steps to run it`,
        );
      return simulate(config);
    },
    print: (text) => io.write(text + '\n'),
  };
}
