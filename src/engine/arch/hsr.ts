import { hex } from './hex';

/*
 * The Hyp Syndrome Register (ARMv7 with the Virtualization Extensions, facts §4.3/§7):
 * EC in [31:26], IL in [25], ISS in [24:0]; for aborts the fault status sits in ISS[5:0]
 * and WnR (data aborts) in ISS[6]. Shared by the UI's panels and the CLI's trace.
 */
const EC_NAME: Readonly<Record<number, string>> = {
  0x00: 'unknown reason (undefined instruction)',
  0x12: 'HVC executed',
  0x20: 'prefetch abort from a lower mode',
  0x21: 'prefetch abort taken in Hyp mode',
  0x24: 'data abort from a lower mode',
  0x25: 'data abort taken in Hyp mode',
};

export function isAbortEc(ec: number): boolean {
  return ec === 0x20 || ec === 0x21 || ec === 0x24 || ec === 0x25;
}

export function fscName(fsc: number): string {
  const level = fsc & 3;
  switch (fsc & 0x3c) {
    case 0x04:
      return `translation fault, level ${level}`;
    case 0x08:
      return `access flag fault, level ${level}`;
    case 0x0c:
      return `permission fault, level ${level}`;
    default:
      return fsc === 0x10
        ? 'synchronous external abort'
        : fsc === 0x21
          ? 'alignment fault'
          : `fault status ${hex(fsc)}`;
  }
}

export interface DecodedHsr {
  readonly ec: number;
  /** Instruction length: true for a 32-bit instruction. */
  readonly il: boolean;
  readonly iss: number;
  /** Fault status (aborts only). */
  readonly fsc: number | null;
  /** Write not read (data aborts only). */
  readonly wnr: boolean | null;
  /** HVC immediate (EC 0x12 only). */
  readonly imm16: number | null;
  readonly description: string;
}

export function decodeHsr(hsr: number): DecodedHsr {
  const v = hsr >>> 0;
  const ec = v >>> 26;
  const iss = v & 0x1ffffff;
  const abort = isAbortEc(ec);
  const dataAbort = ec === 0x24 || ec === 0x25;
  return {
    ec,
    il: (v & (1 << 25)) !== 0,
    iss,
    fsc: abort ? iss & 0x3f : null,
    wnr: dataAbort ? (iss & (1 << 6)) !== 0 : null,
    imm16: ec === 0x12 ? iss & 0xffff : null,
    description: describeHsr(v),
  };
}

export function describeHsr(hsr: number): string {
  const ec = hsr >>> 26;
  const name = EC_NAME[ec] ?? `exception class ${hex(ec)}`;
  if (ec === 0x12) return `${name}, imm16 ${hex(hsr & 0xffff)}`;
  if (isAbortEc(ec))
    return `${name}: ${fscName(hsr & 0x3f)}${ec >= 0x24 && hsr & (1 << 6) ? ' (write)' : ''}`;
  return name;
}
