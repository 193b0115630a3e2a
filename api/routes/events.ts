/** The cursor feed (listEvents): the outbox in order, filtered to what the caller may see. */
import { Router } from 'express';
import { committedPrefix, toApiEvent, visibleEventsWhere } from '../../lib/event-feed';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

export { toApiEvent, visibleEventsWhere };

export function eventsRouter({ db }: ApiDeps): Router {
  const r = Router();
  r.get('/api/v1/events', async (req, res) => {
    const { query } = validated(req, 'listEvents');
    const p = principalOf(req);
    const after = query.after === undefined ? 0 : Number(query.after);
    if (!Number.isSafeInteger(after) || after < 0) {
      throw ProblemError.validation('游标无效', [{ in: 'query', parameter: 'after', message: '请使用上次响应的 nextCursor' }]);
    }
    const limit = query.limit ?? 100;
    const fetched = await db.event.findMany({
      where: {
        seq: { gt: after },
        ...visibleEventsWhere(p),
        ...(query.type ? { type: { in: query.type } } : {}),
        ...(query.projectId ? { projectId: query.projectId } : {}),
      },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    const rows = await committedPrefix(db, after, fetched, Date.now());
    // The cursor always advances to the last event returned, or stays where the caller was.
    const nextCursor = rows.length > 0 ? String(rows[rows.length - 1].seq) : query.after ?? null;
    respond(res, 'listEvents', 200, { events: rows.map(toApiEvent) as never, nextCursor });
  });
  return r;
}
