import { stepsJson, traceHeaderJson, type StepRange } from '../../engine/inspect/traceJson';
import type { Trace } from '../../engine/trace/types';
import { UsageError, type Command, type CommandContext } from '../command';

function stepRange(ctx: CommandContext, trace: Trace): StepRange {
  const n = trace.steps.length;
  const from = ctx.intFlag('--from', 1) ?? 1;
  const to = ctx.intFlag('--to', 1) ?? n;
  if (from > n)
    throw new UsageError(`--from ${from} is out of range: this trace has steps 1 to ${n}`);
  if (to > n) throw new UsageError(`--to ${to} is out of range: this trace has steps 1 to ${n}`);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

/** Steps go out as they are serialised, so no output ever exists as one giant string. */
const BATCH = 64;

export const traceCommand: Command = {
  name: 'trace',
  summary:
    'the whole trace as JSON {schemaVersion, config, outcome, moments, stepCount, range, steps} (schema/trace.schema.json)',
  flags: [
    { name: '--from', value: 'N', help: 'first step to print (1-based)', default: '1' },
    { name: '--to', value: 'M', help: 'last step to print (inclusive)', default: 'the last step' },
    {
      name: '--ndjson',
      help: 'one JSON object per line: the header (everything but steps), then one line per step',
    },
  ],
  usesConfig: true,
  async run(ctx) {
    if (ctx.args.length) throw new UsageError('trace takes no arguments');
    const trace = ctx.simulate(ctx.config());
    const range = stepRange(ctx, trace);
    const header = traceHeaderJson(trace, range);
    const ndjson = ctx.has('--ndjson');
    if (ndjson) await ctx.io.write(JSON.stringify(header) + '\n');
    else await ctx.io.write(JSON.stringify(header, null, 1).replace(/\n}$/, ',\n "steps": ['));
    let batch: string[] = [];
    let first = true;
    for (const step of stepsJson(trace, range)) {
      const line = JSON.stringify(step);
      batch.push(ndjson ? line + '\n' : (first ? '\n' : ',\n') + line);
      first = false;
      if (batch.length === BATCH) {
        await ctx.io.write(batch.join(''));
        batch = [];
      }
    }
    if (batch.length) await ctx.io.write(batch.join(''));
    if (!ndjson) await ctx.io.write('\n ]\n}\n');
    return 0;
  },
};
