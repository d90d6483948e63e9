import { readFileSync } from 'node:fs';
import type { ConfigSource } from '../engine/resolveConfig';
import { GLOBAL_FLAGS, UsageError, type Command, type FlagSpec } from './command';

export interface ParsedArgs {
  command: Command | undefined;
  /** The unknown word where a command was expected. */
  unknownCommand: string | undefined;
  positionals: string[];
  values: Map<string, string[]>;
  source: ConfigSource;
}

/**
 * Flags may come before or after the command. Which flags take a value is known from every
 * command's specs, so `--from 5 trace` parses; a command's own flag on another command is an
 * error that names both.
 */
export function parseArgs(argv: readonly string[], commands: readonly Command[]): ParsedArgs {
  const specs = new Map<string, { spec: FlagSpec; owner: Command | null }>();
  for (const f of GLOBAL_FLAGS) specs.set(f.name, { spec: f, owner: null });
  for (const c of commands)
    for (const f of c.flags ?? []) if (!specs.has(f.name)) specs.set(f.name, { spec: f, owner: c });
  const values = new Map<string, string[]>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--') || a === '--') {
      if (a !== '--') words.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const known = specs.get(name);
    if (!known) throw new UsageError(`unknown option ${name} (see --help)`);
    let value = '';
    if (known.spec.value !== undefined) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value ${known.spec.value}`);
      value = v;
    } else if (eq > 0) throw new UsageError(`${name} takes no value`);
    const list = values.get(name) ?? [];
    if (list.length && !known.spec.repeatable && known.spec.value !== undefined)
      throw new UsageError(`${name} given twice`);
    list.push(value);
    values.set(name, list);
  }
  const [name, ...positionals] = words;
  const command = commands.find((c) => c.name === name);
  for (const [flag] of values) {
    const owner = specs.get(flag)!.owner;
    if (owner && command && owner !== command) {
      const takers = commands
        .filter((c) => c.flags?.some((f) => f.name === flag))
        .map((c) => c.name);
      throw new UsageError(`${flag} is an option of ${takers.join(', ')}, not of ${command.name}`);
    }
  }
  const source: ConfigSource = {
    preset: values.get('--preset')?.at(-1),
    file: undefined,
    sets: values.get('--set') ?? [],
  };
  const configPath = values.get('--config')?.at(-1);
  if (configPath !== undefined) source.file = readConfigFile(configPath);
  return {
    command,
    unknownCommand: command ? undefined : name,
    positionals,
    values,
    source,
  };
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--config: cannot read ${path}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--config: ${path} is not valid JSON`);
  }
}
