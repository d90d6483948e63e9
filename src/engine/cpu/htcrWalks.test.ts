import { describe, expect, test } from 'vitest';
import { describeHtcrWalks, htcrWalksCacheable } from './mmu';

/*
 * HTCR's walk attributes in words (ARM ARM B4.1.76, HTCR: IRGN0 [9:8], ORGN0 [11:10], SH0
 * [13:12]; 0b00 non-cacheable, 0b01 write-back write-allocate, 0b10 write-through, 0b11
 * write-back no write-allocate; SH 0b00 non-shareable, 0b01 UNPREDICTABLE, 0b10 outer, 0b11
 * inner shareable). Phase 1 copies the kernel's TTBCR 0x35 into bits [13:8] (facts §4.1).
 */

describe('HTCR walk attributes', () => {
  test('after phase 1 (HTCR 0x80003500): write-back write-allocate both levels, inner shareable', () => {
    expect(describeHtcrWalks(0x8000_3500)).toBe(
      'IRGN0/ORGN0 write-back write-allocate, SH0 inner shareable',
    );
    expect(htcrWalksCacheable(0x8000_3500)).toBe(true);
  });
  test('different inner and outer attributes are named separately, with every shareability', () => {
    expect(describeHtcrWalks(0x8000_0900)).toBe(
      'IRGN0 write-back write-allocate, ORGN0 write-through, SH0 non-shareable',
    );
    expect(describeHtcrWalks(0x0000_1c00)).toBe(
      'IRGN0 non-cacheable, ORGN0 write-back, SH0 UNPREDICTABLE',
    );
    expect(describeHtcrWalks(0x0000_2f00)).toBe('IRGN0/ORGN0 write-back, SH0 outer shareable');
    expect(describeHtcrWalks(0x0000_0a00)).toBe('IRGN0/ORGN0 write-through, SH0 non-shareable');
    expect(describeHtcrWalks(0)).toBe('IRGN0/ORGN0 non-cacheable, SH0 non-shareable');
    expect(htcrWalksCacheable(0x0000_0c00)).toBe(false);
  });
});
