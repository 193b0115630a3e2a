/**
 * Read-model activities of inter-department coordination (issue #13): 会签 countersigns. Same
 * idempotency rule as the lifecycle: the workflow chooses the event ids, and a write whose first
 * event already exists is a no-op, so retries never double-write.
 */
import type { Db } from '../lib/db/client';
import type { Actor } from '../workflows/shared';
import type { CountersignStatus, SignatureStatus } from '../workflows/countersign/contracts';
import { eventExists, eventRow, projectAudience, type EventInput } from './events';

export interface CoordinationDeps {
  db: Db;
}

export interface CountersignCreate {
  projectId: string;
  leadDepartmentId: string;
  departmentIds: string[];
  title: string;
  draft: string;
  workingDays: number;
  startedAt: number;
  startedBy: Actor;
  dueDate: string;
  reminderDate: string;
  provisional: boolean;
  workflowId: string;
}

export interface CountersignWrite {
  countersignId: string;
  create?: CountersignCreate;
  patch?: { status?: CountersignStatus; remindedAt?: number; overdueAt?: number; completedAt?: number };
  signature?: { departmentId: string; status: SignatureStatus; opinion?: string; reasons: string[]; declines: number; actedAt: number; actedBy: Actor };
  /** The first event is the write's idempotency key; all share its transaction. */
  events: EventInput[];
}

const toDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
export const signatureId = (countersignId: string, departmentId: string) => `${countersignId}.${departmentId}`;

export function createCoordinationActivities({ db }: CoordinationDeps) {
  return {
    async recordCountersign({ countersignId, create, patch, signature, events }: CountersignWrite): Promise<void> {
      if (await eventExists(db, events[0].id)) return;
      const audience = await projectAudience(db, events[0].projectId);
      await db.$transaction([
        ...(create
          ? [
              db.countersign.create({
                data: {
                  id: countersignId,
                  projectId: create.projectId,
                  leadDepartmentId: create.leadDepartmentId,
                  title: create.title,
                  draft: create.draft,
                  workingDays: create.workingDays,
                  startedAt: new Date(create.startedAt),
                  startedBy: create.startedBy as unknown as object,
                  dueDate: create.dueDate,
                  reminderDate: create.reminderDate,
                  provisional: create.provisional,
                  status: 'open',
                  workflowId: create.workflowId,
                  signatures: {
                    create: create.departmentIds.map((departmentId) => ({ id: signatureId(countersignId, departmentId), departmentId, status: 'pending', reasons: [] })),
                  },
                },
              }),
            ]
          : []),
        ...(patch
          ? [
              db.countersign.update({
                where: { id: countersignId },
                data: { status: patch.status, remindedAt: toDate(patch.remindedAt), overdueAt: toDate(patch.overdueAt), completedAt: toDate(patch.completedAt) },
              }),
            ]
          : []),
        ...(signature
          ? [
              db.countersignSignature.update({
                where: { id: signatureId(countersignId, signature.departmentId) },
                data: {
                  status: signature.status,
                  opinion: signature.opinion ?? null,
                  reasons: signature.reasons,
                  declines: signature.declines,
                  actedAt: new Date(signature.actedAt),
                  actedBy: signature.actedBy as unknown as object,
                },
              }),
            ]
          : []),
        ...events.map((e) => db.event.create({ data: eventRow(e, audience) })),
      ]);
    },
  };
}

export type CoordinationActivities = ReturnType<typeof createCoordinationActivities>;
