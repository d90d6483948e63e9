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
