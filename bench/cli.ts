import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/*
 * CLI start-up (issue 10 item 5): whole-process wall time of the compiled CLI against a bare
 * `node -e 0`, interleaved so machine load hits both alike. Numbers, never assertions.
 */
const BIN = 'dist-cli/hypstep.cjs';

function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchCli(runs = 20): void {
  if (!existsSync(BIN)) {
    const b = spawnSync('npm', ['run', '-s', 'build:cli'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build:cli failed');
  }
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['hypstep walk boot 0xffff0000', [BIN, 'walk', 'boot', '0xffff0000']],
    ['hypstep trace (dual-step)', [BIN, 'trace']],
  ];
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) cases.forEach(([, args], k) => times[k]!.push(wall(args)));
  const floor = median(times[0]!);
  console.log(`CLI whole-process wall time, median of ${runs} interleaved runs:`);
  cases.forEach(([name], k) => {
    const m = median(times[k]!);
    console.log(
      `  ${name.padEnd(30)} ${m.toFixed(0).padStart(5)} ms  ${(m / floor).toFixed(2)}x node -e 0`,
    );
  });
}

export function main(): number {
  benchCli();
  return 0;
}
