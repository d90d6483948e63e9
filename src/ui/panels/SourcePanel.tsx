import { memo, useEffect, useMemo, useRef } from 'react';
import type { Listing } from '../../engine/source/listing';
import { traceListings } from '../../engine/simulate';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';
import './source.css';

/** An assembler line split at its `@` comment, so the comment can give way in a narrow panel. */
function splitComment(text: string): [string, string] {
  const m = /\s@\s/.exec(text);
  return m ? [text.slice(0, m.index + 1), text.slice(m.index + 1)] : [text, ''];
}

function SourceLine({ text, current }: { text: string; current: boolean }) {
  const [code, comment] = splitComment(text);
  // the current line's comment goes under its code, indented like it, and wraps in full
  let indent = 0; // columns, as `pre` draws a leading tab: to the next multiple of 8
  for (const ch of code.slice(0, code.length - code.trimStart().length))
    indent = ch === '\t' ? indent + 8 - (indent % 8) : indent + 1;
  return (
    <>
      <code className="src-code">{current ? code.trimEnd() : code}</code>
      {comment && (
        <span
          className="src-comment"
          title={comment}
          style={current ? { paddingLeft: `calc(1.4em + ${indent}ch)` } : undefined}
        >
          {comment}
        </span>
      )}
    </>
  );
}

/** One listing line; memoised, so a step re-renders only the lines that gain or lose "current". */
const ListingRow = memo(function ListingRow({ text, current }: { text: string; current: boolean }) {
  return (
    <li className={current ? 'current' : undefined} aria-current={current ? 'step' : undefined}>
      <span className="marker" aria-hidden="true">
        {current ? '▶' : ' '}
      </span>
      <SourceLine text={text} current={current} />
    </li>
  );
});

/** The simulator's own paraphrase of the code the step belongs to, current line highlighted. */
export function SourcePanel() {
  const { trace, step } = useCurrentStep();
  const listings = useMemo(() => traceListings(trace), [trace]);
  const l: Listing | undefined = listings.get(step.source.listing);
  const list = useRef<HTMLOListElement>(null);
  const line = step.source.line;
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
  }, [step.index, line, l]);
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
        <ol ref={list} className="listing" aria-label={`${l.func}, the simulator's paraphrase`}>
          {l.lines.map((row, i) => (
            <ListingRow key={i} text={row.text} current={i === line} />
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}
