/**
 * One source line fitted to a panel that is `columns` characters wide (the listing is set in a
 * monospace font). The code is kept whole; the `@` comment after it is cut with an ellipsis where
 * it would run past the edge. The cut is made here rather than by CSS `text-overflow`, which needs
 * a clipping box per line: a hundred clips cost the listing most of its paint on every step.
 */

/** Tab stops every 8 columns, as `white-space: pre` draws them. */
const TAB = 8;

/** An assembler line split at its `@` comment: the code keeps the blank before the `@`. */
export function splitComment(text: string): { code: string; comment: string } {
  const m = /\s@\s/.exec(text);
  return m
    ? { code: text.slice(0, m.index + 1), comment: text.slice(m.index + 1) }
    : { code: text, comment: '' };
}

/** The column after character `code` drawn at column `col`: a tab goes to the next stop. */
function nextColumn(col: number, code: number): number {
  return code === 9 ? col + TAB - (col % TAB) : col + 1;
}

/** The column after `text` when it starts at column `from`, tabs expanded. */
export function columnAfter(text: string, from = 0): number {
  let col = from;
  // by char code, not for-of: no iterator per call (this runs for every line shown)
  for (let i = 0; i < text.length; i++) col = nextColumn(col, text.charCodeAt(i));
  return col;
}

export interface FittedLine {
  readonly code: string;
  /** The comment as shown: whole, cut and ending in an ellipsis, or '' when there is none. */
  readonly comment: string;
  /** What was cut: nothing, the comment, or the code itself (then the comment is dropped). */
  readonly cut: 'none' | 'comment' | 'code';
  /** The whole of what was cut, for its tooltip: the comment, or the whole line. */
  readonly full: string;
}

/** The longest start of `text` that, begun at column `from`, ends by column `last`. */
function fitFrom(text: string, from: number, last: number): string {
  let col = from;
  for (let i = 0; i < text.length; i++) {
    col = nextColumn(col, text.charCodeAt(i));
    if (col > last) return text.slice(0, i);
  }
  return text;
}

/** A comment cut in its aligned column keeps at least this much room; less, it moves left. */
const MIN_ALIGNED_COMMENT = 8;

/**
 * Fits a line into `columns` columns (null: the width is not known yet, nothing changes). A
 * comment too long is cut in its own column, so the comments of a listing stay aligned; where
 * that column leaves it too little room, it gives up the blanks that align it (one space is
 * kept) and is cut after them; when the code alone is too wide, the code is cut.
 */
export function fitLine(text: string, columns: number | null): FittedLine {
  const { code, comment } = splitComment(text);
  const aligned = columnAfter(code);
  if (columns === null || columnAfter(comment, aligned) <= columns)
    return { code, comment, cut: 'none', full: '' };
  const cutFrom = (codePart: string, start: number): FittedLine => ({
    code: codePart,
    comment: `${fitFrom(comment, start, columns - 1).trimEnd()}…`,
    cut: 'comment',
    full: comment,
  });
  if (comment && aligned + MIN_ALIGNED_COMMENT <= columns) return cutFrom(code, aligned);
  const tight = code.trimEnd();
  const start = columnAfter(tight) + 1;
  if (comment && columnAfter(comment, start) <= columns)
    return { code: `${tight} `, comment, cut: 'none', full: '' };
  // a comment with no room left is an ellipsis alone, its tooltip still there
  if (comment && start + 1 <= columns) return cutFrom(`${tight} `, start);
  const shown = fitFrom(tight, 0, columns - 1);
  return { code: `${shown.trimEnd()}…`, comment: '', cut: 'code', full: text.trim() };
}
