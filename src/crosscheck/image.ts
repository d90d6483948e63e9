import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hex } from '../engine/arch/hex';
import type { Config } from '../engine/scenario/config';
import { compareInit, expectInit, parseInit } from './compareInit';
import { HARNESS_PA, initJob, initRuns, JOB_PA } from './job';
import { buildHarness, checkTools, qemuArgs, ramFor, runQemu, tempDir, ToolMissing } from './qemu';
import { exportChecked, NotModelable } from './run';

/** A line on stdout (the CLI's output; console.log is kept for the app's lint rule). */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const RUN_SH = (args: string[], hvcEntry: number) => `#!/bin/sh
# Boots this hypstep config in QEMU: the harness (harness.elf) starts in Hyp mode, installs the
# engine's hyp stub, drops to SVC and makes the kernel's HVCs into the engine's init code, whose
# bytes (blobs/) sit at the same physical addresses as in hypstep. See manifest.json.
#
# The harness prints its progress (RUN, GET, SET, PHASE1, PHASE2, D = registers after init, END)
# on QEMU's semihosting console, which is stderr. A config whose init hangs never prints END:
# quit QEMU with Ctrl-A x.
#
# Extra arguments go to QEMU. To single-step the init code with gdb (Debian: gdb-multiarch):
#   ./run.sh -s -S        # -s: gdb server on tcp::1234, -S: wait for gdb before the first instruction
#   gdb-multiarch harness.elf -ex 'target remote :1234' -ex 'break *${hex(hvcEntry, 8)}' -ex continue
# That breakpoint is the init vector's HVC slot (hyp_idmap_vector + 0x14, see manifest.json):
# then "stepi" and "info registers" walk the init code as hypstep's steps do.
# Add "-d int" to log every exception QEMU takes (EC, syndrome, HIFAR/HDFAR).
cd "$(dirname "$0")" || exit 1
exec qemu-system-arm ${args.map((a) => (/[^A-Za-z0-9_=,./:-]/.test(a) ? `'${a}'` : a)).join(' ')} "$@"
`;

const HEX_KEYS = new Set([
  'ramBase',
  'ramSize',
  'pageOffset',
  'kernelStart',
  'idmapStart',
  'idmapLength',
  'probeVa',
]);

/**
 * `image --out DIR`: the blobs, a JSON manifest (PA of every blob, entry point, register values)
 * and run.sh, which boots this config in QEMU. Then boots it once and checks the outcome.
 */
export async function imageCommand(config: Config, outDir: string): Promise<number> {
  try {
    checkTools();
    const ex = exportChecked(config);
    const dir = resolve(outDir);
    mkdirSync(join(dir, 'blobs'), { recursive: true });
    const tmp = tempDir();
    try {
      copyFileSync(buildHarness(join(tmp.dir, 'build')), join(dir, 'harness.elf'));
    } finally {
      tmp.remove();
    }
    const runs = initRuns(ex);
    writeFileSync(join(dir, 'job.bin'), initJob(ex, runs));
    const blobs = ex.blobs.map((b) => {
      const file = `blobs/${b.what}-${b.pa.toString(16).padStart(10, '0')}.bin`;
      writeFileSync(join(dir, file), b.bytes);
      return { file, pa: b.pa, size: b.bytes.length, what: b.what };
    });
    const args = qemuArgs({
      harness: 'harness.elf',
      job: 'job.bin',
      blobs,
      ramBytes: ramFor(ex.blobs),
    });
    const exp = expectInit(ex, runs);
    const manifest = {
      hypstep: 'image',
      config: Object.fromEntries(
        Object.entries(config).map(([k, v]) => [
          k,
          HEX_KEYS.has(k) && typeof v === 'number' && v >= 0 ? hex(v) : v,
        ]),
      ),
      step: ex.step,
      entry: hex(HARNESS_PA),
      harness: { file: 'harness.elf', pa: hex(HARNESS_PA) },
      job: { file: 'job.bin', pa: hex(JOB_PA), layout: 'crosscheck/harness/job.h' },
      blobs: blobs.map((b) => ({ ...b, pa: hex(b.pa), size: hex(b.size) })),
      registers: {
        bootPgd: hex(ex.bootPgd),
        runtimePgd: hex(ex.runtimePgd),
        htcr: hex(ex.regs.htcr, 8),
        hmair0: hex(ex.regs.hmair0, 8),
        hmair1: hex(ex.regs.hmair1, 8),
        hsctlr: hex(ex.regs.hsctlr, 8),
        stubVectors: hex(ex.symbols.stubVectors, 8),
        idmapVector: hex(ex.symbols.idmapVector, 8),
        hypVector: hex(ex.symbols.hypVector, 8),
        sctlr: hex(ex.state.cpus[0]!.sctlr, 8),
        ttbcr: hex(ex.state.cpus[0]!.ttbcr, 8),
        mair0: hex(ex.state.cpus[0]!.mair0, 8),
        mair1: hex(ex.state.cpus[0]!.mair1, 8),
      },
      runs: runs.map((r) => ({ cpu: r.cpu, stackTop: hex(r.stackTop, 8), flags: r.flags })),
      expected: {
        outcome: exp.outcome,
        firstHypException: exp.firstHypException && {
          ec: hex(exp.firstHypException.ec, 2),
          fsc: exp.firstHypException.fsc === null ? null : hex(exp.firstHypException.fsc, 2),
          far: exp.firstHypException.far === null ? null : hex(exp.firstHypException.far, 8),
        },
        afterInit: [...exp.dumps].map(([run, c]) => ({
          run,
          cpu: c.id,
          httbr: hex(c.httbr),
          hsctlr: hex(c.hsctlr, 8),
          hvbar: hex(c.hvbar, 8),
          spHyp: hex(c.spHyp, 8),
        })),
      },
      qemu: ['qemu-system-arm', ...args],
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
    writeFileSync(join(dir, 'run.sh'), RUN_SH(args, ex.symbols.idmapVector + 0x14), {
      mode: 0o755,
    });
    // boot it once, the way run.sh does, and compare with the engine
    const log = join(dir, 'qemu-int.log');
    const r = await runQemu(
      qemuArgs({
        harness: join(dir, 'harness.elf'),
        job: join(dir, 'job.bin'),
        blobs: blobs.map((b) => ({ file: join(dir, b.file), pa: b.pa })),
        ramBytes: ramFor(ex.blobs),
        log,
      }),
      30_000,
      log,
    );
    const checks = compareInit(exp, parseInit(r.stdout, r.log), runs, r.timedOut);
    const agree = checks.filter((c) => c.ok).length;
    say(`wrote ${dir}: run.sh, manifest.json, harness.elf, job.bin, ${blobs.length} blobs`);
    for (const c of checks.filter((k) => !k.ok))
      say(`  ${c.what}: engine ${c.engine}, QEMU ${c.qemu}`);
    say(
      `booted it in QEMU: engine outcome ${ex.trace.outcome.kind}; ${agree}/${checks.length} init checks agree`,
    );
    return agree === checks.length ? 0 : 1;
  } catch (e) {
    if (e instanceof ToolMissing || e instanceof NotModelable) {
      console.error(`hypstep image: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
