import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import { findPreset, presetConfig } from '../engine/scenario/presets';
import { coalesce, exportConfig, ExportError, type Blob, type Exported } from './export';
import { harnessBlock, initJob, initRuns, JOB_INIT, JOB_TRANSLATE, translateJob } from './job';

function read64(blobs: readonly Blob[], pa: number): bigint {
  const b = blobs.find((x) => pa >= x.pa && pa + 8 <= x.pa + x.bytes.length);
  if (!b) throw new Error(`no blob holds ${pa.toString(16)}`);
  return new DataView(b.bytes.buffer, b.bytes.byteOffset).getBigUint64(pa - b.pa, true);
}
function read32(blobs: readonly Blob[], pa: number): number {
  return Number(read64(blobs, pa) & 0xffffffffn);
}
function tableNext(d: bigint): number {
  expect(d & 3n).toBe(3n); // a table descriptor: valid | table (facts §1.2)
  return Number(d & 0xff_ffff_f000n);
}

let cached: Exported | undefined;
const dual = () => (cached ??= exportConfig({ ...DEFAULT_CONFIG }));

describe('blob export at the CLI default step (issue 13 item 2)', () => {
  test('both PGDs map the trampoline 0xffff0000 to the init page with PAGE_HYP, read from the blobs alone', () => {
    const ex = dual();
    for (const pgd of [ex.bootPgd, ex.runtimePgd]) {
      // 0xffff0000: L1 index 3, L2 index 511, L3 index 0x1f0 (facts §1.1 worked example)
      const l2 = tableNext(read64(ex.blobs, pgd + 3 * 8));
      const l3 = tableNext(read64(ex.blobs, l2 + 511 * 8));
      expect(read64(ex.blobs, l3 + 0x1f0 * 8)).toBe(0x0080_0000_8032_075fn);
    }
  });

  test('the boot PGD idmaps 0x80320f00 (L1 slot 2) and leaves slots 0 and 1 empty; the runtime PGD has no slot 2', () => {
    const ex = dual();
    expect(read64(ex.blobs, ex.bootPgd)).toBe(0n);
    expect(read64(ex.blobs, ex.bootPgd + 8)).toBe(0n);
    const l2 = tableNext(read64(ex.blobs, ex.bootPgd + 2 * 8));
    const l3 = tableNext(read64(ex.blobs, l2 + 1 * 8)); // (0x80320f00 >> 21) & 511 = 1
    expect(read64(ex.blobs, l3 + 0x120 * 8)).toBe(0x0080_0000_8032_075fn);
    expect(read64(ex.blobs, ex.runtimePgd + 2 * 8)).toBe(0n);
  });

  test('the init vector sits in a code blob: seven "b ." slots and a branch at +0x14 (init.S)', () => {
    const ex = dual();
    const v = ex.symbols.idmapVector;
    expect(v).toBe(0x80320f00);
    for (const off of [0, 4, 8, 0xc, 0x10, 0x18, 0x1c])
      expect(read32(ex.blobs, v + off)).toBe(0xeafffffe);
    expect(read32(ex.blobs, v + 0x14) >>> 24).toBe(0xea);
  });

  test('walk registers are the ones phase 1 writes on an SMP A15 (facts §4.4)', () => {
    const r = dual().regs;
    expect(r.htcr >>> 0).toBe(0x80003500);
    expect(r.hmair0 >>> 0).toBe(0xeeaa4400);
    expect(r.hmair1 >>> 0).toBe(0xff000004);
    expect(r.hsctlr & 0x42281007).toBe(0x1007);
  });

  test('a bounced config exports the bounce copy too', () => {
    const ex = exportConfig(presetConfig(findPreset('bounce-page')!));
    const bounce = ex.state.kernel.bounce!;
    expect(bounce).not.toBeNull();
    expect(ex.symbols.idmapVector).toBe(bounce);
    expect(read32(ex.blobs, bounce)).toBe(0xeafffffe);
  });

  test('a config whose init fails has no PGD to export', () => {
    expect(() => exportConfig(presetConfig(findPreset('enomem')!))).toThrow(ExportError);
  });

  test('coalesce joins neighbouring pages and keeps gaps', () => {
    const page = (n: number) => ({
      bytes: new Uint8Array(4096).fill(n),
      what: n < 3 ? 'code' : 'tables',
    });
    const blobs = coalesce(
      new Map([
        [0x80001000, page(2)],
        [0x80000000, page(1)],
        [0x80005000, page(3)],
      ]),
    );
    expect(blobs.map((b) => [b.pa, b.bytes.length, b.what])).toEqual([
      [0x80000000, 8192, 'code'],
      [0x80005000, 4096, 'tables'],
    ]);
    expect(blobs[0]!.bytes[4096]).toBe(2);
  });
});

describe('the job the harness reads (crosscheck/harness/job.h)', () => {
  test("the harness's identity block: 1 GiB at 0x4000_0000, Normal WBWA (AttrIndx 7), AF, inner shareable", () => {
    // bits: valid 1, block (bit1 = 0), AttrIndx 7 << 2, AP[1], SH 0b11, AF
    expect(harnessBlock(0xeeaa4400, 0xff000004)).toEqual({ lo: 0x4000075d, hi: 0 });
  });

  test('translate job: header words and the VA list', () => {
    const ex = dual();
    const job = translateJob(ex, [
      { pgd: 'boot', va: 0x80320f00, why: 't' },
      { pgd: 'runtime', va: 0xffff0000, why: 't' },
    ]);
    const w = new DataView(job.buffer);
    expect(w.getUint32(0, true)).toBe(0x58505948);
    expect(w.getUint32(4, true)).toBe(JOB_TRANSLATE);
    expect(w.getUint32(10 * 4, true)).toBe(ex.bootPgd);
    expect(w.getUint32(11 * 4, true)).toBe(ex.runtimePgd);
    expect(w.getUint32(14 * 4, true)).toBe(2);
    const at = w.getUint32(15 * 4, true);
    expect([0, 1, 2, 3].map((i) => w.getUint32(at + 4 * i, true))).toEqual([
      0, 0x80320f00, 1, 0xffff0000,
    ]);
  });

  test('init runs follow on_each_cpu (the other CPUs, then CPU0) and a hot-plugged CPU comes back last', () => {
    const ex = exportConfig({ ...DEFAULT_CONFIG, cpus: 3, hotplugCpu: 2 });
    const runs = initRuns(ex);
    expect(runs.map((r) => r.cpu)).toEqual([1, 2, 0, 2]);
    expect(runs.map((r) => r.flags)).toEqual([1, 0, 2, 2]);
    expect(runs[2]!.stackTop).toBe((ex.state.kernel.stackPages[0] ?? 0) + 4096);
    const w = new DataView(initJob(ex, runs).buffer);
    expect(w.getUint32(4, true)).toBe(JOB_INIT);
    expect(w.getUint32(17 * 4, true)).toBe(0x80320f00); // hyp_idmap_vector
    expect(w.getUint32(26 * 4, true)).toBe(4);
    expect(w.getUint32(22 * 4, true) & 1).toBe(0); // SCTLR.M off: no PL1 tables in the harness
  });
});
