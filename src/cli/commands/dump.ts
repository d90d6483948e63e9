import { dumpPgd } from '../../engine/inspect/ptdump';
import { UsageError, type Command } from '../command';
import { selectedCpu, selectedState } from './stepState';

export const dumpCommand: Command = {
  name: 'dump',
  summary:
    'both PGDs as text, one line per mapped range (in the spirit of ptdump); the one in HTTBR of --cpu is marked active',
  usesConfig: true,
  async run(ctx) {
    if (ctx.args.length) throw new UsageError('dump takes no arguments');
    const trace = ctx.simulate(ctx.config());
    const cpu = selectedCpu(ctx, trace);
    const { step, state } = selectedState(ctx, trace);
    const active = state.cpus[cpu]?.httbr ?? 0;
    const dual = trace.config.design === 'dual-step';
    await ctx.print(`# ${trace.config.design} at step ${step} of ${trace.steps.length}`);
    if (dual)
      await ctx.print(
        dumpPgd(
          trace.world,
          state.version,
          'boot',
          state.kernel.bootPgd,
          active !== 0 && active === state.kernel.bootPgd,
        ),
      );
    await ctx.print(
      dumpPgd(
        trace.world,
        state.version,
        dual ? 'runtime' : 'HYP',
        state.kernel.hypPgd,
        active !== 0 && active === state.kernel.hypPgd,
      ),
    );
    return 0;
  },
};
