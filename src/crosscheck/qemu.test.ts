import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { HypVa } from '../engine/arch/types';
import { walk } from '../engine/cpu/walk';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import type { Exported } from './export';
import { imageCommand } from './image';
import { buildHarness, checkTools, CROSS_GCC, has, QEMU, tempDir, ToolMissing } from './qemu';
import { crosscheckOne } from './run';

const missing = [QEMU, CROSS_GCC].filter((t) => !has(t));
const why = missing.length ? ` (skipped: ${missing.join(' and ')} not installed)` : '';

test('a missing tool gets a line saying how to install it', () => {
  expect(() => checkTools(['hypstep-no-such-qemu'])).toThrow(ToolMissing);
  expect(() => checkTools(['hypstep-no-such-qemu'])).toThrow(
    /hypstep-no-such-qemu not found: install with `sudo apt-get install -y --no-install-recommends qemu-system-arm gcc-arm-none-eabi binutils-arm-none-eabi`/,
  );
});

/** Replaces the little-endian word `from` with `to` at its first place in the blobs after `after`. */
function patchWord(ex: Exported, after: number, from: number, to: number): Exported {
  for (const b of ex.blobs) {
    const v = new DataView(b.bytes.buffer, b.bytes.byteOffset, b.bytes.length);
    for (let o = Math.max(0, after - b.pa); o + 4 <= b.bytes.length; o += 4)
      if (v.getUint32(o, true) === from) {
        const bytes = b.bytes.slice();
        new DataView(bytes.buffer).setUint32(o, to, true);
        return { ...ex, blobs: ex.blobs.map((x) => (x === b ? { ...b, bytes } : x)) };
      }
  }
  throw new Error(`word ${from.toString(16)} not found`);
}

describe.skipIf(missing.length > 0)(`in QEMU's Cortex-A15${why}`, () => {
  const tmp = tempDir();
  let harness = '';
  beforeAll(() => {
    harness = buildHarness(join(tmp.dir, 'harness'));
  });
  afterAll(() => tmp.remove());

  test('the dual-step config agrees on every check', async () => {
    const r = await crosscheckOne('dual-step', { ...DEFAULT_CONFIG }, harness, join(tmp.dir, 'a'));
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.checks.length).toBeGreaterThan(100);
  }, 30_000);

  test('a damaged table entry (the runtime trampoline PTE pointing one page on) makes it fail, naming the VA', async () => {
    // PAGE_HYP | 0x80320000 (facts §1.3): the trampoline PTE of the runtime PGD
    const pte = 0x8032075f;
    const r = await crosscheckOne(
      'damaged-pte',
      { ...DEFAULT_CONFIG },
      harness,
      join(tmp.dir, 'b'),
      (ex) => {
        const w = walk(
          ex.trace.world,
          ex.state.version,
          ex.runtimePgd,
          0xffff0000 as HypVa,
          'coherent',
          null,
        );
        return patchWord(ex, w.levels[2]!.descAddr, pte, pte + 0x1000);
      },
    );
    const bad = r.checks.filter((c) => !c.ok);
    expect(bad[0]).toMatchObject({
      what: expect.stringMatching(/^VA 0xffff0f00 in the runtime PGD/) as string,
      engine: 'PA 0x80320f00',
      qemu: 'PA 0x80321f00',
    });
  }, 30_000);

  test('a damaged instruction (phase 2 no longer writes HVBAR) makes it fail', async () => {
    const hvbarWrite = 0xee8c1f10; // mcr p15, 4, r1, c12, c0, 0 (ARM ARM MCR encoding)
    const r = await crosscheckOne(
      'damaged-insn',
      { ...DEFAULT_CONFIG },
      harness,
      join(tmp.dir, 'c'),
      (ex) => patchWord(ex, ex.symbols.idmapVector, hvbarWrite, 0xe320f000 /* nop */),
    );
    const bad = r.checks.filter((c) => !c.ok);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.map((c) => `${c.what}: ${c.engine} / ${c.qemu}`).join('\n')).toMatch(
      /HVBAR|init outcome/,
    );
  }, 30_000);

  test('the harness itself refuses a PGD whose L1 slot 1 is taken', async () => {
    await expect(
      crosscheckOne('slot-taken', { ...DEFAULT_CONFIG }, harness, join(tmp.dir, 'd'), (ex) => {
        const b = ex.blobs.find((x) => ex.bootPgd >= x.pa && ex.bootPgd < x.pa + x.bytes.length)!;
        const bytes = b.bytes.slice();
        new DataView(bytes.buffer).setUint32(ex.bootPgd + 8 - b.pa, 0x8038d003, true);
        return { ...ex, blobs: ex.blobs.map((x) => (x === b ? { ...b, bytes } : x)) };
      }),
    ).rejects.toThrow(/the harness refused: REFUSE slot 0x00000001/);
  }, 30_000);

  test('image --out DIR: manifest, blobs and a run.sh that boots to the engine outcome', async () => {
    const dir = join(tmp.dir, 'image');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const code = await imageCommand({ ...DEFAULT_CONFIG }, dir);
    log.mockRestore();
    expect(code).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      entry: string;
      blobs: { file: string; pa: string }[];
      registers: { idmapVector: string; htcr: string };
      expected: { outcome: string; afterInit: { hvbar: string }[] };
    };
    expect(m.entry).toBe('0x40200000');
    expect(m.registers.idmapVector).toBe('0x80320f00');
    expect(m.registers.htcr).toBe('0x80003500');
    expect(m.expected.outcome).toBe('returns');
    expect(m.blobs.some((b) => b.pa === '0x80320000')).toBe(true);
    // the harness talks through semihosting, which QEMU prints on stderr
    const out = spawnSync('sh', [join(dir, 'run.sh')], { timeout: 15_000 }).stderr.toString();
    expect(out).toMatch(/^END$/m);
    const d = /^D 0x00000001 0x00000000 0x([0-9a-f]{8}) 0x[0-9a-f]{8} 0x([0-9a-f]{8})/m.exec(out);
    expect(d?.[2]).toBe(m.expected.afterInit[1]!.hvbar.slice(2));
  }, 30_000);
});
