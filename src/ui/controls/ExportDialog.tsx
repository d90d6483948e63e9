import { useEffect, useRef, useState } from 'react';
import { traceToJson } from '../../engine/inspect/traceJson';
import { downloadText } from '../export/download';
import { exportFileName } from '../export/fileName';
import type { Target } from '../export/actions';
import '../export/export.css';
import { selectCursor, selectExportOpen, selectPresetName } from '../store/selectors';
import { useAppStore, useAppStoreApi } from '../store/StoreContext';
import { useTrace } from '../store/useStep';

const selectSetExport = (s: import('../store/appStore').AppState) => s.setExportOpen;

/** What can be exported. Page tables and address space are plain SVG; the rest is HTML. */
const TARGETS: readonly { label: string; slug: Target }[] = [
  { label: 'Whole view', slug: 'view' },
  { label: 'Page tables', slug: 'page-tables' },
  { label: 'Address space', slug: 'address-space' },
  { label: 'CPU', slug: 'cpu' },
  { label: 'MMU', slug: 'mmu' },
  { label: 'TLB', slug: 'tlb' },
  { label: 'Source', slug: 'source' },
  { label: 'Explanation', slug: 'explanation' },
];

const message = (e: unknown) => `Export failed: ${e instanceof Error ? e.message : String(e)}`;

export function ExportDialog() {
  const open = useAppStore(selectExportOpen);
  const setOpen = useAppStore(selectSetExport);
  const preset = useAppStore(selectPresetName);
  const cursor = useAppStore(selectCursor);
  const store = useAppStoreApi();
  const trace = useTrace();
  const moments = trace.moments;
  const [target, setTarget] = useState<Target>('view');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
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

  const guarded = async (work: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setStatus('Exporting…');
    try {
      setStatus(await work());
    } catch (e) {
      setStatus(message(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const part = (kind: 'svg' | 'png') =>
    guarded(async () => (await import('../export/actions')).exportPart(store, target, kind));
  const deck = () =>
    guarded(async () =>
      (await import('../export/actions')).exportMoments(store, moments, (done, total) => {
        setProgress({ done, total });
        setStatus(`Slide ${done} of ${total}…`);
      }),
    );
  const json = () => {
    downloadText(
      exportFileName(preset, cursor, 'trace', 'json'),
      JSON.stringify(traceToJson(trace), null, 1),
      'application/json',
    );
    setStatus('Trace downloaded.');
  };
  const vector = target === 'page-tables' || target === 'address-space';
  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby="export-title"
      aria-busy={busy}
      onClose={() => setOpen(false)}
      onCancel={(e) => busy && e.preventDefault()}
    >
      <h2 id="export-title">Export</h2>
      <p>
        <label htmlFor="export-what">What to export</label>{' '}
        <select
          id="export-what"
          value={target}
          onChange={(e) => setTarget(e.target.value as Target)}
        >
          {TARGETS.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.label}
            </option>
          ))}
        </select>
      </p>
      <p className="export-note">
        {vector
          ? 'Plain SVG: shapes and text that open in any viewer or slide tool.'
          : 'The SVG of an HTML part opens in web browsers; use PNG for slides.'}
      </p>
      <p className="export-buttons">
        <button type="button" disabled={busy} onClick={() => void part('svg')}>
          Download SVG
        </button>
        <button type="button" disabled={busy} onClick={() => void part('png')}>
          Download PNG
        </button>
        <button type="button" disabled={busy} onClick={json}>
          Download trace JSON
        </button>
      </p>
      <h3>Key moments</h3>
      <p className="export-note">
        {moments.length
          ? `Every key moment of this scenario (${moments.length}) as numbered slides: a PNG of the view and an SVG of the page tables and the address space, in one zip.`
          : 'This scenario has no key moments marked.'}
      </p>
      <p className="export-buttons">
        <button type="button" disabled={busy || moments.length === 0} onClick={() => void deck()}>
          Export key moments
        </button>
      </p>
      {progress && (
        <progress max={progress.total} value={progress.done} aria-label="Slides exported" />
      )}
      <p role="status" className="export-status">
        {status}
      </p>
      <form method="dialog">
        <button type="submit" disabled={busy}>
          Close
        </button>
      </form>
    </dialog>
  );
}
