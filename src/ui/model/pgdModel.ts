import { TRAMPOLINE_VA, decodeDescriptor, type Level } from '../../engine/arch/lpae';
import { descriptor, type HypVa } from '../../engine/arch/types';
import { walk } from '../../engine/cpu/walk';
import { LINE_SIZE } from '../../engine/machine/physicalMemory';
import { memoryEpoch } from '../../engine/trace/memoryEpochs';
import type { Step, Trace } from '../../engine/trace/types';

/*
 * What the tree panel draws of one PGD: the L1 entries, and below each table the populated
 * entries. A table with many entries shows only the interesting ones (on the trampoline or
 * idmap path, on this step's walk, changed in this step, the first and the last) plus a count
 * of the rest, so the work per step stays bounded however much the PGD maps.
 */
export interface EntryNode {
  readonly id: string;
  readonly level: Level;
  readonly index: number;
  readonly descAddr: number;
  /** As the CPU's caches hold it (what the kernel wrote). */
  readonly desc: bigint;
  /** As a non-cacheable observer (the walker with caches off) reads it. */
  readonly descAtPoc: bigint;
  readonly kind: 'table' | 'block' | 'page';
  /** Output address: the next table, or the mapped page/block. */
  readonly output: number;
  /** VA this entry covers the start of. */
  readonly va: number;
  readonly children: readonly TreeNode[];
  readonly trampoline: boolean;
  readonly idmap: boolean;
  readonly onWalk: boolean;
  readonly changed: boolean;
}

export interface MoreNode {
  readonly id: string;
  readonly level: Level;
  readonly kind: 'more';
  readonly count: number;
}

export type TreeNode = EntryNode | MoreNode;

export interface PgdModel {
  readonly name: 'boot' | 'runtime';
  readonly pa: number | null;
  readonly entries: readonly TreeNode[];
  readonly active: boolean;
  /** PA of the page the trampoline VA resolves to in this PGD, if it does. */
  readonly trampolinePa: number | null;
}

const SHOW_ALL_UP_TO = 5;

interface Interest {
  readonly forced: ReadonlySet<number>;
  readonly trampolinePath: ReadonlySet<number>;
  readonly idmapPath: ReadonlySet<number>;
  readonly walkPath: ReadonlySet<number>;
  readonly changed: ReadonlySet<number>;
}

function pathOf(trace: Trace, version: number, pgd: number, va: number): Set<number> {
  const w = walk(trace.world, version, pgd, va as HypVa, 'coherent', null);
  return new Set(w.levels.filter((l) => l.kind !== 'invalid').map((l) => l.descAddr));
}

/** What the step itself marks in a PGD: the descriptors its walks read, and those it wrote. */
function stepMarks(step: Step, pa: number): { walkPath: Set<number>; changed: Set<number> } {
  const walkPath = new Set<number>();
  for (const a of step.accesses)
    if (a.walk && a.walk.ttbr === pa) for (const l of a.walk.levels) walkPath.add(l.descAddr);
  const changed = new Set<number>();
  for (const c of step.changes) if (c.kind === 'descriptor') changed.add(c.pa);
  return { walkPath, changed };
}

/**
 * Whether a descriptor is a table, block or page, as decodeDescriptor classifies it, from its
 * low word alone: bit 0 clear is invalid at every level, bit 1 clear is reserved at level 3. No
 * 64-bit decode per entry: a rebuilt model scans every entry of every table.
 */
export function populatedEntry(low: number, level: Level): boolean {
  return (low & 1) !== 0 && (level !== 3 || (low & 2) !== 0);
}

export function buildPgdModel(
  trace: Trace,
  step: Step,
  name: 'boot' | 'runtime',
  pa: number | null,
  httbr: number,
): PgdModel {
  if (pa === null) return { name, pa, entries: [], active: false, trampolinePa: null };
  const version = step.state.version;
  const mem = trace.world.memory;
  const trampolinePath = pathOf(trace, version, pa, TRAMPOLINE_VA);
  const idmapPath = pathOf(trace, version, pa, step.state.kernel.idmapStart);
  const { walkPath, changed } = stepMarks(step, pa);
  const interest: Interest = {
    forced: new Set([...trampolinePath, ...idmapPath, ...walkPath, ...changed]),
    trampolinePath,
    idmapPath,
    walkPath,
    changed,
  };

  const visit = (table: number, level: Level, vaBase: number, idPrefix: string): TreeNode[] => {
    const span = level === 1 ? 2 ** 30 : level === 2 ? 2 ** 21 : 4096;
    const populated: number[] = [];
    const count = level === 1 ? 4 : 512;
    // a line at a time (eight descriptors): a table is 64 line reads, not 1,024 word reads
    let line: Readonly<Uint32Array> | null = null;
    for (let i = 0; i < count; i++) {
      const at = table + i * 8;
      if (i === 0 || at % LINE_SIZE === 0)
        line = mem.lineAt(Math.floor(at / LINE_SIZE), version, 'coherent');
      if (populatedEntry(line![(at % LINE_SIZE) >>> 2]!, level)) populated.push(i);
    }
    let shown = populated;
    if (populated.length > SHOW_ALL_UP_TO) {
      const keep = new Set([populated[0]!, populated[1]!, populated[populated.length - 1]!]);
      for (const i of populated) if (interest.forced.has(table + i * 8)) keep.add(i);
      shown = populated.filter((i) => keep.has(i));
    }
    const out: TreeNode[] = [];
    for (const i of shown) {
      const descAddr = table + i * 8;
      const desc = mem.read64(descAddr, version, 'coherent');
      const d = decodeDescriptor(descriptor(desc), level);
      if (d.kind !== 'table' && d.kind !== 'block' && d.kind !== 'page') continue;
      const va = vaBase + i * span;
      const id = `${idPrefix}${level}.${i}`;
      const output = d.kind === 'table' ? d.next : d.output;
      out.push({
        id,
        level,
        index: i,
        descAddr,
        desc,
        descAtPoc: mem.read64(descAddr, version, 'poc'),
        kind: d.kind,
        output,
        va,
        children:
          d.kind === 'table' && level < 3 ? visit(output, (level + 1) as Level, va, `${id}/`) : [],
        trampoline: interest.trampolinePath.has(descAddr),
        idmap: interest.idmapPath.has(descAddr),
        onWalk: interest.walkPath.has(descAddr),
        changed: interest.changed.has(descAddr),
      });
    }
    if (shown.length < populated.length)
      out.push({
        id: `${idPrefix}${level}.more`,
        level,
        kind: 'more',
        count: populated.length - shown.length,
      });
    return out;
  };
  const entries = visit(pa, 1, 0, `${name}:`);
  const tw = walk(trace.world, version, pa, TRAMPOLINE_VA, 'coherent', null);
  return {
    name,
    pa,
    entries,
    active: httbr === pa,
    trampolinePa: tw.pa,
  };
}

/** Everything a model shows, as text: two models with the same signature draw the same. */
function signature(m: PgdModel): string {
  let sig = `${m.name}|${m.pa}|${m.active}|${m.trampolinePa}`;
  const add = (nodes: readonly TreeNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'more') {
        sig += `|${n.id}+${n.count}`;
        continue;
      }
      const flags =
        (n.trampoline ? 1 : 0) | (n.idmap ? 2 : 0) | (n.onWalk ? 4 : 0) | (n.changed ? 8 : 0);
      sig += `|${n.id}:${n.desc.toString(16)}:${n.descAtPoc.toString(16)}:${flags}`;
      add(n.children);
    }
  };
  add(m.entries);
  return sig;
}

/** What a model is built from besides the trace: memory (by epoch) and the step's own marks. */
function inputsKey(
  trace: Trace,
  step: Step,
  name: string,
  pa: number | null,
  httbr: number,
): string {
  const epoch = memoryEpoch(trace, step.state.version);
  const key = `${name}|${pa}|${epoch}|${step.state.kernel.idmapStart}|${httbr === pa}`;
  if (pa === null) return key;
  const { walkPath, changed } = stepMarks(step, pa);
  return `${key}|w${[...walkPath].join(',')}|c${[...changed].join(',')}`;
}

const MODELS_KEPT = 16;
const INPUTS_KEPT = 64;
interface Models {
  /** By what they were built from: a step that writes no memory costs no scan of the tables. */
  readonly byInputs: Map<string, PgdModel>;
  /** By what they draw: one object per distinct drawing, so the layout is not redone. */
  readonly bySignature: Map<string, PgdModel>;
}
const modelsOf = new WeakMap<Trace, Models>();

/** Most recently used last, so that the oldest is the first to go. */
function remember<V>(m: Map<string, V>, key: string, value: V, kept: number): V {
  m.delete(key);
  m.set(key, value);
  if (m.size > kept) m.delete(m.keys().next().value!);
  return value;
}

/**
 * buildPgdModel, remembered: a step whose memory epoch, walk and changes match an earlier one
 * reuses its model without reading the tables, and every model that draws the same is the same
 * object, so the layout and the drawing below it are not redone.
 */
export function pgdModelAt(
  trace: Trace,
  step: Step,
  name: 'boot' | 'runtime',
  pa: number | null,
  httbr: number,
): PgdModel {
  let models = modelsOf.get(trace);
  if (!models) modelsOf.set(trace, (models = { byInputs: new Map(), bySignature: new Map() }));
  const key = inputsKey(trace, step, name, pa, httbr);
  const known = models.byInputs.get(key);
  if (known) return remember(models.byInputs, key, known, INPUTS_KEPT);
  const built = buildPgdModel(trace, step, name, pa, httbr);
  const sig = signature(built);
  const model = models.bySignature.get(sig) ?? built;
  remember(models.bySignature, sig, model, MODELS_KEPT);
  return remember(models.byInputs, key, model, INPUTS_KEPT);
}
