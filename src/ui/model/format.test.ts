import { describe, expect, test } from 'vitest';
import { desc64, fsc, ghex, groupedCount, tlbSpanLabel } from './format';

describe('grouped hex in the UI (issue 9 item 6)', () => {
  test('32-bit values at or above 2^31 print unsigned and grouped', () => {
    expect(ghex(0x80321064)).toBe('0x8032_1064');
    expect(ghex(0x80000000 | 0x1d3)).toBe('0x8000_01d3'); // the | gives a negative number
    expect(ghex(-1)).toBe('0xffff_ffff');
  });
  test('descriptors and fault status codes', () => {
    expect(desc64(0x0080_0000_8032_075fn)).toBe('0x0080_0000_8032_075f');
    expect(fsc(0x05)).toBe('0x05');
    expect(fsc(0x21)).toBe('0x21');
  });
});

describe('counts with thousands separators', () => {
  test('group by three digits from the right, as en-US writes them', () => {
    expect(groupedCount(0)).toBe('0');
    expect(groupedCount(999)).toBe('999');
    expect(groupedCount(1000)).toBe('1,000');
    expect(groupedCount(1_234_567)).toBe('1,234,567');
    expect(groupedCount(100_000)).toBe('100,000');
    expect(groupedCount(-45_000)).toBe('-45,000');
  });
});

describe('what a TLB entry covers', () => {
  test('a page says nothing; LPAE blocks name their size', () => {
    expect(tlbSpanLabel(4096)).toBe('');
    expect(tlbSpanLabel(2 * 1024 * 1024)).toBe('2 MiB block');
    expect(tlbSpanLabel(1024 * 1024 * 1024)).toBe('1 GiB block');
  });
});
