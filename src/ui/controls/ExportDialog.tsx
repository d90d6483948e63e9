import { useEffect, useRef, useState } from 'react';
import { traceToJson } from '../../engine/inspect/traceJson';
import { downloadBlob, downloadText } from '../export/download';
import { elementToSvg } from '../export/elementToSvg';
import { exportFileName } from '../export/fileName';
import { svgToPng } from '../export/svgToPng';
import { selectCursor, selectExportOpen, selectPresetName } from '../store/selectors';
import { useAppStore } from '../store/StoreContext';
import { useTrace } from '../store/useStep';

const selectSetExport = (s: import('../store/appStore').AppState) => s.setExportOpen;

/** What can be exported, and how to find it on the page. */
const TARGETS = [
  { label: 'Whole view', slug: 'view', selector: '[data-testid="app-root"]' },
  { label: 'Page tables', slug: 'page-tables', selector: 'section[data-panel="Page tables"]' },
  { label: 'CPU', slug: 'cpu', selector: 'section[data-panel="CPU"]' },
  { label: 'MMU', slug: 'mmu', selector: 'section[data-panel="MMU"]' },
  { label: 'TLB', slug: 'tlb', selector: 'section[data-panel="TLB"]' },
  { label: 'Source', slug: 'source', selector: 'section[data-panel="Source"]' },
  { label: 'Explanation', slug: 'explanation', selector: 'section[data-panel="Explanation"]' },
] as const;

export function ExportDialog() {
  const open = useAppStore(selectExportOpen);
  const setOpen = useAppStore(selectSetExport);
  const preset = useAppStore(selectPresetName);
  const cursor = useAppStore(selectCursor);
  const trace = useTrace();
  const [target, setTarget] = useState<(typeof TARGETS)[number]['slug']>('view');
  const [status, setStatus] = useState('');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setStatus('');
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const element = () => {
    const t = TARGETS.find((x) => x.slug === target)!;
    const el = document.querySelector(t.selector);
    if (!el) throw new Error(`the ${t.label} panel is not on screen in this view`);
    return { el, slug: t.slug };
  };
  const run = async (kind: 'svg' | 'png' | 'json') => {
    try {
      if (kind === 'json') {
        downloadText(
          exportFileName(preset, cursor, 'trace', 'json'),
          JSON.stringify(traceToJson(trace), null, 1),
          'application/json',
        );
        setStatus('Trace downloaded.');
        return;
      }
      const { el, slug } = element();
      const { svg, width, height } = elementToSvg(el);
      if (kind === 'svg')
        downloadText(exportFileName(preset, cursor, slug, 'svg'), svg, 'image/svg+xml');
      else
        downloadBlob(
          exportFileName(preset, cursor, slug, 'png'),
          await svgToPng(svg, width, height, 2),
        );
      setStatus(
        `${kind.toUpperCase()} downloaded (${Math.round(width)}×${Math.round(height)}${kind === 'png' ? ' at 2×' : ''}).`,
      );
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby="export-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="export-title">Export</h2>
      <p>
        <label htmlFor="export-what">What to export</label>{' '}
        <select
          id="export-what"
          value={target}
          onChange={(e) => setTarget(e.target.value as typeof target)}
        >
          {TARGETS.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.label}
            </option>
          ))}
        </select>
      </p>
      <p className="export-buttons">
        <button type="button" onClick={() => void run('svg')}>
          Download SVG
        </button>
        <button type="button" onClick={() => void run('png')}>
          Download PNG
        </button>
        <button type="button" onClick={() => void run('json')}>
          Download trace JSON
        </button>
      </p>
      <p role="status" className="export-status">
        {status}
      </p>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
