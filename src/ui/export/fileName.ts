import type { KeyMoment } from '../../engine/trace/types';

/** Lower-case [a-z0-9-] only: accents folded (é -> e), everything else a single hyphen. */
const slug = (s: string, fallback: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || fallback;

/** hypstep-dual-step-step37-cpu.svg: scenario, step and what, safe on every file system. */
export function exportFileName(preset: string, step: number, what: string, ext: string): string {
  const n = Number.isFinite(step) ? Math.max(0, Math.floor(step)) : 0;
  return `hypstep-${slug(preset, 'custom')}-step${n}-${slug(what, 'view')}.${slug(ext, 'bin')}`;
}

/** hypstep-dual-step-key-moments.zip: the deck of every key moment of a scenario. */
export function deckFileName(preset: string): string {
  return `hypstep-${slug(preset, 'custom')}-key-moments.zip`;
}

/** "03-step0165-cpu0-httbr-switch": sorts in order, says what the slide shows. */
export function slideName(index: number, count: number, m: KeyMoment): string {
  const width = Math.max(2, String(count).length);
  const what = slug(m.label, m.kind);
  const cpu = /\bcpu\d/.test(what) ? '' : `cpu${m.cpu}-`;
  return `${String(index + 1).padStart(width, '0')}-step${String(m.step).padStart(4, '0')}-${cpu}${what}`;
}

/** The deck's table of contents, one slide a line. */
export function momentsIndex(scenario: string, moments: readonly KeyMoment[]): string {
  const lines = moments.map(
    (m, i) => `${slideName(i, moments.length, m)}: step ${m.step}, CPU${m.cpu}, ${m.label}`,
  );
  return `Key moments of ${scenario}\n\n${lines.join('\n')}\n`;
}
