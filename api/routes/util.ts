/** Small helpers shared by the route modules. */

/** Opaque cursors: base64url text (a row id, or a keyset key: ./keyset.ts), so clients cannot build or depend on them. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** An id no row has (ids are non-empty): the keyset lookup finds nothing, so the page is empty. */
const UNKNOWN_POSITION = '\u0001';

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  // A cursor this server did not issue (the contract only fixes its alphabet) points at no row:
  // the page after it is empty, as for a cursor whose row is gone. NUL never reaches a query.
  if (!id || encodeCursor(id) !== cursor || id.includes('\u0000')) return UNKNOWN_POSITION;
  return id;
}

