import { PRESETS } from '../../engine/scenario/presets';
import type { Command } from '../command';

export const presetsCommand: Command = {
  name: 'presets',
  summary: 'one line per preset: name, title',
  usesConfig: false,
  async run(ctx) {
    for (const p of PRESETS) await ctx.print(`${p.name.padEnd(20)} ${p.title}`);
    return 0;
  },
};
