import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PRESETS } from '../engine/scenario/presets';
import { COMMANDS } from './commands';
import { GLOBAL_FLAGS } from './command';
import { CONFIG_KEYS } from '../engine/scenario/config';
import { memoryIo } from './io';
import { main } from './sim';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/trace.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateTrace = ajv.compile(schema);
const validateHeader = ajv.compile({ $ref: `${schema.$id as string}#/$defs/header` });
const validateStep = ajv.compile({ $ref: `${schema.$id as string}#/$defs/step` });

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, text: io.stdout(), err: io.stderr() };
}

type Json = Record<string, unknown>;
interface StepJson {
  index: number;
  why: string;
  title: string;
  cpu: number;
  changes: Json[];
  accesses: Json[];
  exception: Json | null;
}

const errorsOf = (v: { errors?: unknown }) => JSON.stringify(v.errors, null, 1)?.slice(0, 2000);

describe('trace JSON against schema/trace.schema.json (issue 9)', () => {
  test.each(PRESETS.filter((p) => p.name !== 'stress').map((p) => p.name))(
    '%s validates',
    async (name) => {
      const r = await run('--preset', name, 'trace');
      expect(r.code).toBe(0);
      const t = JSON.parse(r.text) as Json;
      const ok = validateTrace(t);
      expect(ok, errorsOf(validateTrace)).toBe(true);
      expect(t.schemaVersion).toBe(2);
    },
  );

  test('--ndjson: a header line, then one step per line, each valid', async () => {
    const r = await run('--preset', 'hotplug', 'trace', '--ndjson');
    const lines = r.text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as { stepCount: number };
    expect(validateHeader(header), errorsOf(validateHeader)).toBe(true);
    expect(lines).toHaveLength(header.stepCount + 1);
    for (const line of lines.slice(1)) {
      const ok = validateStep(JSON.parse(line));
      expect(ok, errorsOf(validateStep)).toBe(true);
    }
  });

  test('--from/--to print that range, inclusive, and say so', async () => {
    const t = JSON.parse((await run('trace', '--from', '5', '--to', '7')).text) as {
      range: { from: number; to: number };
      stepCount: number;
      steps: { index: number }[];
    };
    expect(t.steps.map((s) => s.index)).toEqual([5, 6, 7]);
    expect(t.range).toEqual({ from: 5, to: 7 });
    expect(t.stepCount).toBeGreaterThan(7);
  });

  test.each([
    [['trace', '--from', '0'], /--from: "0" is not a whole number >= 1/],
    [['trace', '--from', '9', '--to', '3'], /--from 9 is after --to 3/],
    [['trace', '--to', '999999'], /--to 999999 is out of range/],
    [['walk', 'boot', '0x0', '--ndjson'], /--ndjson is an option of trace, not of walk/],
  ])('bad range %j: one line, exit 2', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.text).toBe('');
  });
});

describe('a step carries what the app shows', () => {
  test('the boot-PGD trampoline entry: descriptor write with address, old and new', async () => {
    const t = JSON.parse((await run('trace')).text) as { steps: StepJson[] };
    const step = t.steps.find((s) => /^Map the trampoline: boot PGD VA 0xffff0000/.test(s.title))!;
    expect(step.why).toMatch(/PAGE_HYP/);
    const d = step.changes.find((c) => c.kind === 'descriptor')!;
    // 0xffff0000: L3 index (va >> 12) & 0x1ff = 0x1f0; PAGE_HYP page for PA 0x80320000 (facts §2.2)
    expect(d).toMatchObject({
      pgd: 'boot',
      level: 3,
      index: '0x1f0',
      old: '0x0000000000000000',
      new: '0x008000008032075f',
    });
    expect(d.address).toMatch(/^0x[0-9a-f]+$/);
  });

  test('a HYP fetch after the MMU is on: an access with a walk or a TLB hit', async () => {
    const t = JSON.parse((await run('trace')).text) as { steps: StepJson[] };
    const fetches = t.steps
      .flatMap((s) => s.accesses)
      .filter((a) => a.type === 'fetch' && a.mmu === true);
    expect(fetches.length).toBeGreaterThan(0);
    const miss = fetches.find((a) => a.tlb === 'miss')!;
    expect((miss.walk as { levels: unknown[] }).levels).toHaveLength(3);
    expect(miss.pa).toMatch(/^0x/);
    expect(fetches.some((a) => a.tlb === 'hit' && a.tlbEntry !== null)).toBe(true);
  });

  test('every step has a stable key, unique in the trace', async () => {
    const t = JSON.parse((await run('--preset', 'hotplug', 'trace')).text) as {
      steps: { key: string }[];
    };
    expect(new Set(t.steps.map((s) => s.key)).size).toBe(t.steps.length);
  });

  test('TLBIALLH is a tlb-invalidate change with the dropped entries', async () => {
    const t = JSON.parse((await run('trace')).text) as { steps: StepJson[] };
    const inv = t.steps.flatMap((s) => s.changes).filter((c) => c.kind === 'tlb-invalidate');
    expect(inv.length).toBeGreaterThan(0);
    expect((inv[0]!.dropped as unknown[]).length).toBeGreaterThan(0);
  });

  test('idmap-too-big: the prefetch abort carries HSR decoded (EC 0x21, FSC translation L3) and HIFAR = the fetch VA', async () => {
    const t = JSON.parse((await run('--preset', 'idmap-too-big', 'trace')).text) as {
      steps: StepJson[];
    };
    const x = t.steps.find((s) => s.exception?.name === 'prefetch abort')!.exception!;
    const d = x.decoded as Json;
    expect(d.ec).toBe('0x21'); // prefetch abort taken in Hyp mode
    expect(d.il).toBe(false); // IL is UNK/SBZP for a prefetch abort on ARMv7 (facts §9): zero
    expect(d.fsc).toBe('0x07'); // translation fault, level 3
    // HSR = EC << 26 | ISS: 0x21 << 26 | 0x07
    expect(x.hsr).toBe('0x84000007');
    expect(x.hifar).toBe(x.elrHyp);
  });

  test('an HVC from SVC: EC 0x12 with its immediate', async () => {
    const t = JSON.parse((await run('trace')).text) as { steps: StepJson[] };
    const d = t.steps.find((s) => s.exception?.name === 'HVC')!.exception!.decoded as Json;
    expect(d).toMatchObject({ ec: '0x12', imm16: '0x0000', fsc: null });
  });
});

describe('--help and --version', () => {
  test('--help names every command, flag and config key', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.text).toContain(`  ${c.name}`);
    for (const f of [...GLOBAL_FLAGS, ...COMMANDS.flatMap((c) => c.flags ?? [])])
      expect(r.text).toContain(f.name);
    for (const k of CONFIG_KEYS)
      expect(r.text).toMatch(new RegExp(`^  ${k} +\\S.*\\(default: `, 'm'));
  });
  test('--version prints the package version', async () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect((await run('--version')).text).toBe(`hypstep ${pkg.version}\n`);
  });
});
