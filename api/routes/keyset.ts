/**
 * Keyset paging for the cursor listings (issue #15): the cursor carries the sort key of the last
 * row handed out, and the next page is "rows strictly after that key in the listing's order".
 * Prisma's own `cursor` option re-reads the cursor row in sub-queries that the planners cannot
 * seek an index with, so a deep page cost more than the first (bench/read.ts). Here "strictly
 * after" is split into disjoint ranges, each an equality prefix plus one range on the next sort
 * column: every query is an index seek, and page N costs what page 1 costs.
 *
 * At 1 M tasks (BENCHMARKS.md, keyset paging) a cursor page sent seven statements one after
 * another, the queue's last page ten: each range query with its own relation queries, even the
 * range that is nearly always empty (same time, larger id). So the ranges of a page are queried at
 * once (they are disjoint and in listing order, so concatenating them is the order), and what a
 * row shows beyond itself (relations) is loaded once for the page's rows (`complete`), not per
 * range. The first page stays one query with its include (`firstPage`): one Prisma call is cheaper
 * than two. On a CPU-saturated machine this made the last page ~30 % faster and left the others
 * as they were; the rest of a page's time is the gateway's per-request floor, not the query.
 *
 * Cursors stay opaque base64url. Those issued before keyset paging (a bare row id) still work: the
 * row's key is read once. A cursor this server did not issue yields an empty page, as before.
 */
import { providerOf, type Db } from '../../lib/db/client';
import { decodeCursor, encodeCursor } from './util';

type Value = string | boolean | Date | null;

export interface KeyColumn {
  field: string;
  dir: 'asc' | 'desc';
  type: 'string' | 'boolean' | 'date';
  /** The column can be NULL (its NULLs sort where the database puts them; see `nullsLow`). */
  nullable?: boolean;
}

type Where = Record<string, unknown>;

/** The usual listing order: newest first by a non-null time column, id breaking ties. */
export function newestFirst(field: string): KeyColumn[] {
  return [
    { field, dir: 'desc', type: 'date' },
    { field: 'id', dir: 'desc', type: 'string' },
  ];
}

/** Prisma `orderBy` of a key (`O`: the model's orderBy input type): the order every range query and the cursor agree on. */
export function orderByOf<O>(key: readonly KeyColumn[]): O[] {
  return key.map((c) => ({ [c.field]: c.dir })) as O[];
}

/**
 * Cursors of this module start with `[` (a JSON array); no row id does. Times travel as epoch
 * milliseconds (the stored precision), which keeps a cursor well inside the contract's 200 characters.
 */
function encodeKey(key: readonly KeyColumn[], row: Record<string, unknown>): string {
  return encodeCursor(JSON.stringify(key.map((c) => {
    const v = row[c.field] as Value;
    return v instanceof Date ? v.getTime() : v;
  })));
}

/** The key values of a cursor of this module; undefined when it is not one (or malformed). */
function decodeKey(key: readonly KeyColumn[], text: string): Value[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(raw) || raw.length !== key.length) return undefined;
  const out: Value[] = [];
  for (const [i, c] of key.entries()) {
    const v: unknown = raw[i];
    if (v === null && c.nullable) out.push(null);
    else if (c.type === 'boolean' && typeof v === 'boolean') out.push(v);
    else if (c.type === 'string' && typeof v === 'string' && v.length > 0) out.push(v);
    else if (c.type === 'date' && typeof v === 'number' && Number.isFinite(new Date(v).getTime())) out.push(new Date(v));
    else return undefined;
  }
  return out;
}

/** The ranges strictly after value `v` of one column, in listing order. `nullsLow`: see keysetPage. */
function after(c: KeyColumn, v: Value, nullsLow: boolean): Where[] {
  const f = c.field;
  if (c.type === 'boolean') return c.dir === 'desc' ? (v === true ? [{ [f]: false }] : []) : v === false ? [{ [f]: true }] : [];
  const nullsFirst = c.dir === 'asc' ? nullsLow : !nullsLow;
  if (v === null) return nullsFirst ? [{ [f]: { not: null } }] : [];
  const beyond = { [f]: c.dir === 'asc' ? { gt: v } : { lt: v } };
  return c.nullable && !nullsFirst ? [beyond, { [f]: null }] : [beyond];
}

/** A listing's own queries; everything else about paging is the same for every listing. */
export interface KeysetQueries<Row, Out = Row> {
  /** One query in `orderByOf(key)` order: the listing's filters `within` the range, at most `take` rows. */
  fetch: (range: Where | undefined, take: number) => Promise<Row[]>;
  /** A pre-keyset cursor's row (its key columns), or null when it is gone. */
  legacy: (id: string) => Promise<Record<string, unknown> | null>;
  /** What the page's rows show beyond themselves (relations), loaded once per page; same rows, same order. */
  complete?: (rows: Row[]) => Promise<Out[]>;
  /**
   * The first page as one query with its relations (an include): one Prisma call costs less than a
   * query and a `complete` (measured at 1 M tasks on SQLite); a cursor page still uses `complete`.
   */
  firstPage?: (take: number) => Promise<Out[]>;
}

/** The listing's filters, narrowed to one range of the key (the first page has none). */
export function within<W extends object>(where: W, range: Where | undefined): W {
  return (range ? { AND: [where, range] } : where) as W;
}

/** Everything strictly after `values` in the key's order, as disjoint ranges in that order. */
function rangesAfter(key: readonly KeyColumn[], values: readonly Value[], nullsLow: boolean): Where[] {
  const ranges: Where[] = [];
  // Deepest first: same values up to the last column and a larger id come next in the order.
  for (let i = key.length - 1; i >= 0; i--) {
    const prefix = key.slice(0, i).map((c, j) => ({ [c.field]: values[j] }));
    for (const range of after(key[i], values[i], nullsLow)) ranges.push({ AND: [...prefix, range] });
  }
  return ranges;
}

/** One page of a listing and the cursor of the next. */
export async function keysetPage<Row extends Record<string, unknown>, Out extends Record<string, unknown> = Row>(
  db: Db,
  key: readonly KeyColumn[],
  query: { cursor?: string | null; limit?: number },
  { fetch, legacy, complete, firstPage }: KeysetQueries<Row, Out>,
): Promise<{ items: Out[]; nextCursor: string | null }> {
  const limit = query.limit ?? 20;
  const want = limit + 1;
  // NULL sorts below every value on SQLite and above on PostgreSQL (their defaults, which Prisma's
  // plain asc/desc keeps and the indexes follow).
  const nullsLow = providerOf(db) === 'sqlite';
  let rows: Row[];
  const decoded = decodeCursor(query.cursor ?? undefined);
  if (decoded === undefined && firstPage) {
    const done = await firstPage(want);
    return { items: done.slice(0, limit), nextCursor: done.length > limit ? encodeKey(key, done[limit - 1]) : null };
  }
  if (decoded === undefined) {
    rows = await fetch(undefined, want);
  } else {
    let values = decoded.startsWith('[') ? decodeKey(key, decoded) : undefined;
    if (!values && !decoded.startsWith('[')) {
      const row = await legacy(decoded);
      values = row ? key.map((c) => row[c.field] as Value) : undefined;
    }
    // All ranges at once: a page is one round trip whichever range fills it. Each reads at most
    // `want` rows by an index seek, so the rows read beyond the page are bounded by want × ranges.
    const parts = values ? await Promise.all(rangesAfter(key, values, nullsLow).map((range) => fetch(range, want))) : [];
    rows = parts.flat().slice(0, want);
  }
  const page = rows.slice(0, limit);
  return { items: complete ? await complete(page) : (page as unknown as Out[]), nextCursor: rows.length > limit ? encodeKey(key, page[page.length - 1]) : null };
}
