import { hex, hex64 } from '../../engine/arch/hex';
import { alignTraces, type AlignedPair } from '../../engine/compare/align';
import { divergences, type Difference } from '../../engine/compare/diff';
import type { ConfigSource } from '../../engine/resolveConfig';
import type { Trace } from '../../engine/trace/types';
import { UsageError, type Command, type CommandContext } from '../command';

/** PRESET[,KEY=VALUE...] as a config source; the resolver names any bad key or value. */
function parseSpec(flag: string, spec: string | undefined): ConfigSource {
  if (spec === undefined || spec === '')
    throw new UsageError(`diff needs ${flag} PRESET[,KEY=VALUE...]`);
  const [preset, ...sets] = spec.split(',');
  if (!preset || sets.some((s) => s === ''))
    throw new UsageError(`${flag} "${spec}" must be PRESET[,KEY=VALUE...]`);
  const bad = sets.find((s) => s.indexOf('=') <= 0);
  if (bad !== undefined) throw new UsageError(`${flag}: "${bad}" must be KEY=VALUE`);
  return { preset, file: undefined, sets };
}

function sideConfig(ctx: CommandContext, flag: string) {
  const source = parseSpec(flag, ctx.flag(flag));
  try {
    return ctx.config(source);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

function differenceJson(d: Difference) {
  switch (d.kind) {
    case 'descriptor':
      return {
        kind: d.kind,
        pgd: d.pgd,
        level: d.level,
        index: hex(d.index),
        left: d.left === null ? null : hex64(d.left),
        right: d.right === null ? null : hex64(d.right),
      };
    case 'register': {
      const fmt = (v: number | string) =>
        typeof v === 'number' ? hex(v, d.name === 'HTTBR' ? 10 : 8) : v;
      return { kind: d.kind, cpu: d.cpu, name: d.name, left: fmt(d.left), right: fmt(d.right) };
    }
    case 'stale-tlb':
      return { kind: d.kind, cpu: d.cpu, va: hex(d.va, 8), side: d.side };
  }
}

function divergenceJson(
  a: Trace,
  b: Trace,
  pair: AlignedPair,
  position: number,
  diffs: Difference[],
) {
  const sa = a.steps[pair.left! - 1]!;
  const sb = b.steps[pair.right! - 1]!;
  return {
    aligned: position + 1,
    left: pair.left,
    right: pair.right,
    cpu: sa.cpu,
    titles: { left: sa.title, right: sb.title },
    differences: diffs.map(differenceJson),
  };
}

/** The steps without counterpart since the last matched step: what led to a divergence. */
function runBefore(pairs: readonly AlignedPair[], position: number) {
  const left: number[] = [];
  const right: number[] = [];
  for (let i = position - 1; i >= 0; i--) {
    const p = pairs[i]!;
    if (p.left !== null && p.right !== null) break;
    if (p.left !== null) left.unshift(p.left);
    if (p.right !== null) right.unshift(p.right);
  }
  return { left, right };
}

const sideJson = (spec: string, t: Trace) => ({
  spec,
  steps: t.steps.length,
  outcome: { kind: t.outcome.kind, summary: t.outcome.summary, step: t.outcome.step },
});

export const diffCommand: Command = {
  name: 'diff',
  args: '--left SPEC --right SPEC',
  summary:
    'JSON {left, right, summary, firstDivergence, divergences}: the two traces aligned on matching events (same function or instruction on the same CPU), and what differs at each aligned step',
  flags: [
    { name: '--left', value: 'SPEC', help: 'left scenario: PRESET[,KEY=VALUE...]' },
    { name: '--right', value: 'SPEC', help: 'right scenario: PRESET[,KEY=VALUE...]' },
    { name: '--first', help: 'print only the first divergence (no divergences list)' },
  ],
  usesConfig: false,
  async run(ctx) {
    if (ctx.args.length) throw new UsageError('diff takes no arguments, only --left and --right');
    const left = ctx.simulate(sideConfig(ctx, '--left'));
    const right = ctx.simulate(sideConfig(ctx, '--right'));
    const alignment = alignTraces(left, right);
    const found = divergences(left, right, alignment.pairs);
    const divergent = found.map((f) => f.position);
    const diffs = new Map(found.map((f) => [f.position, f.differences]));
    const at = (i: number) => divergenceJson(left, right, alignment.pairs[i]!, i, diffs.get(i)!);
    const head = {
      left: sideJson(ctx.flag('--left')!, left),
      right: sideJson(ctx.flag('--right')!, right),
      summary: {
        aligned: alignment.pairs.length,
        matched: alignment.matched,
        onlyLeft: alignment.onlyLeft,
        onlyRight: alignment.onlyRight,
        divergent: divergent.length,
      },
      firstDivergence: divergent.length
        ? { ...at(divergent[0]!), noCounterpartBefore: runBefore(alignment.pairs, divergent[0]!) }
        : null,
    };
    if (ctx.has('--first')) {
      await ctx.print(JSON.stringify(head, null, 1));
      return 0;
    }
    await ctx.io.write(JSON.stringify(head, null, 1).replace(/\n}$/, ',\n "divergences": ['));
    let batch: string[] = [];
    for (let k = 0; k < divergent.length; k++) {
      batch.push((k ? ',\n' : '\n') + JSON.stringify(at(divergent[k]!)));
      if (batch.length === 64) {
        await ctx.io.write(batch.join(''));
        batch = [];
      }
    }
    await ctx.io.write(batch.join('') + '\n ]\n}\n');
    return 0;
  },
};
