import { hierarchy, tree } from 'd3';
import { ghex } from '../model/format';
import type { EntryNode, PgdModel, TreeNode } from '../model/pgdModel';

/*
 * Geometry of the two PGD trees side by side: the boot tree grows left to right, the runtime
 * tree mirrors it from the right edge, so both trees' pages face the middle, where the
 * trampoline page they share is drawn once. d3-hierarchy orders the rows; columns are fixed per
 * level so that the indices and PAs of both trees line up.
 */
export const ROW = 28;
/** Two-line tree heads (title and HTTBR tag, then the PGD's PA), then the column captions. */
export const HEADER = 68;
export const HEAD_BOX = 46;
export const CENTER = 156;
/**
 * The width the trees are laid out at, in SVG user units. The SVG's viewBox then scales the
 * whole drawing to its panel (up on a big screen, down in an iframe), so the layout itself
 * never depends on the container and every node stays inside it.
 */
export const NATURAL_WIDTH = 780;
/** The widest layout: columns 40 units apart. */
export const MAX_WIDTH = 1000;
const BASE_COLUMNS = [
  { key: 'l1', width: 44 },
  { key: 'l2', width: 68 },
  { key: 'l3', width: 68 },
  { key: 'page', width: 102 },
] as const;

export interface PlacedNode {
  readonly id: string;
  readonly side: 'boot' | 'runtime';
  readonly column: 0 | 1 | 2 | 3;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly node: TreeNode | { kind: 'pgd-page'; id: string; pa: number; entry: EntryNode };
}

export interface PlacedLink {
  readonly id: string;
  readonly path: string;
  readonly trampoline: boolean;
  readonly onWalk: boolean;
  /** The idmap's own way to the shared page. */
  readonly idmap?: boolean;
}

export interface PairLayout {
  readonly width: number;
  readonly height: number;
  readonly sideWidth: number;
  readonly columnX: readonly {
    readonly boot: number;
    readonly runtime: number;
    readonly width: number;
  }[];
  readonly nodes: readonly PlacedNode[];
  readonly links: readonly PlacedLink[];
  /** The trampoline page both trees map, drawn once between them. */
  readonly shared: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly pa: number;
    /** How many entries of both trees lead to it (3 when the idmap page is the same page). */
    readonly ways: number;
    /** The idmap also maps this page (the init code fits in one page). */
    readonly idmap: boolean;
  } | null;
}

interface Root {
  readonly id: string;
  readonly children: readonly TreeNode[];
}

/** Width of one character of the 14 px monospace labels, with room to spare. */
const MONO_CHAR = 8.5;

/**
 * The columns for one pair of trees: the PA column grows for LPAE addresses above 4 GiB
 * ("0x1_0001_2000"), so a long PA never spills out of its box.
 */
function columnsFor(models: readonly PgdModel[]): { key: string; width: number }[] {
  let chars = 0;
  const visit = (nodes: readonly TreeNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'more') continue;
      if (n.kind === 'page' || n.kind === 'block') chars = Math.max(chars, ghex(n.output).length);
      visit(n.children);
    }
  };
  for (const m of models) visit(m.entries);
  const page = Math.max(BASE_COLUMNS[3].width, Math.ceil(chars * MONO_CHAR + 8));
  return BASE_COLUMNS.map((c, i) => ({ key: c.key, width: i === 3 ? page : c.width }));
}

function columnXs(
  width: number,
  COLUMNS: readonly { width: number }[],
): { left: number[]; sideWidth: number } {
  const used = COLUMNS.reduce((n, c) => n + c.width, 0);
  const gap = Math.max(10, Math.min(40, ((width - CENTER) / 2 - used) / (COLUMNS.length - 1)));
  // a side is exactly as wide as its columns: nothing reaches into the middle
  const sideWidth = used + gap * (COLUMNS.length - 1);
  const left: number[] = [];
  let x = 0;
  for (const c of COLUMNS) {
    left.push(x);
    x += c.width + gap;
  }
  return { left, sideWidth };
}

const link = (x1: number, y1: number, x2: number, y2: number) => {
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
};

export function layoutPgdPair(
  boot: PgdModel,
  runtime: PgdModel,
  width: number = NATURAL_WIDTH,
): PairLayout {
  const COLUMNS = columnsFor([boot, runtime]);
  const { left, sideWidth } = columnXs(width, COLUMNS);
  const total = Math.max(width, sideWidth * 2 + CENTER);
  const xOf = (side: 'boot' | 'runtime', column: number) => {
    const w = COLUMNS[column]!.width;
    return side === 'boot' ? left[column]! : total - left[column]! - w;
  };
  const shareTrampoline = boot.trampolinePa !== null && boot.trampolinePa === runtime.trampolinePa;
  const nodes: PlacedNode[] = [];
  const links: PlacedLink[] = [];
  // every page entry whose output is the shared page: the trampoline in both trees, and the
  // idmap too when the init code's page is the trampoline's page
  const sharedAnchors: { x: number; y: number; idmap: boolean }[] = [];
  const sharedPa = shareTrampoline ? boot.trampolinePa : null;
  let height = HEADER;

  for (const model of [boot, runtime]) {
    const side = model.name;
    const root = hierarchy<Root | TreeNode>({ id: `${side}:root`, children: model.entries }, (d) =>
      'children' in d && d.children.length ? [...d.children] : null,
    );
    // leaves keep their own row: the tree's breadth axis becomes rows of equal height
    const laid = tree<Root | TreeNode>()
      .nodeSize([ROW, 1])
      .separation(() => 1)(root);
    let minX = Infinity;
    laid.each((n) => {
      if (n.depth > 0) minX = Math.min(minX, n.x);
    });
    const yOf = (x: number) => HEADER + (x - minX) + ROW / 2;
    let maxY = HEADER;
    laid.each((n) => {
      if (n.depth === 0) return;
      const t = n.data as TreeNode;
      const column = (t.level - 1) as 0 | 1 | 2;
      const y = yOf(n.x);
      maxY = Math.max(maxY, y + ROW / 2);
      nodes.push({
        id: t.id,
        side,
        column,
        x: xOf(side, column),
        y,
        width: COLUMNS[column]!.width,
        node: t,
      });
      const parent = n.parent;
      if (parent && parent.depth > 0) {
        const p = parent.data as EntryNode;
        const pc = p.level - 1;
        const px = side === 'boot' ? xOf(side, pc) + COLUMNS[pc]!.width : xOf(side, pc);
        const cx = side === 'boot' ? xOf(side, column) : xOf(side, column) + COLUMNS[column]!.width;
        const onTrampoline = t.kind !== 'more' && t.trampoline;
        links.push({
          id: `${p.id}->${t.id}`,
          path: link(px, yOf(parent.x), cx, y),
          trampoline: onTrampoline,
          onWalk: t.kind !== 'more' && t.onWalk && p.onWalk,
        });
      }
      // a page or block maps memory: its PA sits in the last column, facing the middle
      if (t.kind === 'page' || t.kind === 'block') {
        const ex = side === 'boot' ? xOf(side, column) + COLUMNS[column]!.width : xOf(side, column);
        if (sharedPa !== null && t.kind === 'page' && t.output === sharedPa) {
          sharedAnchors.push({ x: ex, y, idmap: t.idmap && !t.trampoline });
          return;
        }
        const px = xOf(side, 3);
        nodes.push({
          id: `${t.id}/page`,
          side,
          column: 3,
          x: px,
          y,
          width: COLUMNS[3]!.width,
          node: { kind: 'pgd-page', id: `${t.id}/page`, pa: t.output, entry: t },
        });
        links.push({
          id: `${t.id}->page`,
          path: side === 'boot' ? `M${ex},${y}H${px}` : `M${px + COLUMNS[3]!.width},${y}H${ex}`,
          trampoline: false,
          onWalk: t.onWalk,
        });
      }
    });
    height = Math.max(height, maxY);
  }

  let shared: PairLayout['shared'] = null;
  if (sharedPa !== null && sharedAnchors.length >= 2) {
    const ys = sharedAnchors.map((a) => a.y);
    // centred between the anchors, never above the first row
    const y = Math.max(HEADER + ROW, (Math.min(...ys) + Math.max(...ys)) / 2);
    const w = CENTER - 16;
    const x = (total - w) / 2;
    const idmap = sharedAnchors.some((a) => a.idmap);
    shared = { x, y, width: w, pa: sharedPa, ways: sharedAnchors.length, idmap };
    sharedAnchors.forEach((a, i) => {
      const fromBoot = a.x < total / 2;
      links.push({
        id: `${fromBoot ? 'boot' : 'runtime'}-${i}->shared`,
        path: link(a.x, a.y, fromBoot ? x : x + w, y),
        trampoline: !a.idmap,
        onWalk: false,
        idmap: a.idmap,
      });
    });
    height = Math.max(height, y + ROW + (idmap ? 18 : 0));
  }
  const columnX = COLUMNS.map((c, i) => ({
    boot: xOf('boot', i),
    runtime: xOf('runtime', i),
    width: c.width,
  }));
  return { width: total, height: height + 8, sideWidth, columnX, nodes, links, shared };
}
