import { imageCommand } from '../../crosscheck/command';
import { UsageError, type Command } from '../command';

/** `image --out DIR`: the config as a QEMU image to boot and single-step with gdb. */
export const imageCliCommand: Command = {
  name: 'image',
  summary:
    'write this config as a QEMU image: blobs, manifest.json (PA of every blob, entry point, registers) and run.sh (-s -S for gdb-multiarch); boots it once to check',
  flags: [{ name: '--out', value: 'DIR', help: 'the folder to write the image to' }],
  usesConfig: true,
  run(ctx) {
    if (ctx.args.length) throw new UsageError('image takes no arguments besides --out DIR');
    const dir = ctx.flag('--out');
    if (!dir) throw new UsageError('image needs --out DIR');
    return imageCommand(ctx.config(), dir);
  },
};
