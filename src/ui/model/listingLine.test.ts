import { describe, expect, it } from 'vitest';
import { columnAfter, fitLine, splitComment } from './listingLine';

describe('splitComment', () => {
  it('splits at the @ that starts a comment, the blank staying with the code', () => {
    expect(splitComment('\tmcr\tp15, 4, r0, c2, c0, 2\t@ HTCR')).toEqual({
      code: '\tmcr\tp15, 4, r0, c2, c0, 2\t',
      comment: '@ HTCR',
    });
  });
  it('leaves a line without a comment whole, and an @ inside an operand alone', () => {
    expect(splitComment('\tisb')).toEqual({ code: '\tisb', comment: '' });
    expect(splitComment('x@y')).toEqual({ code: 'x@y', comment: '' });
  });
});

describe('columnAfter', () => {
  it('expands tabs to the next multiple of 8', () => {
    expect(columnAfter('\t')).toBe(8);
    expect(columnAfter('ab\t')).toBe(8);
    expect(columnAfter('\tmcr\t')).toBe(16);
    expect(columnAfter('abcdefgh\t')).toBe(16);
    expect(columnAfter('x', 7)).toBe(8);
    expect(columnAfter('\t', 7)).toBe(8);
  });
});

describe('fitLine', () => {
  // the code ends at column 32 (tab, "mov", tab, "r0, #0", two tabs), its text at column 22;
  // the comment is 31 columns long
  const line = '\tmov\tr0, #0\t\t@ a comment of twenty-nine cols';
  const comment = '@ a comment of twenty-nine cols';
  it('keeps a line that fits whole, and anything while the width is unknown', () => {
    expect(columnAfter('\tmov\tr0, #0\t\t')).toBe(32);
    expect(fitLine(line, 63)).toEqual({
      code: '\tmov\tr0, #0\t\t',
      comment,
      cut: 'none',
      full: '',
    });
    expect(fitLine(line, null)).toEqual(fitLine(line, 1000));
  });
  it('cuts a comment in its own column, so the comments stay aligned', () => {
    const f = fitLine(line, 62);
    expect(f).toEqual({
      code: '\tmov\tr0, #0\t\t',
      comment: '@ a comment of twenty-nine co…',
      cut: 'comment',
      full: comment,
    });
    expect(columnAfter(f.code + f.comment)).toBe(62);
    // a cut that would end on a blank drops it before the ellipsis
    expect(fitLine(line, 32 + 12).comment).toBe('@ a comment…');
    expect(fitLine(line, 32 + 13).comment).toBe('@ a comment…');
    expect(fitLine(line, 32 + 14).comment).toBe('@ a comment o…');
    // eight columns left in its column: still cut there
    expect(fitLine(line, 40).code).toBe('\tmov\tr0, #0\t\t');
    expect(fitLine(line, 40).comment).toBe('@ a com…');
  });
  it('with less room there, gives up the blanks that align it, keeping one space', () => {
    // "\tmov\tr0, #0" ends at column 22: the comment starts at 23
    expect(fitLine(line, 39)).toEqual({
      code: '\tmov\tr0, #0 ',
      comment: '@ a comment of…',
      cut: 'comment',
      full: comment,
    });
    // a short comment far to the right comes back whole
    expect(fitLine('\tmov\tr0, #0\t\t\t\t@ HTCR', 50)).toEqual({
      code: '\tmov\tr0, #0 ',
      comment: '@ HTCR',
      cut: 'none',
      full: '',
    });
    // the narrowest: one character and the ellipsis, then the ellipsis alone
    expect(fitLine(line, 25).comment).toBe('@…');
    expect(fitLine(line, 24)).toEqual({
      code: '\tmov\tr0, #0 ',
      comment: '…',
      cut: 'comment',
      full: comment,
    });
  });
  it('cuts the code itself when it alone is too wide, the whole line in the tooltip', () => {
    expect(fitLine(line, 20)).toEqual({
      code: '\tmov\tr0,…',
      comment: '',
      cut: 'code',
      full: 'mov\tr0, #0\t\t@ a comment of twenty-nine cols',
    });
    expect(columnAfter(fitLine(line, 20).code)).toBe(20);
    const long = '\torr\tr1, r1, #(KVM_VTCR_SL0 | KVM_VTCR_T0SZ | KVM_VTCR_S)';
    const f = fitLine(long, 40);
    // "r1, r1, #(KVM_VTCR_SL0" ends at column 38; the blank after it goes before the ellipsis
    expect(f.code).toBe('\torr\tr1, r1, #(KVM_VTCR_SL0…');
    expect(columnAfter(f.code)).toBe(39);
    expect(f.full).toBe(long.trim());
  });
  it('leaves a line without a comment that fits alone', () => {
    expect(fitLine('\tldr\tr0, =symbol', 27)).toEqual({
      code: '\tldr\tr0, =symbol',
      comment: '',
      cut: 'none',
      full: '',
    });
  });
});
