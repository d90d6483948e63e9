import { useLayoutEffect, useMemo, useRef } from 'react';
import { traceListings } from '../../engine/simulate';
import { useCurrentStep } from '../store/useStep';
import { PanelFrame } from './PanelFrame';

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

/** The simulator's own paraphrase of the code the step belongs to, current line highlighted. */
export function SourcePanel() {
  const { trace, step } = useCurrentStep();
  const listings = useMemo(() => traceListings(trace), [trace]);
  const l = listings.get(step.source.listing);
  const current = useRef<HTMLLIElement>(null);
  useLayoutEffect(() => {
    const el = current.current;
    const box = el?.closest('.panel-body');
    if (!el || !box) return;
    // keep the current line in the middle third without scrolling the page itself
    const top = el.offsetTop - box.clientHeight / 3;
    box.scrollTop = Math.max(0, top);
  }, [step.index]);
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
        <ol className="listing" aria-label={`${l.func}, the simulator's paraphrase`}>
          {l.lines.map((line, i) => (
            <li
              key={i}
              ref={i === step.source.line ? current : undefined}
              className={i === step.source.line ? 'current' : undefined}
              aria-current={i === step.source.line ? 'step' : undefined}
            >
              <span className="marker" aria-hidden="true">
                {i === step.source.line ? '▶' : ' '}
              </span>
              <SourceLine text={line.text} current={i === step.source.line} />
            </li>
          ))}
        </ol>
      )}
    </PanelFrame>
  );
}
