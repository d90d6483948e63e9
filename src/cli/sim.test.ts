import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { main } from './sim';

let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

function run(...args: string[]): {
  code: number;
  json: () => Record<string, unknown>;
  text: string;
  err: string;
} {
  const code = main(args) as number; // crosscheck and image return a Promise; not used here
  const text = out.join('\n');
  return {
    code,
    json: () => JSON.parse(text) as Record<string, unknown>,
    text,
    err: err.join('\n'),
  };
}

describe('walk (issue 2 acceptance)', () => {
  test('boot and runtime map 0xffff0000 onto the same physical page: the one holding the init code', () => {
    const boot = run('walk', 'boot', '0xffff0000').json();
    out = [];
    const runtime = run('walk', 'runtime', '0xffff0000').json();
    expect(boot.pa).toBe('0x80320000'); // the page of idmapStart 0x80320f00
    expect(runtime.pa).toBe(boot.pa);
    expect((boot.levels as { index: string }[]).map((l) => l.index)).toEqual([
      '0x3',
      '0x1ff',
      '0x1f0',
    ]);
    expect((boot.levels as { desc: string }[])[2]!.desc).toBe('0x008000008032075f');
  });
  test('boot walk of the idmap start is the identity; runtime walk of it faults', () => {
    expect(run('walk', 'boot', '0x80320f00').json().pa).toBe('0x80320f00');
    out = [];
    const r = run('walk', 'runtime', '0x80320f00').json();
    expect(r.pa).toBeNull();
    expect(r.fault).toEqual({ type: 'translation', level: 1, fsc: '0x05' });
  });
  test('bounce-page: the trampoline and the idmap are the bounce page, not the kernel text', () => {
    const boot = run('--preset', 'bounce-page', 'walk', 'boot', '0xffff0000').json();
    out = [];
    const runtime = run('--preset', 'bounce-page', 'walk', 'runtime', '0xffff0000').json();
    expect(boot.pa).toBe(runtime.pa);
    expect(boot.pa).not.toBe('0x80320000');
    out = [];
    const bounce = boot.pa as string;
    expect(run('--preset', 'bounce-page', 'walk', 'boot', bounce).json().pa).toBe(bounce);
    out = [];
    expect(run('--preset', 'bounce-page', 'walk', 'runtime', bounce).json().fault).not.toBeNull();
  });
  test('walk httbr follows what HTTBR holds at a step', () => {
    const trace = JSON.parse((run('trace'), out.join('\n'))) as {
      steps: { index: number; cpu: number; httbr: string; title: string }[];
    };
    const switched = trace.steps.find(
      (s) =>
        s.cpu === 1 &&
        /HTTBR = runtime PGD/.test(s.title) === false &&
        /mcrr p15, 4, r2, r3, c2 — HTTBR/.test(s.title) &&
        s.httbr !== '0x0000000000',
    )!;
    out = [];
    const w = run(
      'walk',
      'httbr',
      '0xffff0000',
      '--step',
      String(switched.index),
      '--cpu',
      '1',
    ).json();
    expect(w.ttbr).toBe(switched.httbr.replace(/^0x0+/, '0x'));
    expect(w.pa).toBe('0x80320000');
  });
});

describe('dump reads like ptdump', () => {
  test('one line per contiguous range, for each PGD, with decoded attributes', () => {
    const r = run('dump');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(
      /---\[ boot PGD @ 0x[0-9a-f]+ \]---\n0x80320000-0x80321000 +4K +-> 0x80320000 +RW x {2}SHD WBWA AF PAGE_HYP\n0xffff0000-0xffff1000 +4K +-> 0x80320000 +RW x {2}SHD WBWA AF PAGE_HYP/,
    );
    expect(r.text).toMatch(/---\[ runtime PGD @ 0x[0-9a-f]+ \(HTTBR\) \]---/);
    expect(r.text).toMatch(/-> 0x2c004000 +RW NX SHD DEV AF PAGE_HYP_DEVICE/);
  });
});

describe('presets and trace', () => {
  test('presets lists every preset with its title', () => {
    const r = run('presets');
    expect(r.text.split('\n')[0]).toMatch(/^dual-step +Dual-step HYP init/);
    expect(r.text).toMatch(/^vector-collision /m);
  });
  test('trace is JSON with 1-based indices and lower-case 0x strings', () => {
    const t = run('--preset', 'stale-tlb', 'trace').json() as {
      steps: { index: number; httbr: string; tlb: { stale: boolean }[] }[];
      outcome: { kind: string };
    };
    expect(t.steps[0]!.index).toBe(1);
    expect(t.steps.every((s) => /^0x[0-9a-f]{10}$/.test(s.httbr))).toBe(true);
    expect(t.outcome.kind).toBe('corruption');
    expect(t.steps.some((s) => s.tlb.some((e) => e.stale))).toBe(true);
  });
});

describe('bad input: one clear line on stderr, exit 2', () => {
  test.each([
    [['--preset', 'nope', 'dump'], /unknown preset "nope"/],
    [['--set', 'idmapStrat=0x1', 'dump'], /unknown config key "idmapStrat"/],
    [['--set', 'cpus=two', 'dump'], /cpus: "two" is not a whole number/],
    [['--set', 'cpus=9', 'dump'], /cpus: 9 must be 1 to 8/],
    [['--set', 'idmapStart=0x80320f04', 'dump'], /idmapStart: 0x80320f04 must be 32-byte aligned/],
    [['walk', 'boot', '0xzz'], /VA "0xzz" is not a 32-bit address/],
    [['walk', 'middle', '0x0'], /TABLE "middle" must be boot, runtime or httbr/],
    [['--step', '99999', 'dump'], /--step 99999 is out of range: this trace has steps 1 to \d+/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--set', 'design', 'dump'], /--set "design" must be KEY=VALUE/],
  ])('%j', (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.text).toBe('');
  });
});
