import { memo } from 'react';
import { ROW } from '../layout/pgdTreeLayout';

/**
 * One node of the PGD trees. Its props are plain values, so a step that moves no node and
 * changes none of its marks leaves it alone (memo): a step that writes one descriptor updates
 * that node, not the hundred around it.
 */
export const TreeNode = memo(function TreeNode({
  id,
  x,
  y,
  width,
  className,
  label,
  text,
  focusable,
  dirtyFill,
  newTag,
  onShow,
  onHide,
}: {
  id: string;
  x: number;
  y: number;
  width: number;
  className: string;
  label: string;
  text: string;
  focusable: boolean;
  /** The hatch pattern's url(#...) when the entry is not cleaned to the PoC yet. */
  dirtyFill: string | null;
  /** Where the "new" tag goes for an entry written in this step, or null. */
  newTag: 'start' | 'end' | null;
  /** Null for nodes without a descriptor to show (a "more" count, a mapped page). */
  onShow: ((id: string, el: Element) => void) | null;
  onHide: () => void;
}) {
  return (
    <g
      className={className}
      data-id={id}
      transform={`translate(${x},${y - ROW / 2 + 3})`}
      tabIndex={focusable ? 0 : -1}
      role="img"
      aria-label={label}
      onMouseEnter={(e) => onShow?.(id, e.currentTarget)}
      onMouseLeave={onHide}
      onFocus={(e) => onShow?.(id, e.currentTarget)}
      onBlur={onHide}
    >
      <NodeBody width={width} text={text} dirtyFill={dirtyFill} newTag={newTag} />
    </g>
  );
});

/**
 * What a node draws, apart from where: memoised on its own, so that a node that only moves (a
 * row inserted above it) updates its transform and nothing inside.
 */
const NodeBody = memo(function NodeBody({
  width,
  text,
  dirtyFill,
  newTag,
}: {
  width: number;
  text: string;
  dirtyFill: string | null;
  newTag: 'start' | 'end' | null;
}) {
  return (
    <>
      <rect width={width} height={ROW - 6} rx={4} className="node-box" />
      {dirtyFill && (
        <rect width={width} height={ROW - 6} rx={4} fill={dirtyFill} className="dirty-fill" />
      )}
      <text
        x={width / 2}
        y={(ROW - 6) / 2 + 1}
        textAnchor="middle"
        dominantBaseline="middle"
        className="node-text"
      >
        {text}
      </text>
      {newTag && (
        <text
          x={newTag === 'start' ? width + 2 : -2}
          y={-1}
          textAnchor={newTag}
          className="new-tag"
        >
          new
        </text>
      )}
    </>
  );
});

/** One link between two nodes; memoised like the nodes. */
export const TreeLink = memo(function TreeLink({
  d,
  className,
  toShared,
}: {
  d: string;
  className: string;
  toShared: boolean;
}) {
  return <path d={d} data-to-shared={toShared ? '' : undefined} className={className} />;
});
