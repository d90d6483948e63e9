import { describe, expect, test } from 'vitest';
import { memoryIo } from './io';
import { main } from './sim';

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, text: io.stdout(), err: io.stderr() };
}

interface DiffJson {
  left: { spec: string; steps: number; outcome: { kind: string } };
  right: { spec: string; steps: number; outcome: { kind: string } };
  summary: {
    aligned: number;
    matched: number;
    onlyLeft: number;
    onlyRight: number;
    divergent: number;
  };
  firstDivergence: {
    aligned: number;
    left: number;
    right: number;
    cpu: number;
    differences: { kind: string; name?: string; side?: string; va?: string }[];
  } | null;
  divergences?: { aligned: number }[];
}

describe('diff --left SPEC --right SPEC (issue 12 part 3)', () => {
  test('a preset against itself: all matched, no divergence', async () => {
    const r = await run('diff', '--left', 'dual-step', '--right', 'dual-step');
    const d = JSON.parse(r.text) as DiffJson;
    expect(d.summary).toMatchObject({ onlyLeft: 0, onlyRight: 0, divergent: 0 });
    expect(d.summary.matched).toBe(d.left.steps);
    expect(d.firstDivergence).toBeNull();
    expect(d.divergences).toEqual([]);
  });

  test('single-step vs dual-step: outcomes, counts that add up, HTTBR at the first divergence', async () => {
    const d = JSON.parse(
      (await run('diff', '--left', 'single-step', '--right', 'dual-step')).text,
    ) as DiffJson;
    expect(d.left.outcome.kind).toBe('success');
    expect(d.summary.matched + d.summary.onlyLeft).toBe(d.left.steps);
    expect(d.summary.matched + d.summary.onlyRight).toBe(d.right.steps);
    expect(d.summary.aligned).toBe(d.summary.matched + d.summary.onlyLeft + d.summary.onlyRight);
    expect(d.firstDivergence!.cpu).toBe(1);
    expect(d.firstDivergence!.differences.map((x) => x.name)).toContain('HTTBR');
    expect(d.divergences).toHaveLength(d.summary.divergent);
    expect(d.divergences![0]!.aligned).toBe(d.firstDivergence!.aligned);
  });

  test('overrides after the preset; --first prints only the first divergence', async () => {
    const r = await run(
      'diff',
      '--left',
      'stale-tlb',
      '--right',
      'stale-tlb,skipTlbi=false',
      '--first',
    );
    const d = JSON.parse(r.text) as DiffJson;
    expect(d.divergences).toBeUndefined();
    expect(d.left.outcome.kind).toBe('corruption');
    expect(d.right.outcome.kind).not.toBe('corruption');
    expect(d.firstDivergence).not.toBeNull();
  });

  test.each([
    [['diff', '--right', 'dual-step'], /diff needs --left PRESET\[,KEY=VALUE\.\.\.\]/],
    [['diff', '--left', 'nope', '--right', 'dual-step'], /--left: unknown preset "nope"/],
    [
      ['diff', '--left', 'dual-step', '--right', 'dual-step,cpus=99'],
      /--right: cpus: 99 must be 1 to 8/,
    ],
    [
      ['diff', '--left', 'dual-step,', '--right', 'dual-step'],
      /--left "dual-step," must be PRESET\[,KEY=VALUE\.\.\.\]/,
    ],
    [
      ['diff', '--left', 'dual-step', '--right', 'dual-step,cpus'],
      /--right: "cpus" must be KEY=VALUE/,
    ],
  ])('bad spec %j: one line, exit 2', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.text).toBe('');
  });
});
