import { hex } from '../../engine/arch/hex';
import type { HypVa } from '../../engine/arch/types';
import { walk } from '../../engine/cpu/walk';
import { faultJson, walkLevelsJson } from '../../engine/inspect/traceJson';
import { UsageError, type Command } from '../command';
import { selectedCpu, selectedState } from './stepState';

function parseVa(text: string): number {
  const va = /^0x[0-9a-f_]{1,9}$/i.test(text)
    ? parseInt(text.slice(2).replace(/_/g, ''), 16)
    : /^[0-9]{1,10}$/.test(text)
      ? parseInt(text, 10)
      : NaN;
  if (!Number.isInteger(va) || va < 0 || va >= 2 ** 32)
    throw new UsageError(`VA "${text}" is not a 32-bit address`);
  return va;
}

export const walkCommand: Command = {
  name: 'walk',
  args: 'TABLE VA',
  summary:
    'JSON of one translation {va, table, ttbr, step, levels, pa, fault}; TABLE is boot, runtime or httbr (what HTTBR of --cpu holds)',
  usesConfig: true,
  async run(ctx) {
    const [table, vaText, extra] = ctx.args;
    if (table === undefined || vaText === undefined || extra !== undefined)
      throw new UsageError('walk takes TABLE VA, e.g. walk boot 0xffff0000');
    if (table !== 'boot' && table !== 'runtime' && table !== 'httbr')
      throw new UsageError(`TABLE "${table}" must be boot, runtime or httbr`);
    const va = parseVa(vaText);
    const trace = ctx.simulate(ctx.config());
    const cpuId = selectedCpu(ctx, trace);
    const { step, state } = selectedState(ctx, trace);
    const cpu = state.cpus[cpuId]!;
    const ttbr =
      table === 'boot'
        ? state.kernel.bootPgd
        : table === 'runtime'
          ? state.kernel.hypPgd
          : cpu.httbr;
    if (ttbr === null || (table === 'httbr' && ttbr === 0))
      throw new UsageError(
        `the ${table === 'httbr' ? 'HTTBR of CPU ' + cpuId : table + ' PGD'} is not set at step ${step}`,
      );
    const w = walk(trace.world, state.version, ttbr, va as HypVa, 'coherent', null);
    const json = {
      va: hex(va, 8),
      table,
      ttbr: hex(ttbr),
      step,
      levels: walkLevelsJson(w),
      pa: w.pa === null ? null : hex(w.pa),
      fault: faultJson(w.fault),
    };
    await ctx.print(JSON.stringify(json, null, 1));
    return 0;
  },
};
