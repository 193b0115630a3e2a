/**
 * Layout of the 办事流程引导图: items in batches from top to bottom — batch 1 is pushed at intake and
 * runs in parallel, each later batch waits on an item of the batch above. A batch wraps into rows of
 * `columns` boxes, so the same graph fits a phone (2 columns) and a desktop (4).
 */
export interface FlowNodeInput {
  id: string;
  prerequisites: readonly string[];
}

export interface PlacedNode {
  id: string;
  batch: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: Map<string, PlacedNode>;
  /** y of each batch's caption. */
  batches: { batch: number; y: number; count: number }[];
  edges: { from: string; to: string; path: string }[];
}

const PAD = 8;
const GAP_X = 10;
const GAP_Y = 14;
const CAPTION = 24;
const BATCH_GAP = 26;
export const NODE_HEIGHT = 70;

export function layoutFlow(items: readonly FlowNodeInput[], columns: number): FlowLayout {
  const width = columns <= 2 ? 360 : 960;
  const nodeWidth = (width - 2 * PAD - GAP_X * (columns - 1)) / columns;
  const ids = new Set(items.map((i) => i.id));
  const byId = new Map(items.map((i) => [i.id, i]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string> = new Set()): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a cycle cannot come from the server; never loop on one
    seen.add(id);
    const pres = (byId.get(id)?.prerequisites ?? []).filter((p) => ids.has(p));
    const d = pres.length ? 1 + Math.max(...pres.map((p) => depthOf(p, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  items.forEach((i) => depthOf(i.id));
  const awaited = new Set(items.flatMap((i) => i.prerequisites));
  const batchCount = items.length ? Math.max(...items.map((i) => depth.get(i.id)!)) + 1 : 0;
  const nodes = new Map<string, PlacedNode>();
  const batches: FlowLayout['batches'] = [];
  let y = PAD;
  for (let b = 0; b < batchCount; b++) {
    // Items something waits on go last, into the batch's bottom row, so no arrow crosses a box of its own batch.
    const members = items.filter((i) => depth.get(i.id) === b).sort((x, y) => Number(awaited.has(x.id)) - Number(awaited.has(y.id)));
    batches.push({ batch: b, y: y + 16, count: members.length });
    y += CAPTION;
    for (let row = 0; row * columns < members.length; row++) {
      const inRow = members.slice(row * columns, row * columns + columns);
      const rowWidth = inRow.length * nodeWidth + (inRow.length - 1) * GAP_X;
      let x = (width - rowWidth) / 2;
      for (const m of inRow) {
        nodes.set(m.id, { id: m.id, batch: b, x, y, width: nodeWidth, height: NODE_HEIGHT });
        x += nodeWidth + GAP_X;
      }
      y += NODE_HEIGHT + GAP_Y;
    }
    y += BATCH_GAP - GAP_Y;
  }
  const edges = items.flatMap((i) =>
    i.prerequisites
      .filter((p) => nodes.has(p))
      .map((p) => {
        const a = nodes.get(p)!;
        const c = nodes.get(i.id)!;
        const x1 = a.x + a.width / 2;
        const y1 = a.y + a.height;
        const x2 = c.x + c.width / 2;
        const y2 = c.y;
        const mid = (y1 + y2) / 2;
        return { from: p, to: i.id, path: `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 4}` };
      }),
  );
  return { width, height: y + PAD, nodes, batches, edges };
}

/** Splits a name into at most `lines` lines of `perLine` characters, with an ellipsis when cut. */
export function wrapText(text: string, perLine: number, lines: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < lines && i * perLine < chars.length; i++) out.push(chars.slice(i * perLine, (i + 1) * perLine).join(''));
  if (chars.length > perLine * lines) out[lines - 1] = `${[...out[lines - 1]].slice(0, perLine - 1).join('')}…`;
  return out;
}
