import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { memoryIo } from './io';
import { main } from './sim';

/*
 * The compiled CLI as a process (issue 9 item 1, issue 10 item 5): built by scripts/sim.mjs
 * when missing or stale, exactly as `npm run sim` does.
 */
const root = new URL('../../', import.meta.url).pathname;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/sim.mjs', '--version'], { cwd: root, stdio: 'ignore' });
}, 120_000);

describe('the compiled CLI', () => {
  test('piped through a slow reader, the whole trace arrives (never cut at 64 KiB)', async () => {
    const io = memoryIo();
    await main(['--preset', 'hotplug', 'trace'], io);
    const expected = Buffer.byteLength(io.stdout());
    expect(expected).toBeGreaterThan(4 * 65536);
    // the reader sleeps first, so the pipe fills and the writer must wait for it
    const r = spawnSync(
      'sh',
      ['-c', 'node dist-cli/hypstep.cjs --preset hotplug trace | (sleep 0.5; wc -c)'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBe(expected);
  }, 60_000);

  test('npx hypstep walk boot 0xffff0000 runs the package bin', () => {
    const r = spawnSync('npx', ['--no-install', 'hypstep', 'walk', 'boot', '0xffff0000'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { pa: string }).pa).toBe('0x80320000');
  }, 60_000);

  test('a bad flag: one line on stderr, exit status 2', () => {
    const r = spawnSync(process.execPath, ['dist-cli/hypstep.cjs', '--step', '0', 'dump'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a reader that stops early (| head) ends the CLI quietly', () => {
    const r = spawnSync('sh', ['-c', 'node dist-cli/hypstep.cjs trace --ndjson | head -1'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toHaveProperty('schemaVersion');
  });
});
