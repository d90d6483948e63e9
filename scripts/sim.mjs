// `npm run sim`: runs the compiled CLI, building it first when it is missing or older than
// its sources (a checkout that skipped `prepare`, or an edit since the last build).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const bin = join(root, 'dist-cli', 'hypstep.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ['src/engine', 'src/cli'].map((d) => newestSource(join(root, d)));
if (!existsSync(bin) || statSync(bin).mtimeMs < Math.max(...sources)) {
  const r = spawnSync('npm', ['run', '-s', 'build:cli'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(bin);
