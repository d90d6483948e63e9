import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, DEFAULT_CONFIG, KEY_INFO } from '../engine/scenario/config';
import { hex } from '../engine/arch/hex';
import { PRESETS } from '../engine/scenario/presets';
import { GLOBAL_FLAGS, type Command, type FlagSpec } from './command';

declare const __HYPSTEP_VERSION__: string | undefined;

/** Injected by the CLI build (vite.cli.config.ts); from source, read from package.json. */
export const VERSION: string =
  typeof __HYPSTEP_VERSION__ === 'string'
    ? __HYPSTEP_VERSION__
    : (
        JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
          version: string;
        }
      ).version;

function flagLine(f: FlagSpec): string {
  const head = `  ${f.name}${f.value ? ' ' + f.value : ''}`;
  const tail = `${f.help}${f.default !== undefined ? ` (default: ${f.default})` : ''}`;
  return head.length < 24 ? head.padEnd(24) + tail : `${head}\n${' '.repeat(24)}${tail}`;
}

function defaultText(key: (typeof CONFIG_KEYS)[number]): string {
  const v = DEFAULT_CONFIG[key];
  const kind = KEY_INFO[key].kind;
  if (typeof v === 'number' && (kind === 'hex' || kind === 'optHex') && v >= 0) return hex(v);
  return String(v);
}

/** Every command, flag and config key with its meaning and default. */
export function helpText(commands: readonly Command[]): string {
  const lines = [
    `hypstep ${VERSION}: the ARM KVM dual-step HYP init (Linux v3.10), simulated step by step`,
    '',
    'usage: hypstep [OPTIONS] COMMAND [ARGS]      (npm run -s sim -- ... is the same program)',
    '',
    'Commands:',
  ];
  for (const c of commands) {
    lines.push(`  ${c.name}${c.args ? ' ' + c.args : ''}`);
    lines.push(`      ${c.summary}`);
    for (const f of c.flags ?? []) lines.push('  ' + flagLine(f));
  }
  lines.push('', 'Options (--preset, --config, --set, --step, --cpu: for trace, walk and dump):');
  for (const f of GLOBAL_FLAGS) lines.push(flagLine(f));
  lines.push(
    '',
    'Config keys (--set KEY=VALUE, a --config file, the URL; numbers in hex or decimal):',
  );
  for (const k of CONFIG_KEYS)
    lines.push(`  ${k.padEnd(16)}${KEY_INFO[k].meaning} (default: ${defaultText(k)})`);
  lines.push('', 'Presets (--preset NAME, or PRESET in a diff SPEC):');
  for (const p of PRESETS) lines.push(`  ${p.name.padEnd(20)}${p.description}`);
  lines.push(
    '',
    'Steps are 1-based everywhere. Exit status: 0 success, 2 bad input (one line on stderr).',
  );
  return lines.join('\n');
}
