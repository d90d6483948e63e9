import { hex } from '../arch/hex';
import { computeLayout, HYP_CODE_LENGTH, HYP_CODE_OFFSET, MIN_POOL } from './layout';
import { CONFIG_KEYS, DEFAULT_CONFIG, KEY_INFO, type Config, type ConfigKey } from './config';

export interface ConfigError {
  readonly key: ConfigKey | string;
  readonly message: string;
}

/** Parses one key's text form (CLI --set, URL). Returns the value or an error naming the key. */
export function parseConfigValue(
  key: string,
  text: string,
): { ok: true; key: ConfigKey; value: Config[ConfigKey] } | { ok: false; error: ConfigError } {
  if (!(CONFIG_KEYS as string[]).includes(key)) {
    return {
      ok: false,
      error: { key, message: `unknown config key "${key}" (known: ${CONFIG_KEYS.join(', ')})` },
    };
  }
  const k = key as ConfigKey;
  const kind = KEY_INFO[k].kind;
  const t = text.trim().replace(/_/g, '');
  const bad = (what: string) => ({
    ok: false as const,
    error: { key: k, message: `${k}: "${text}" is not ${what}` },
  });
  switch (kind) {
    case 'bool':
      if (t === 'true' || t === '1') return { ok: true, key: k, value: true };
      if (t === 'false' || t === '0') return { ok: true, key: k, value: false };
      return bad('true or false');
    case 'design':
      if (t === 'dual-step' || t === 'single-step') return { ok: true, key: k, value: t };
      return bad('dual-step or single-step');
    case 'hex':
    case 'int':
    case 'optHex':
    case 'optInt': {
      if ((kind === 'optHex' || kind === 'optInt') && (t === '-1' || t === 'none'))
        return { ok: true, key: k, value: -1 };
      let n: number | undefined;
      if (/^0x[0-9a-f]{1,11}$/i.test(t)) n = parseInt(t.slice(2), 16);
      else if (/^[0-9]{1,13}$/.test(t)) n = parseInt(t, 10);
      if (n === undefined || !Number.isSafeInteger(n))
        return bad(
          kind === 'int' || kind === 'optInt'
            ? 'a whole number'
            : 'a number (0x... hex or decimal)',
        );
      return { ok: true, key: k, value: n };
    }
  }
}

const U32 = 2 ** 32;

/** Checks a whole config; returns every problem, each with the key it concerns. */
export function validateConfig(c: Config, naturalIdmapLength: number): ConfigError[] {
  const errors: ConfigError[] = [];
  const err = (key: ConfigKey, message: string) =>
    errors.push({ key, message: `${key}: ${message}` });
  for (const k of CONFIG_KEYS) {
    if (typeof c[k] !== typeof DEFAULT_CONFIG[k]) err(k, `must be a ${typeof DEFAULT_CONFIG[k]}`);
  }
  if (errors.length) return errors;
  const MB = 0x100000;
  if (c.ramBase % (2 * MB) !== 0) err('ramBase', `${hex(c.ramBase)} must be 2 MiB aligned`);
  if (c.ramBase >= 2 ** 40) err('ramBase', 'must be below 1 TiB (40-bit PA)');
  if (c.ramSize < 16 * MB || c.ramSize > 16 * 1024 * MB || c.ramSize % 4096 !== 0)
    err('ramSize', `${hex(c.ramSize)} must be a page multiple from 16 MiB to 16 GiB`);
  if (c.ramBase + c.ramSize > 2 ** 40) err('ramSize', 'RAM must end below 1 TiB');
  if (c.pageOffset !== 0xc0000000 && c.pageOffset !== 0x80000000 && c.pageOffset !== 0x40000000)
    err(
      'pageOffset',
      `${hex(c.pageOffset)} must be 0x40000000, 0x80000000 or 0xc0000000 (the 1G/3G, 2G/2G and 3G/1G splits)`,
    );
  const ramEnd = c.ramBase + c.ramSize;
  if (c.kernelStart < c.ramBase || c.kernelStart >= ramEnd)
    err('kernelStart', `${hex(c.kernelStart)} is outside RAM ${hex(c.ramBase)}-${hex(ramEnd)}`);
  else if (c.kernelStart % 4096 !== 0) err('kernelStart', 'must be page aligned');
  const len = c.idmapLength === 0 ? naturalIdmapLength : c.idmapLength;
  if (c.idmapLength !== 0 && c.idmapLength < naturalIdmapLength)
    err(
      'idmapLength',
      `${hex(c.idmapLength)} is shorter than the init code itself (${hex(naturalIdmapLength)})`,
    );
  if (c.idmapLength > 0x4000) err('idmapLength', `${hex(c.idmapLength)} is more than 16 KiB`);
  if (c.idmapLength % 4 !== 0) err('idmapLength', 'must be a multiple of 4');
  if (c.idmapStart % 32 !== 0)
    err(
      'idmapStart',
      `${hex(c.idmapStart)} must be 32-byte aligned (the linker aligns .hyp.idmap.text to 32)`,
    );
  if (c.idmapStart + len > U32)
    err(
      'idmapStart',
      `${hex(c.idmapStart)}: the init code must lie below 4 GiB (hyp_idmap_start is an unsigned long)`,
    );
  const afterHypCode = c.kernelStart + HYP_CODE_OFFSET + HYP_CODE_LENGTH;
  if (c.idmapStart < afterHypCode || c.idmapStart + len > ramEnd)
    err(
      'idmapStart',
      `${hex(c.idmapStart)} must lie in the kernel text after the HYP code (>= ${hex(afterHypCode)}) and inside RAM`,
    );
  if (afterHypCode > ramEnd) err('kernelStart', 'the kernel text does not fit in RAM');
  if (c.pageOffset + Math.min(c.ramSize, 0x30000000) > U32)
    err('pageOffset', 'lowmem would run past 4 GiB');
  if (!errors.length) {
    // the physical side: __pa() returns an unsigned long, so every lowmem page (the image, the
    // page tables, the stacks) must have a physical address below 4 GiB
    const l = computeLayout(c, len);
    const lowmemEnd = l.physOffset + (l.highMemory - l.pageOffset);
    if (lowmemEnd > U32)
      err(
        'ramBase',
        `lowmem would reach PA ${hex(lowmemEnd)}: it must end at or below 4 GiB (__pa() returns a 32-bit unsigned long); lower ramBase or ramSize`,
      );
    else if (l.poolEnd - l.poolStart < MIN_POOL)
      err(
        'kernelStart',
        `${hex(c.kernelStart)} leaves the page allocator ${hex(Math.max(0, l.poolEnd - l.poolStart))} bytes of lowmem: it needs at least ${hex(MIN_POOL)}`,
      );
  }
  if (!Number.isInteger(c.cpus) || c.cpus < 1 || c.cpus > 8)
    err('cpus', `${c.cpus} must be 1 to 8`);
  if (!Number.isInteger(c.tlbEntries) || c.tlbEntries < 4 || c.tlbEntries > 512)
    err('tlbEntries', `${c.tlbEntries} must be 4 to 512`);
  if (c.design !== 'dual-step' && c.design !== 'single-step')
    err('design', 'must be dual-step or single-step');
  if (
    c.hotplugCpu !== -1 &&
    (!Number.isInteger(c.hotplugCpu) || c.hotplugCpu < 1 || c.hotplugCpu >= c.cpus)
  )
    err('hotplugCpu', `${c.hotplugCpu} must be -1 (none) or a secondary CPU, 1 to ${c.cpus - 1}`);
  if (c.hotplugCpu !== -1 && !c.hotplugSupport)
    err(
      'hotplugCpu',
      `CPU${c.hotplugCpu} cannot go offline with hotplugSupport=false: without CONFIG_HOTPLUG_CPU no CPU can be unplugged (set hotplugCpu=-1 or hotplugSupport=true)`,
    );
  if (!Number.isInteger(c.failAlloc) || c.failAlloc < 0 || c.failAlloc > 64)
    err('failAlloc', `${c.failAlloc} must be 0 (none) to 64`);
  if (c.probeVa !== -1 && (c.probeVa < 0 || c.probeVa >= U32))
    err('probeVa', `${hex(c.probeVa)} must be a 32-bit VA or -1`);
  return errors;
}
