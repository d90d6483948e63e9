import { describe, expect, test } from 'vitest';
import { parseVa } from './vaText';

describe('parseVa', () => {
  test.each([
    ['0xffff0000', 0xffff0000],
    ['ffff0000', 0xffff0000],
    ['0xffff_0000', 0xffff0000],
    ['  FFFF 0000 ', 0xffff0000],
    ['0x8032_0fa0', 0x80320fa0],
    ['0', 0],
  ])('%s', (text, va) => expect(parseVa(text)).toBe(va));
  test.each(['', '0x', 'xyz', '0x1_0000_0000', '123456789', '-1', '0xffff0000!'])(
    'rejects %s',
    (text) => expect(parseVa(text)).toBeUndefined(),
  );
});
