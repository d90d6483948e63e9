/**
 * A 32-bit address as a person types it: `0xffff0000`, `ffff0000`, `0xffff_0000`,
 * `FFFF 0000`. Addresses are hex by convention, so the `0x` is optional; a leading `#` or a
 * decimal reading is not guessed at. Returns undefined for anything else or past 32 bits.
 */
export function parseVa(text: string): number | undefined {
  const t = text.trim().replace(/[\s_]/g, '').toLowerCase();
  const digits = t.startsWith('0x') ? t.slice(2) : t;
  if (!/^[0-9a-f]{1,8}$/.test(digits)) return undefined;
  return parseInt(digits, 16);
}
