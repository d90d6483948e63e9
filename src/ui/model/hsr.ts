import { hex } from '../../engine/arch/hex';

/* HSR decoding for people (facts §4.3/§7): exception class, and for aborts the fault status. */
const EC_NAME: Readonly<Record<number, string>> = {
  0x00: 'unknown reason (undefined instruction)',
  0x12: 'HVC executed',
  0x20: 'prefetch abort from a lower mode',
  0x21: 'prefetch abort taken in Hyp mode',
  0x24: 'data abort from a lower mode',
  0x25: 'data abort taken in Hyp mode',
};

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

export function describeHsr(hsr: number): string {
  const ec = hsr >>> 26;
  const name = EC_NAME[ec] ?? `exception class ${hex(ec)}`;
  if (ec === 0x12) return `${name}, imm16 ${hex(hsr & 0xffff)}`;
  if (ec === 0x20 || ec === 0x21 || ec === 0x24 || ec === 0x25)
    return `${name}: ${fscName(hsr & 0x3f)}${ec >= 0x24 && hsr & (1 << 6) ? ' (write)' : ''}`;
  return name;
}
