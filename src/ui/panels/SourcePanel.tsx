import { memo, useEffect, useMemo } from 'react';
import type { Listing } from '../../engine/source/listing';
import { traceListings } from '../../engine/simulate';
import { columnAfter, fitLine } from '../model/listingLine';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';
import { PROBE_TEXT, useTextColumns } from './useTextColumns';
import './source.css';

/** Columns taken by the current-line marker: the rows' `padding-left: 2ch` in source.css. */
const MARKER_COLUMNS = 2;

/**
 * One listing line; memoised, so a step re-renders only the lines that gain or lose "current".
 * A line is plain inline text in a block (no flex, no clip of its own): it is fitted to the
 * panel's width in characters (fitLine), what was cut in a tooltip. The current line is never
 * cut: its comment goes under the code, indented like it, and wraps.
 */
const ListingRow = memo(function ListingRow({
  text,
  current,
  columns,
}: {
  text: string;
  current: boolean;
  columns: number | null;
}) {
  const { code, comment, cut, full } = fitLine(text, current ? null : columns);
  const indent = current ? columnAfter(code.slice(0, code.length - code.trimStart().length)) : 0;
  return (
    <li className={current ? 'current' : undefined} aria-current={current ? 'step' : undefined}>
      <code className="src-code" title={cut === 'code' ? full : undefined}>
        {current ? code.trimEnd() : code}
      </code>
      {comment && (
        <span
          className="src-comment"
          title={cut === 'comment' ? full : undefined}
          style={current ? { paddingLeft: `${indent}ch` } : undefined}
        >
          {comment}
        </span>
      )}
    </li>
  );
});

/** The simulator's own paraphrase of the code the step belongs to, current line highlighted. */
export function SourcePanel() {
  const { trace, step } = useCurrentStep();
  const listings = useMemo(() => traceListings(trace), [trace]);
  const l: Listing | undefined = listings.get(step.source.listing);
  const [list, probe, width] = useTextColumns<HTMLOListElement, HTMLSpanElement>(l !== undefined);
  const columns = width === null ? null : Math.max(0, width - MARKER_COLUMNS);
  const line = step.source.line;
  // the rows are made once per listing and width; a step swaps in its current row alone, so
  // React skips the others without comparing their props
  const plain = useMemo(
    () =>
      l?.lines.map((row, i) => (
        <ListingRow key={i} text={row.text} current={false} columns={columns} />
      )) ?? [],
    [l, columns],
  );
  const rows = useMemo(() => {
    const text = l?.lines[line]?.text;
    if (text === undefined) return plain;
    const out = plain.slice();
    out[line] = <ListingRow key={line} text={text} current columns={columns} />;
    return out;
  }, [plain, l, line, columns]);
  useEffect(() => {
    const el = list.current?.children[line] as HTMLElement | undefined;
    const box = el?.closest<HTMLElement>('.panel-body');
    if (!el || !box) return;
    // The current line is kept in the middle of the panel. An observer says when it leaves that
    // band, after the frame is drawn: a step whose line is still in view reads no layout and
    // scrolls nothing (reading offsetTop on every step cost a layout of the page per key).
    const io = new IntersectionObserver(
      ([entry]) => {
        if (!entry || entry.intersectionRatio >= 1) return;
        box.scrollTop = Math.max(0, el.offsetTop - box.clientHeight / 3);
      },
      { root: box, rootMargin: '-20% 0px -20% 0px', threshold: 1 },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [step.index, line, l, list]);
  return (
    <PanelFrame
      title="Source"
      className="source-panel"
      resetKey={step.index}
      heading={
        <>
          Source <span className="mono">{step.source.func}</span>{' '}
          <span className="mono dim" title={step.source.file}>
            {step.source.file.split('/').pop()}
          </span>
        </>
      }
    >
      {!l ? (
        <p className="mono">{step.source.text}</p>
      ) : (
        <div className="listing-box">
          {/* its text comes from CSS, so it is in no copy, search or text content */}
          <span ref={probe} className="listing-probe" data-probe={PROBE_TEXT} aria-hidden="true" />
          <ol ref={list} className="listing" aria-label={`${l.func}, the simulator's paraphrase`}>
            {rows}
          </ol>
        </div>
      )}
    </PanelFrame>
  );
}
