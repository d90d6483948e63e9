import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Blob } from './export';
import { HARNESS_END, HARNESS_PA, JOB_PA } from './job';

export const QEMU = 'qemu-system-arm';
export const CROSS_GCC = 'arm-none-eabi-gcc';
export const CROSS_AS = 'arm-none-eabi-as'; // binutils-arm-none-eabi, which gcc runs
const INSTALL =
  'sudo apt-get install -y --no-install-recommends qemu-system-arm gcc-arm-none-eabi binutils-arm-none-eabi';

export class ToolMissing extends Error {}

/** Start of virt's RAM; -m sizes it from there. */
export const VIRT_RAM_BASE = 0x40000000;
/**
 * The most RAM the crosscheck gives virt: 0x4000_0000 up to 4 GiB. virt takes more for an LPAE
 * CPU, but QEMU 7.2's Cortex-A15 does not walk a Hyp table above 4 GiB: with HTTBR =
 * 0x1_0005_4600 (an earlier vector-collision layout) the first fetch after MMU-on took a
 * level-1 translation fault although the descriptor was there (seen with this harness).
 */
export const VIRT_RAM_MAX = 0xc0000000;

export function harnessDir(): string {
  // src/crosscheck/ in the sources, dist-cli/ once the CLI is bundled: walk up to the repo
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'crosscheck', 'harness');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve(process.cwd(), 'crosscheck', 'harness');
}

export function has(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Checks for QEMU and the cross compiler; the error says how to install them. */
export function checkTools(tools: readonly string[] = [QEMU, CROSS_GCC, CROSS_AS]): void {
  const missing = tools.filter((c) => !has(c));
  if (missing.length)
    throw new ToolMissing(`${missing.join(' and ')} not found: install with \`${INSTALL}\``);
}

/** The flags crosscheck/harness/Makefile uses too (kept in step; node builds without make). */
const HARNESS_CFLAGS = [
  '-march=armv7ve',
  '-marm',
  '-mno-unaligned-access', // the init code turns HSCTLR.A on: no unaligned access anywhere
  '-O2',
  '-ffreestanding',
  '-fno-builtin',
  '-nostdlib',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-g',
];

/** Builds the harness ELF with arm-none-eabi-gcc into `outDir` and returns its path. */
export function buildHarness(outDir = join(harnessDir(), 'build')): string {
  mkdirSync(outDir, { recursive: true });
  const dir = harnessDir();
  const elf = join(outDir, 'harness.elf');
  execFileSync(
    CROSS_GCC,
    [
      ...HARNESS_CFLAGS,
      '-T',
      join(dir, 'harness.ld'),
      '-o',
      elf,
      join(dir, 'start.S'),
      join(dir, 'main.c'),
      '-lgcc',
    ],
    { stdio: 'pipe' },
  );
  return elf;
}

/** RAM (bytes) virt needs so that every blob lies inside it; rounded up to 256 MiB, at least 2 GiB. */
export function ramFor(blobs: readonly Blob[], extraPas: readonly number[] = []): number {
  const top = Math.max(
    ...blobs.map((b) => b.pa + b.bytes.length),
    ...extraPas.map((p) => p + 1),
    HARNESS_END,
  );
  const need = Math.ceil((top - VIRT_RAM_BASE) / 0x10000000) * 0x10000000;
  return Math.max(need, 0x80000000);
}

export interface QemuArgs {
  readonly harness: string;
  readonly job: string;
  readonly blobs: readonly { file: string; pa: number }[];
  readonly ramBytes: number;
  readonly log?: string | undefined;
}

export function qemuArgs(a: QemuArgs): string[] {
  return [
    '-M',
    'virt,virtualization=on',
    '-cpu',
    'cortex-a15',
    '-nographic',
    '-nic',
    'none',
    '-m',
    `${a.ramBytes / 0x100000}M`,
    '-semihosting',
    ...(a.log ? ['-d', 'int', '-D', a.log] : []),
    '-device',
    `loader,file=${a.harness},cpu-num=0`,
    '-device',
    `loader,file=${a.job},addr=0x${JOB_PA.toString(16)},force-raw=on`,
    ...a.blobs.flatMap((b) => [
      '-device',
      `loader,file=${b.file},addr=0x${b.pa.toString(16)},force-raw=on`,
    ]),
  ];
}

/** Aborts or undefined-instruction exceptions in the log after which a run counts as a loop. */
const LOOP_EXCEPTIONS = 6;
/** Polls (40 ms apart) without new log output after an abort: the CPU spins in place. */
const QUIET_POLLS = 15;

export interface QemuResult {
  readonly stdout: string;
  readonly log: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

/** Runs QEMU until the harness exits, or kills it after `timeoutMs` (a HYP loop never exits). */
export function runQemu(
  args: readonly string[],
  timeoutMs: number,
  logFile?: string,
): Promise<QemuResult> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(QEMU, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // A HYP loop never exits. Stop once the log shows the same aborts over and over, or an
    // abort followed by silence (a vector that branches to itself). The timeout is only a
    // backstop: the event loop may be busy simulating another config for seconds.
    let lastLength = -1;
    let quiet = 0;
    const poll = logFile
      ? setInterval(() => {
          let text: string;
          try {
            text = readFileSync(logFile, 'utf8');
          } catch {
            return;
          }
          const aborts = text.match(/^Taking exception [134] /gm)?.length ?? 0;
          quiet = text.length === lastLength ? quiet + 1 : 0;
          lastLength = text.length;
          if (aborts >= LOOP_EXCEPTIONS || (aborts > 0 && quiet >= QUIET_POLLS)) {
            timedOut = true;
            child.kill('SIGKILL');
          }
        }, 40)
      : undefined;
    child.on('error', (e) => {
      clearTimeout(timer);
      clearInterval(poll);
      fail(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      clearInterval(poll);
      let log = '';
      if (logFile) {
        try {
          log = readFileSync(logFile, 'utf8');
        } catch {
          log = '';
        }
      }
      done({ stdout: stdout + stderr, log, timedOut, ms: performance.now() - t0 });
    });
  });
}

/** Writes the job and blobs to files and returns the QEMU arguments that load them. */
export function stage(
  dir: string,
  harness: string,
  job: Uint8Array,
  blobs: readonly Blob[],
  withLog: boolean,
): { args: string[]; log: string | undefined } {
  mkdirSync(dir, { recursive: true });
  const jobFile = join(dir, 'job.bin');
  writeFileSync(jobFile, job);
  const files = blobs.map((b) => {
    const file = join(dir, `blob-${b.pa.toString(16).padStart(10, '0')}.bin`);
    writeFileSync(file, b.bytes);
    return { file, pa: b.pa };
  });
  const log = withLog ? join(dir, 'qemu-int.log') : undefined;
  return {
    args: qemuArgs({ harness, job: jobFile, blobs: files, ramBytes: ramFor(blobs), log }),
    log,
  };
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hypstep-xc-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { HARNESS_PA };
