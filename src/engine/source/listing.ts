import type { SourceRef } from '../trace/types';

/** A paraphrase of one kernel function, line by line; `tag` lets steps point at a line. */
export interface Listing {
  readonly id: string;
  readonly file: string;
  readonly func: string;
  readonly lines: readonly { readonly tag: string | null; readonly text: string }[];
}

/** Builds a listing from lines written as "tag| text" (untagged lines have no bar). */
export function listing(id: string, file: string, func: string, body: string): Listing {
  const lines = body
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n')
    .map((raw) => {
      const m = /^([a-z0-9-]+)\|(.*)$/.exec(raw);
      return m ? { tag: m[1] ?? null, text: m[2] ?? '' } : { tag: null, text: raw };
    });
  const seen = new Set<string>();
  for (const l of lines) {
    if (l.tag && seen.has(l.tag)) throw new Error(`listing ${id}: duplicate tag ${l.tag}`);
    if (l.tag) seen.add(l.tag);
  }
  return { id, file, func, lines };
}

const refs = new WeakMap<Listing, Map<string, SourceRef>>();

/** The (shared, frozen) reference to a tagged line: steps pointing at one line share one object. */
export function sourceRef(l: Listing, tag: string): SourceRef {
  let byTag = refs.get(l);
  if (!byTag) refs.set(l, (byTag = new Map()));
  const cached = byTag.get(tag);
  if (cached) return cached;
  const ref = makeRef(l, tag);
  byTag.set(tag, ref);
  return ref;
}

function makeRef(l: Listing, tag: string): SourceRef {
  const line = l.lines.findIndex((x) => x.tag === tag);
  if (line < 0) throw new Error(`listing ${l.id}: no line tagged ${tag}`);
  return {
    file: l.file,
    func: l.func,
    listing: l.id,
    line,
    text: (l.lines[line]?.text ?? '').trim(),
  };
}
