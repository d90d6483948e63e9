import type { Config } from '../engine/scenario/config';
import {
  LEFT_OUT,
  modelablePresets,
  probeConfigs,
  randomLayouts,
  type NamedConfig,
} from './configs';
import { buildHarness, checkTools, tempDir, ToolMissing } from './qemu';
import { crosscheckOne, NotModelable, type ConfigResult } from './run';

/** A line on stdout (the CLI's output; console.log is kept for the app's lint rule). */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export { imageCommand } from './image';

export interface CrosscheckOptions {
  /** Lines go here (console.log by default). */
  readonly print?: (line: string) => void;
  /** Configs run at once (QEMU is single-threaded; 2 suits a 2-core machine). */
  readonly jobs?: number;
}

function resultLine(r: ConfigResult): string {
  const agree = r.checks.filter((c) => c.ok).length;
  return `${agree === r.checks.length ? 'agree   ' : 'DISAGREE'} ${r.name.padEnd(18)} ${String(r.vaCount).padStart(5)} VAs ${`${agree}/${r.checks.length}`.padStart(11)} checks  engine outcome ${r.outcome.padEnd(10)} ${Math.round(r.ms)} ms`;
}

async function pool<T, R>(
  items: readonly T[],
  jobs: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * Runs the crosscheck over `configs`; prints one line per config and `N/M checks agree` last.
 * Returns the exit code: 0 all agree, 1 a disagreement (each named), 2 bad input or a
 * missing tool.
 */
export async function crosscheckCommand(
  configs: readonly NamedConfig[],
  options: CrosscheckOptions = {},
): Promise<number> {
  const print = options.print ?? ((l: string) => say(l));
  const tmp = tempDir();
  try {
    checkTools();
    const harness = buildHarness(`${tmp.dir}/harness`);
    const t0 = performance.now();
    // lines come out in config order, each as soon as it and every config before it are done
    const done: (ConfigResult | undefined)[] = [];
    let printed = 0;
    const flush = () => {
      for (let r = done[printed]; r; r = done[++printed]) {
        print(resultLine(r));
        for (const x of r.checks.filter((k) => !k.ok))
          print(`  ${r.name}: ${x.what}: engine ${x.engine}, QEMU ${x.qemu}`);
      }
    };
    const results = await pool(
      configs.map((c, i) => ({ c, i })),
      options.jobs ?? 2,
      ({ c, i }) =>
        crosscheckOne(c.name, c.config, harness, `${tmp.dir}/${c.name}`).then((r) => {
          done[i] = r;
          flush();
          return r;
        }),
    );
    const all = results.flatMap((r) => r.checks);
    const agree = all.filter((c) => c.ok).length;
    print(
      `${results.length} configs in ${(performance.now() - t0) / 1000 < 10 ? ((performance.now() - t0) / 1000).toFixed(1) : Math.round((performance.now() - t0) / 1000)} s`,
    );
    print(`${agree}/${all.length} checks agree`);
    return agree === all.length ? 0 : 1;
  } catch (e) {
    if (e instanceof ToolMissing || e instanceof NotModelable) {
      console.error(`hypstep crosscheck: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    tmp.remove();
  }
}

/** The CLI's `crosscheck` command: the one config the flags chose. */
export function crosscheckConfig(config: Config, name = 'config'): Promise<number> {
  return crosscheckCommand([{ name, config }], { jobs: 1 });
}

/** `npm run crosscheck`: every preset QEMU can model, two probe configs and 20 seeded random layouts. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length) {
    console.error(
      'hypstep crosscheck: takes no arguments (for one config: npm run -s sim -- --preset X crosscheck)',
    );
    return 2;
  }
  for (const [name, why] of Object.entries(LEFT_OUT)) say(`left out  ${name.padEnd(18)} ${why}`);
  return crosscheckCommand([...modelablePresets(), ...probeConfigs(), ...randomLayouts(20)]);
}
