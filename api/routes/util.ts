/** Small helpers shared by the route modules. */
import type { Request, RequestHandler, Response, NextFunction } from 'express';
import { ProblemError } from '../http/problem';

/** Opaque cursors: base64url of the last row's id, so clients cannot build or depend on them. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!id || encodeCursor(id) !== cursor) {
    throw ProblemError.validation('游标无效', [{ in: 'query', parameter: 'cursor', message: '游标无效，请使用上一页返回的 nextCursor' }]);
  }
  return id;
}

/** Returns a page and the cursor of the next one from `limit + 1` fetched rows. */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}

type AsyncHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** Express 5 forwards rejected promises to the error middleware; this only keeps the types tidy. */
export function handler(fn: AsyncHandler): RequestHandler {
  return (req, res, next) => fn(req, res, next);
}
