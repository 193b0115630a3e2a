/** Small helpers shared by the route modules. */

/** Opaque cursors: base64url of the last row's id, so clients cannot build or depend on them. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** An id no row has (ids are non-empty), so a Prisma cursor on it yields an empty page. */
const UNKNOWN_POSITION = '\u0001';

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  // A cursor this server did not issue (the contract only fixes its alphabet) points at no row:
  // the page after it is empty, as for a cursor whose row is gone. NUL never reaches a query.
  if (!id || encodeCursor(id) !== cursor || id.includes('\u0000')) return UNKNOWN_POSITION;
  return id;
}

/** Returns a page and the cursor of the next one from `limit + 1` fetched rows. */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}

