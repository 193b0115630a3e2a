/**
 * What a caller sees of the outbox and in which shape: shared by the pull feed (listEvents) and
 * the push feed (webhooks), so both carry the same events with the same ids and bodies.
 */
import type { Principal } from './auth/keys';
import { apiActor } from './actors';
import { eventWhere } from './auth/scope';
import type { Db } from './db/client';

/** The part of a principal that decides visibility; a webhook subscription stores exactly this. */
export type EventViewer = Pick<Principal, 'role' | 'departmentId' | 'agentId'>;

/** Which events a viewer may see; supervisors and admins see everything, an unbound viewer nothing. */
export function visibleEventsWhere(p: EventViewer): Record<string, unknown> {
  return eventWhere(p);
}

export interface EventRow {
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
  return {
    id: e.id,
    cursor: String(e.seq),
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    projectId: e.projectId,
    taskId: e.taskId,
    departmentId: e.departmentId,
    agentId: e.agentId,
    actor: apiActor(e.actor),
    payload: (e.payload ?? {}) as Record<string, unknown>,
  };
}

/**
 * On PostgreSQL a transaction can commit after a later one, so `seq` can have a hole that fills a
 * moment later. A reader that moved its cursor past the hole would never see that event. So a
 * page stops before the first hole unless the hole is older than `graceMs` (then it is taken for
 * a rolled-back insert, which leaves a permanent gap in a PostgreSQL sequence).
 */
export async function committedPrefix<T extends { seq: number }>(
  db: Db,
  after: number,
  rows: readonly T[],
  now: number,
  graceMs = 30_000,
): Promise<T[]> {
  if (rows.length === 0) return [];
  const last = rows[rows.length - 1].seq;
  const present = await db.event.count({ where: { seq: { gt: after, lte: last } } });
  if (present === last - after) return [...rows];
  const seqs = await db.event.findMany({ where: { seq: { gt: after, lte: last } }, select: { seq: true, occurredAt: true }, orderBy: { seq: 'asc' } });
  let expected = after + 1;
  for (const s of seqs) {
    if (s.seq !== expected && now - s.occurredAt.getTime() < graceMs) return rows.filter((r) => r.seq < expected);
    expected = s.seq + 1;
  }
  return [...rows];
}
