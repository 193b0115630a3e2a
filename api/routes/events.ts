/** The cursor feed (listEvents): the outbox in commit order, filtered to what the caller may see. */
import { Router } from 'express';
import { InvalidCursorError, readFeed, toApiEvent, visibleEventsWhere } from '../../lib/event-feed';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { resolveProjectRef } from './project-code';

export { toApiEvent, visibleEventsWhere };

export function eventsRouter({ db }: ApiDeps): Router {
  const r = Router();
  r.get('/api/v1/events', async (req, res) => {
    const { query } = validated(req, 'listEvents');
    const page = await readFeed(db, {
      viewer: principalOf(req),
      after: query.after,
      limit: query.limit ?? 100,
      types: query.type,
      projectId: query.projectId ? await resolveProjectRef(db, query.projectId) : undefined,
    }).catch((err: unknown) => {
      if (err instanceof InvalidCursorError) {
        throw ProblemError.validation('游标无效', [{ in: 'query', parameter: 'after', message: '请使用上次响应的 nextCursor' }]);
      }
      throw err;
    });
    // The cursor advances to the last event returned, or stays where the caller was.
    const last = page.rows.at(-1);
    const nextCursor = last ? toApiEvent(last).cursor : query.after ?? null;
    respond(res, 'listEvents', 200, { events: page.rows.map(toApiEvent) as never, nextCursor });
  });
  return r;
}
