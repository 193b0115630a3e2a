/** Event (outbox) rows: appended in the same transaction as the read-model write they describe. */
import type { Actor } from '../workflows/shared';

export interface EventInput {
  /** Deterministic id chosen by the workflow, so an activity retry never appends twice. */
  id: string;
  type: string;
  projectId?: string;
  taskId?: string;
  departmentId?: string;
  agentId?: string;
  actor?: Actor;
  payload: Record<string, unknown>;
  occurredAt: number;
}

export function eventRow(e: EventInput) {
  return {
    id: e.id,
    type: e.type,
    projectId: e.projectId ?? null,
    taskId: e.taskId ?? null,
    departmentId: e.departmentId ?? null,
    agentId: e.agentId ?? null,
    actor: e.actor ? (e.actor as unknown as object) : undefined,
    payload: e.payload as object,
    occurredAt: new Date(e.occurredAt),
  };
}
