import { crosscheckCommand } from '../../crosscheck/command';
import { UsageError, type Command } from '../command';

/** `crosscheck`: this config's tables and init code in QEMU's Cortex-A15, compared with the engine. */
export const crosscheckCliCommand: Command = {
  name: 'crosscheck',
  summary:
    "run this config's page tables (ATS1HR on every mapped page and around it) and init code in QEMU's Cortex-A15 and compare with the engine; prints `N/M checks agree`, exit 1 on a disagreement",
  usesConfig: true,
  run(ctx) {
    if (ctx.args.length) throw new UsageError('crosscheck takes no arguments');
    return crosscheckCommand([{ name: ctx.flag('--preset') ?? 'config', config: ctx.config() }], {
      jobs: 1,
      print: (line) => void ctx.print(line),
    });
  },
};
