import { describe, expect, test } from 'vitest';
import { PhysicalMemory } from './physicalMemory';

describe('data cache and point of coherency', () => {
  test('a cached write is seen by the kernel but not at the PoC until cleaned', () => {
    const m = new PhysicalMemory();
    m.cachedWrite64(0x80401ff8, 0x0080_0000_8032_075fn, 1);
    expect(m.read64(0x80401ff8, 1, 'coherent')).toBe(0x0080_0000_8032_075fn);
    expect(m.read64(0x80401ff8, 1, 'poc')).toBe(0n);
    expect(m.cleanToPoc(0x80401ff8, 8, 2)).toEqual([0x80401fc0 / 64]);
    expect(m.read64(0x80401ff8, 2, 'poc')).toBe(0x0080_0000_8032_075fn);
    expect(m.isDirty(0x80401fc0 / 64, 2)).toBe(false);
  });
  test('earlier versions keep reading what they saw', () => {
    const m = new PhysicalMemory();
    m.uncachedWrite32(0x1000, 0x11111111, 0);
    m.uncachedWrite32(0x1000, 0x22222222, 5);
    expect(m.read32(0x1000, 4, 'poc')).toBe(0x11111111);
    expect(m.read32(0x1000, 5, 'poc')).toBe(0x22222222);
  });
  test('cleaning works on whole 64-byte lines: a neighbour in the line goes to the PoC too', () => {
    const m = new PhysicalMemory();
    m.cachedWrite32(0x2000, 1, 1);
    m.cachedWrite32(0x2038, 2, 1);
    m.cleanToPoc(0x2000, 8, 2);
    expect(m.read32(0x2038, 2, 'poc')).toBe(2);
  });
  test('zeroing through the cache leaves stale data at the PoC', () => {
    const m = new PhysicalMemory();
    m.uncachedWrite32(0x3040, 0xdeadbeef, 0);
    m.cachedZero(0x3000, 4096, 1);
    expect(m.read32(0x3040, 1, 'coherent')).toBe(0);
    expect(m.read32(0x3040, 1, 'poc')).toBe(0xdeadbeef);
  });
});
