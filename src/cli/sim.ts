import { parseArgs } from './args';
import { COMMANDS } from './commands';
import { makeContext, UsageError, type Command } from './command';
import { helpText, VERSION } from './help';
import type { CliIo } from './io';

export { DEFAULT_MAX_STEPS } from './command';

/**
 * The hypstep CLI: parses the command line, runs one command from the table, and maps a
 * usage error to one line on stderr and exit status 2. Returns the exit status; the caller
 * (bin.ts) lets the process end only once stdout has drained.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  try {
    const args = parseArgs(argv, commands);
    if (args.values.has('--help')) {
      await io.write(helpText(commands) + '\n');
      return 0;
    }
    if (args.values.has('--version')) {
      await io.write(`hypstep ${VERSION}\n`);
      return 0;
    }
    const names = commands.map((c) => c.name).join(', ');
    if (!args.command)
      throw new UsageError(
        args.unknownCommand === undefined
          ? `no command (one of ${names}; see --help)`
          : `unknown command "${args.unknownCommand}" (one of ${names}; see --help)`,
      );
    if (!args.command.usesConfig) {
      const stray = ['--preset', '--config', '--set', '--step', '--cpu'].find((f) =>
        args.values.has(f),
      );
      if (stray) throw new UsageError(`${args.command.name} takes no ${stray}`);
    }
    return await args.command.run(makeContext(io, args.positionals, args.values, args.source));
  } catch (e) {
    if (e instanceof UsageError) {
      io.error(`hypstep: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
