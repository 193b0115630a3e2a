/**
 * The first-inquiry officer's inbox (首问负责, issue #13), derived on read from the events table:
 * the key events of the projects an officer is first-inquiry officer of. Nothing is written per
 * event, so no workflow changes; only what the officer marked read is stored (a watermark for
 * "all read" plus single reads above it).
 */
import type { EventType } from '../domain/vocabulary';
import type { Db } from './db/client';

export type NotificationKind = 'notice' | 'reply' | 'red' | 'overdue' | 'handover';

/**
 * The event types that reach the first-inquiry officer; a red light comes with its supervision alert.
 * Complaints are not here: complaint events carry no project id by design (they stay off the
 * project's timeline), so they need a read of the complaints table — not done yet.
 */
export const NOTIFICATION_TYPES = [
  'project.materials_required',
  'task.supplement_requested',
  'project.replied',
  'supervision.alerted',
  'project.first_inquiry_reassigned',
] as const satisfies readonly EventType[];

export function notificationKind(type: string, payload: unknown): NotificationKind {
  switch (type) {
    case 'project.replied':
      return 'reply';
    case 'supervision.alerted':
      return (payload as { reason?: string }).reason === 'statutory_breached' ? 'overdue' : 'red';
    case 'project.first_inquiry_reassigned':
      return 'handover';
    default:
      return 'notice';
  }
}

/** What an event says in words; events without a message get one from their kind. */
const KIND_TEXT: Record<NotificationKind, string> = {
  notice: '一次性告知',
  reply: '已出具集中回复',
  red: '任务超过承诺时限（红灯）',
  overdue: '任务超过法定时限',
  handover: '首问责任人移交',
};

export function notificationMessage(kind: NotificationKind, payload: unknown): string {
  const { message, items } = payload as { message?: unknown; items?: { material?: unknown }[] };
  if (typeof message === 'string' && message) return message;
  // A department's 一次性告知 lists what to supplement instead of a sentence.
  if (Array.isArray(items) && items.length > 0) return `${KIND_TEXT[kind]}：需补正${items.map((i) => String(i.material)).join('、')}`;
  return KIND_TEXT[kind];
}

/**
 * The officer's notification filter: the key events of their projects, and (for unread) only those
 * above the watermark that were not read one by one. Projects are looked up first: an officer is
 * responsible for a bounded number, and both `projectId IN (…)` and `type` are indexed on events.
 */
export async function notificationScope(db: Db, officerId: string) {
  const [projects, mark] = await Promise.all([
    db.project.findMany({ where: { firstInquiryOfficerId: officerId }, select: { id: true, code: true, name: true } }),
    db.notificationWatermark.findUnique({ where: { officerId } }),
  ]);
  const readThrough = mark?.readThroughSeq ?? 0;
  const reads = await db.notificationRead.findMany({ where: { officerId, seq: { gt: readThrough } }, select: { eventId: true } });
  const where = { projectId: { in: projects.map((p) => p.id) }, type: { in: [...NOTIFICATION_TYPES] as string[] } };
  const readIds = new Set(reads.map((r) => r.eventId));
  const unreadWhere = { ...where, seq: { gt: readThrough }, ...(readIds.size > 0 ? { id: { notIn: [...readIds] } } : {}) };
  return { projects: new Map(projects.map((p) => [p.id, p])), where, unreadWhere, readThrough, readIds };
}
