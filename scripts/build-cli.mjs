// npm run build:cli (and prepare): the CLI bundle, its launcher (the package bin) and the
// V8 code cache a first run leaves, all in dist-cli/.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { build } from 'vite';

const dist = new globalThis.URL('../dist-cli/', import.meta.url);
await build({ configFile: new globalThis.URL('../vite.cli.config.ts', import.meta.url).pathname });
const bin = new globalThis.URL('hypstep.cjs', dist);
copyFileSync(new globalThis.URL('cli-launcher.cjs', import.meta.url), bin);
chmodSync(bin, 0o755);
rmSync(new globalThis.URL('cli.cache', dist), { force: true });
// one trace of the default scenario runs nearly every function walk, dump and trace use
const r = spawnSync(process.execPath, [bin.pathname, 'trace'], {
  env: { ...process.env, HYPSTEP_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (r.status !== 0) process.exit(r.status ?? 1);
