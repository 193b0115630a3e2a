/**
 * keysetPage (api/routes/keyset.ts) without a database: a cursor page sends its ranges side by side
 * (one round trip, not one per range), keeps the listing order whichever range answers first, and
 * completes the page's rows (relations) once, for exactly the rows handed out.
 */
import { keysetPage, type KeyColumn } from '../../api/routes/keyset';
import { encodeCursor } from '../../api/routes/util';
import type { Db } from '../../lib/db/client';

type Row = { id: string; at: Date };
const KEY: KeyColumn[] = [
  { field: 'at', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'string' },
];
const sqlite = {} as Db;
const cursorAfter = (at: Date, id: string) => encodeCursor(JSON.stringify([at.getTime(), id]));

/** A fetch whose answers the test releases by hand, recording the ranges it was asked for. */
function heldFetch() {
  const calls: { range: unknown; release: (rows: Row[]) => void }[] = [];
  const fetch = (range: unknown) => new Promise<Row[]>((release) => calls.push({ range, release }));
  return { calls, fetch };
}

const row = (id: string, at: string): Row => ({ id, at: new Date(at) });

describe('keysetPage', () => {
  test('when a cursor page is asked for, then every range is queried before any has answered', async () => {
    const { calls, fetch } = heldFetch();
    const page = keysetPage(sqlite, KEY, { cursor: cursorAfter(new Date('2026-03-02T08:00:00Z'), 'B'), limit: 2 }, { fetch, legacy: async () => null });
    await new Promise((r) => setImmediate(r));
    // Same time and a smaller id, then an earlier time: two ranges, both already sent.
    expect(calls.map((c) => c.range)).toEqual([
      { AND: [{ at: new Date('2026-03-02T08:00:00Z') }, { id: { lt: 'B' } }] },
      { AND: [{ at: { lt: new Date('2026-03-02T08:00:00Z') } }] },
    ]);
    // The later range answers first; the page is still in listing order.
    calls[1].release([row('Z', '2026-03-01T00:00:00Z'), row('Y', '2026-02-01T00:00:00Z')]);
    calls[0].release([row('A', '2026-03-02T08:00:00Z')]);
    const { items, nextCursor } = await page;
    expect(items.map((r) => r.id)).toEqual(['A', 'Z']);
    expect(nextCursor).toBe(cursorAfter(new Date('2026-03-01T00:00:00Z'), 'Z'));
  });

  test('when the page is complete, then relations are loaded once, for the rows handed out only', async () => {
    const seen: string[][] = [];
    const rows = [row('C', '2026-03-03T00:00:00Z'), row('B', '2026-03-02T00:00:00Z'), row('A', '2026-03-01T00:00:00Z')];
    const { items, nextCursor } = await keysetPage(sqlite, KEY, { limit: 2 }, {
      fetch: async () => rows,
      legacy: async () => null,
      complete: async (page) => {
        seen.push(page.map((r) => r.id));
        return page.map((r) => ({ ...r, label: `任务 ${r.id}` }));
      },
    });
    expect(seen).toEqual([['C', 'B']]);
    expect(items.map((r) => r.label)).toEqual(['任务 C', '任务 B']);
    expect(nextCursor).toBe(cursorAfter(new Date('2026-03-02T00:00:00Z'), 'B'));
  });

  test('when the first page is asked for and the listing has a one-query first page, then only that query runs', async () => {
    const used: string[] = [];
    const rows = [row('C', '2026-03-03T00:00:00Z'), row('B', '2026-03-02T00:00:00Z'), row('A', '2026-03-01T00:00:00Z')];
    const { items, nextCursor } = await keysetPage(sqlite, KEY, { limit: 2 }, {
      fetch: async () => (used.push('fetch'), rows),
      legacy: async () => null,
      complete: async (page) => (used.push('complete'), page.map((r) => ({ ...r, label: '' }))),
      firstPage: async () => (used.push('firstPage'), rows.map((r) => ({ ...r, label: `任务 ${r.id}` }))),
    });
    expect(used).toEqual(['firstPage']);
    expect(items.map((r) => r.label)).toEqual(['任务 C', '任务 B']);
    expect(nextCursor).toBe(cursorAfter(new Date('2026-03-02T00:00:00Z'), 'B'));
  });

  test('when the last page is reached, then the page is empty and has no next cursor', async () => {
    const seen: number[] = [];
    const page = await keysetPage(sqlite, KEY, { cursor: cursorAfter(new Date('2026-03-01T00:00:00Z'), 'A'), limit: 2 }, {
      fetch: async () => [],
      legacy: async () => null,
      complete: async (p) => {
        seen.push(p.length);
        return p;
      },
    });
    expect(page).toEqual({ items: [], nextCursor: null });
    expect(seen).toEqual([0]);
  });
});
