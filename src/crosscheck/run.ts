import { hex } from '../engine/arch/hex';
import type { Config } from '../engine/scenario/config';
import { compareTranslations, parseTranslations, type Check } from './compare';
import { compareInit, expectInit, parseInit } from './compareInit';
import { exportConfig, ExportError, type Exported } from './export';
import { LEFT_OUT } from './configs';
import { HARNESS_END, initJob, initRuns, translateJob } from './job';
import { ramFor, runQemu, stage, VIRT_RAM_BASE, VIRT_RAM_MAX } from './qemu';
import { HARNESS_SLOT, selectVas } from './vas';
import { join } from 'node:path';

/** A config QEMU cannot take: one line, exit 2. */
export class NotModelable extends Error {}

export interface ConfigResult {
  readonly name: string;
  readonly checks: readonly Check[];
  readonly vaCount: number;
  readonly outcome: string;
  readonly ms: number;
}

/** Refuses what the harness cannot load: pages outside virt's RAM, or over the harness. */
export function checkModelable(ex: Exported): void {
  const top = VIRT_RAM_BASE + VIRT_RAM_MAX;
  const stacks = ex.state.kernel.stackPages
    .filter((s): s is number => s !== null)
    .map((va) => va - ex.trace.layout.pageOffset + ex.trace.layout.physOffset);
  for (const b of ex.blobs) {
    const end = b.pa + b.bytes.length;
    if (b.pa < HARNESS_END && end > VIRT_RAM_BASE)
      throw new NotModelable(
        `the ${b.what} page at ${hex(b.pa)} lies over the harness (${hex(VIRT_RAM_BASE)}-${hex(HARNESS_END)}: virt's DTB and the harness); move ramBase up`,
      );
    if (end > 2 ** 32)
      throw new NotModelable(
        `the ${b.what} page at ${hex(b.pa)} is above 4 GiB: QEMU 7.2's Cortex-A15 does not walk Hyp tables there (keep RAM below 0x1_0000_0000)`,
      );
    if (b.pa < VIRT_RAM_BASE || end > top)
      throw new NotModelable(
        `the ${b.what} page at ${hex(b.pa)} is outside the RAM QEMU's virt machine holds here (${hex(VIRT_RAM_BASE)}-${hex(top)})`,
      );
  }
  for (const s of stacks)
    if (s < HARNESS_END || s + 4096 > top)
      throw new NotModelable(
        `the HYP stack page at PA ${hex(s)} is outside ${hex(HARNESS_END)}-${hex(top)}`,
      );
  const mem = ex.trace.world.memory;
  for (const [name, pgd] of [
    ['boot', ex.bootPgd],
    ['runtime', ex.runtimePgd],
  ] as const) {
    const d = mem.read64(pgd + HARNESS_SLOT * 8, ex.state.version, ex.observer);
    if (d !== 0n)
      throw new NotModelable(
        `the ${name} PGD uses L1 slot ${HARNESS_SLOT} (VA ${hex(HARNESS_SLOT * 2 ** 30, 8)}-${hex((HARNESS_SLOT + 1) * 2 ** 30 - 1, 8)}), the one the harness needs for its own identity block`,
      );
  }
  ramFor(ex.blobs);
}

export function exportChecked(config: Config): Exported {
  if (config.design === 'single-step')
    throw new NotModelable(`single-step: ${LEFT_OUT['single-step']}`);
  let ex: Exported;
  try {
    ex = exportConfig(config);
  } catch (e) {
    if (e instanceof ExportError) throw new NotModelable(e.message);
    throw e;
  }
  checkModelable(ex);
  return ex;
}

/** Translates the VA list and runs the init in QEMU; compares both with the engine. */
export async function crosscheckOne(
  name: string,
  config: Config,
  harness: string,
  dir: string,
  /** Tests only: change what QEMU gets (a damaged descriptor or instruction) after the export. */
  tamper: (ex: Exported) => Exported = (ex) => ex,
): Promise<ConfigResult> {
  const t0 = performance.now();
  const clean = exportChecked(config);
  const damaged = tamper(clean);
  // the engine's answers come from the clean export; QEMU loads the (possibly damaged) blobs
  const ex = clean;
  const vas = selectVas(ex);
  const blobs = damaged.blobs;
  const t = stage(join(dir, 'translate'), harness, translateJob(ex, vas), blobs, false);
  const tr = await runQemu(t.args, 60_000);
  const refused = /^REFUSE.*$/m.exec(tr.stdout);
  if (refused) throw new NotModelable(`the harness refused: ${refused[0]}`);
  const checks: Check[] = compareTranslations(ex, vas, parseTranslations(tr.stdout));
  if (!/^END$/m.test(tr.stdout))
    checks.push({
      what: 'translate run finishes',
      ok: false,
      engine: 'END',
      qemu: tr.stdout.trim().split('\n').slice(-3).join(' | ') || '(no output)',
    });
  const runs = initRuns(ex);
  const i = stage(join(dir, 'init'), harness, initJob(ex, runs), blobs, true);
  const ir = await runQemu(i.args, 30_000, i.log);
  const obs = parseInit(ir.stdout, ir.log);
  const exp = expectInit(ex, runs);
  checks.push(...compareInit(exp, obs, runs, ir.timedOut));
  return {
    name,
    checks,
    vaCount: vas.length,
    outcome: ex.trace.outcome.kind,
    ms: performance.now() - t0,
  };
}
