import type { Command } from '../command';
import { crosscheckCliCommand } from './crosscheck';
import { diffCommand } from './diff';
import { dumpCommand } from './dump';
import { imageCliCommand } from './image';
import { presetsCommand } from './presets';
import { traceCommand } from './trace';
import { walkCommand } from './walk';

/**
 * Every CLI command, in the order --help lists them. Adding one is an import and an entry
 * here: main() parses its flags, --help documents it.
 */
export const COMMANDS: readonly Command[] = [
  presetsCommand,
  traceCommand,
  walkCommand,
  dumpCommand,
  diffCommand,
  crosscheckCliCommand,
  imageCliCommand,
];
