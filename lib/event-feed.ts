/**
 * What a caller sees of the outbox and in which shape: shared by the pull feed (listEvents) and
 * the push feed (webhooks), so both carry the same events with the same ids and bodies.
 */
import type { Principal } from './auth/keys';

/** The part of a principal that decides visibility; a webhook subscription stores exactly this. */
export type EventViewer = Pick<Principal, 'role' | 'departmentId' | 'agentId'>;

/** Which events a viewer may see; supervisors and admins see everything. */
export function visibleEventsWhere(p: EventViewer): Record<string, unknown> {
  if (p.role === 'department') return { departmentId: p.departmentId };
  if (p.role === 'agent') return { agentId: p.agentId };
  return {};
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
  const actor = e.actor as { role: string; keyId: string; name?: string; departmentId?: string; onBehalfOf?: string } | null;
  return {
    id: e.id,
    cursor: String(e.seq),
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    projectId: e.projectId,
    taskId: e.taskId,
    departmentId: e.departmentId,
    agentId: e.agentId,
    actor: actor
      ? {
          role: actor.role,
          id: actor.keyId,
          name: actor.name ?? null,
          departmentId: actor.departmentId ?? null,
          ...(actor.onBehalfOf ? { onBehalfOf: actor.onBehalfOf } : {}),
        }
      : null,
    payload: (e.payload ?? {}) as Record<string, unknown>,
  };
}
