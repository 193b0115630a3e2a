/** The cursor feed (listEvents): the outbox in order, filtered to what the caller may see. */
import { Router } from 'express';
import type { Principal } from '../../lib/auth/keys';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

/** Which events a principal may see; supervisors and admins see everything. */
export function visibleEventsWhere(p: Principal): Record<string, unknown> {
  if (p.role === 'department') return { departmentId: p.departmentId };
  if (p.role === 'agent') return { agentId: p.agentId };
  return {};
}

interface EventRow {
  seq: number;
  id: string;
  type: string;
  projectId: string | null;
  taskId: string | null;
  departmentId: string | null;
  agentId: string | null;
  actor: unknown;
  payload: unknown;
  occurredAt: Date;
}

export function toApiEvent(e: EventRow) {
  const actor = e.actor as { role: string; keyId: string; name?: string; departmentId?: string } | null;
  return {
    id: e.id,
    cursor: String(e.seq),
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    projectId: e.projectId,
    taskId: e.taskId,
    departmentId: e.departmentId,
    agentId: e.agentId,
    actor: actor ? { role: actor.role, id: actor.keyId, name: actor.name ?? null, departmentId: actor.departmentId ?? null } : null,
    payload: (e.payload ?? {}) as Record<string, unknown>,
  };
}

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
    const rows = await db.event.findMany({
      where: {
        seq: { gt: after },
        ...visibleEventsWhere(p),
        ...(query.type ? { type: { in: query.type } } : {}),
        ...(query.projectId ? { projectId: query.projectId } : {}),
      },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    // The cursor always advances to the last event returned, or stays where the caller was.
    const nextCursor = rows.length > 0 ? String(rows[rows.length - 1].seq) : query.after ?? null;
    respond(res, 'listEvents', 200, { events: rows.map(toApiEvent) as never, nextCursor });
  });
  return r;
}
