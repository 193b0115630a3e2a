/**
 * Read-model activity of intermediary periods (中介服务, issue #12). Same idempotency rule as the
 * lifecycle: the workflow chooses the event ids, and a write whose first event already exists is a
 * no-op, so retries never double-write.
 */
import type { Db } from '../lib/db/client';
import type { Actor } from '../workflows/shared';
import type { IntermediaryLight, IntermediaryPeriodStatus, IntermediaryResult } from '../workflows/intermediary/contracts';
import { eventRow, projectAudience, type EventInput } from './events';

export interface IntermediaryPeriodCreate {
  taskId: string;
  projectId: string;
  departmentId: string;
  intermediaryId: string;
  intermediaryName: string;
  serviceKind: string;
  reason: string;
  limitDays: number;
  startedAt: number;
  startedBy: Actor;
  dueDate: string;
  yellowDate: string;
  provisional: boolean;
  workflowId: string;
}

export interface IntermediaryPeriodPatch {
  light?: IntermediaryLight;
  status?: IntermediaryPeriodStatus;
  endedAt?: number;
  endedBy?: Actor;
  result?: IntermediaryResult;
  note?: string;
  rating?: number;
  ratingComment?: string;
  daysUsed?: number;
  onTime?: boolean;
}

export interface IntermediaryPeriodWrite {
  periodId: string;
  create?: IntermediaryPeriodCreate;
  patch?: IntermediaryPeriodPatch;
  /** The first event is the write's idempotency key; all share its transaction. */
  events: EventInput[];
}

export function createIntermediaryActivities({ db }: { db: Db }) {
  return {
    async recordIntermediaryPeriod({ periodId, create, patch, events }: IntermediaryPeriodWrite): Promise<void> {
      if ((await db.event.findUnique({ where: { id: events[0].id }, select: { seq: true } })) !== null) return;
      const audience = await projectAudience(db, events[0].projectId);
      await db.$transaction([
        ...(create
          ? [
              db.intermediaryPeriod.create({
                data: {
                  id: periodId,
                  ...create,
                  startedAt: new Date(create.startedAt),
                  startedBy: create.startedBy as unknown as object,
                  light: 'green',
                  status: 'open',
                },
              }),
            ]
          : []),
        ...(patch
          ? [
              db.intermediaryPeriod.update({
                where: { id: periodId },
                data: {
                  ...patch,
                  endedAt: patch.endedAt === undefined ? undefined : new Date(patch.endedAt),
                  endedBy: patch.endedBy === undefined ? undefined : (patch.endedBy as unknown as object),
                },
              }),
            ]
          : []),
        ...events.map((e) => db.event.create({ data: eventRow(e, audience) })),
      ]);
    },
  };
}

export type IntermediaryActivities = ReturnType<typeof createIntermediaryActivities>;
