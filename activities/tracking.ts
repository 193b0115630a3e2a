/**
 * Read-model activities of follow-up tracking (跟踪问效). Same idempotency rule as the lifecycle:
 * the workflow chooses the event id, and a write whose event already exists is a no-op.
 */
import type { TrackingStatus } from '../domain/vocabulary';
import type { Db } from '../lib/db/client';
import type { Actor } from '../workflows/shared';
import type { MilestoneKind, SatisfactionRating } from '../workflows/tracking/contracts';
import { eventExists, eventRow, projectAudience, type EventInput } from './events';

export interface TrackingDeps {
  db: Db;
}

export interface MilestoneRecord {
  kind: MilestoneKind;
  plannedDate: string;
  actualDate: string | null;
  recordedAt: number;
  recordedBy: Actor;
}

export interface SatisfactionRecord {
  rating: SatisfactionRating;
  comment: string | null;
  recordedAt: number;
  recordedBy: Actor;
}

/** Deterministic, so a retried upsert hits the same row. */
export const milestoneId = (projectId: string, kind: MilestoneKind) => `${projectId}.${kind}`;

export function createTrackingActivities({ db }: TrackingDeps) {
  const projectStatus = (projectId: string, status: TrackingStatus) =>
    db.project.update({ where: { id: projectId }, data: { status, version: { increment: 1 } } });

  return {
    async startTracking({ projectId, event }: { projectId: string; event: EventInput }): Promise<void> {
      if (await eventExists(db, event.id)) return;
      await db.$transaction([projectStatus(projectId, 'tracking'), db.event.create({ data: eventRow(event, await projectAudience(db, event.projectId)) })]);
    },

    async recordMilestone({ projectId, milestone, event }: { projectId: string; milestone: MilestoneRecord; event: EventInput }): Promise<void> {
      if (await eventExists(db, event.id)) return;
      const data = {
        plannedDate: milestone.plannedDate,
        actualDate: milestone.actualDate,
        recordedAt: new Date(milestone.recordedAt),
        recordedBy: milestone.recordedBy as unknown as object,
      };
      await db.$transaction([
        db.milestone.upsert({
          where: { projectId_kind: { projectId, kind: milestone.kind } },
          create: { id: milestoneId(projectId, milestone.kind), projectId, kind: milestone.kind, ...data },
          update: data,
        }),
        db.event.create({ data: eventRow(event, await projectAudience(db, event.projectId)) }),
      ]);
    },

    /** 催办 is only an event: the agent reads it from the feed (or a webhook). */
    async remindMilestone({ event }: { event: EventInput }): Promise<void> {
      if (await eventExists(db, event.id)) return;
      await db.event.create({ data: eventRow(event, await projectAudience(db, event.projectId)) });
    },

    async recordSatisfaction({ projectId, satisfaction, event }: { projectId: string; satisfaction: SatisfactionRecord; event: EventInput }): Promise<void> {
      if (await eventExists(db, event.id)) return;
      await db.$transaction([
        db.satisfaction.create({
          data: {
            projectId,
            rating: satisfaction.rating,
            comment: satisfaction.comment,
            recordedAt: new Date(satisfaction.recordedAt),
            recordedBy: satisfaction.recordedBy as unknown as object,
          },
        }),
        db.event.create({ data: eventRow(event, await projectAudience(db, event.projectId)) }),
      ]);
    },

    async closeTracking({ projectId, event }: { projectId: string; event: EventInput }): Promise<void> {
      if (await eventExists(db, event.id)) return;
      await db.$transaction([projectStatus(projectId, 'closed'), db.event.create({ data: eventRow(event, await projectAudience(db, event.projectId)) })]);
    },
  };
}

export type TrackingActivities = ReturnType<typeof createTrackingActivities>;
