/** Event (outbox) rows: appended in the same transaction as the read-model write they describe. */
import type { Db } from '../lib/db/client';
import type { EventPayloads, EventType } from '../domain/vocabulary';
import type { Actor } from '../workflows/shared';

/** Where an event belongs: the feeds (project, department, agent) that receive it. */
export interface EventScope {
  projectId?: string;
  taskId?: string;
  departmentId?: string;
  agentId?: string;
}

interface Envelope extends EventScope {
  /** Deterministic id chosen by the workflow, so an activity retry never appends twice. */
  id: string;
  actor?: Actor;
  occurredAt: number;
}

/** An event to append, its payload typed by its type (domain/vocabulary). */
export type EventInput<T extends EventType = EventType> = { [K in T]: Envelope & { type: K; payload: EventPayloads[K] } }[T];

/** True when the event (by its workflow-chosen id) is already in the outbox: the write it came with is done. */
export async function eventExists(db: Db, id: string): Promise<boolean> {
  return (await db.event.findUnique({ where: { id }, select: { seq: true } })) !== null;
}

/**
 * Who hears of a project's events besides the department: its agent (代办专员) and the service
 * point whose window took it in. Copied onto each lifecycle event when it is written (an activity,
 * so workflows and their histories stay as they are), which keeps every feed an index range.
 */
export interface Audience {
  agentId: string | null;
  servicePointId: string | null;
}

export async function projectAudience(db: Db, projectId: string | undefined): Promise<Audience | undefined> {
  if (!projectId) return undefined;
  return (await db.project.findUnique({ where: { id: projectId }, select: { agentId: true, servicePointId: true } })) ?? undefined;
}

/** `audience` only for lifecycle and tracking events: complaints and 督办 stay with supervision. */
export function eventRow(e: EventInput, audience?: Audience) {
  return {
    id: e.id,
    type: e.type,
    projectId: e.projectId ?? null,
    taskId: e.taskId ?? null,
    departmentId: e.departmentId ?? null,
    agentId: e.agentId ?? audience?.agentId ?? null,
    servicePointId: audience?.servicePointId ?? null,
    actor: e.actor ? (e.actor as unknown as object) : undefined,
    payload: e.payload as object,
    occurredAt: new Date(e.occurredAt),
  };
}
