/** The signed-in officer's inbox (首问负责, issue #13): key events of the projects they are first-inquiry officer of. */
import { Router } from 'express';
import { notificationKind, notificationMessage, notificationScope } from '../../lib/notifications';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { decodeCursor, encodeCursor } from './util';

export function notificationsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  /** Session-only operations (the contract says so); the officer is the only scope — BOLA by construction. */
  const officerOf = (req: Parameters<typeof principalOf>[0]) => {
    const officer = principalOf(req).officer;
    if (!officer) throw ProblemError.unauthorized('该操作需要工作人员登录会话（请先登录）；API Key 不能调用。');
    return officer;
  };

  r.get('/api/v1/notifications', async (req, res) => {
    const { query } = validated(req, 'listMyNotifications');
    const officer = officerOf(req);
    const scope = await notificationScope(db, officer.id);
    const limit = query.limit ?? 20;
    // Keyset on seq (newest first): a cursor is the last seq handed out; one this server did not issue gives an empty page.
    const decoded = decodeCursor(query.cursor ?? undefined);
    const before = decoded === undefined ? undefined : /^[0-9]{1,15}$/.test(decoded) ? Number(decoded) : 0;
    const base = query.unread ? scope.unreadWhere : scope.where;
    const [rows, unreadCount] = await Promise.all([
      db.event.findMany({ where: { ...base, ...(before !== undefined ? { AND: [{ seq: { lt: before } }] } : {}) }, orderBy: { seq: 'desc' }, take: limit + 1 }),
      db.event.count({ where: scope.unreadWhere }),
    ]);
    const items = rows.slice(0, limit);
    respond(res, 'listMyNotifications', 200, {
      items: items.map((e) => {
        const project = scope.projects.get(e.projectId!)!;
        const kind = notificationKind(e.type, e.payload);
        return {
          id: e.id,
          type: e.type,
          kind,
          projectId: project.id,
          projectCode: project.code,
          projectName: project.name,
          taskId: e.taskId,
          message: notificationMessage(kind, e.payload),
          occurredAt: e.occurredAt.toISOString(),
          read: e.seq <= scope.readThrough || scope.readIds.has(e.id),
        };
      }),
      nextCursor: rows.length > limit ? encodeCursor(String(items[items.length - 1].seq)) : null,
      unreadCount,
    });
  });

  r.post('/api/v1/notifications/read', async (req, res) => {
    const { body } = validated(req, 'markNotificationsRead');
    const officer = officerOf(req);
    const scope = await notificationScope(db, officer.id);
    if (body.all) {
      const newest = await db.event.findFirst({ where: scope.where, orderBy: { seq: 'desc' }, select: { seq: true } });
      const seq = Math.max(newest?.seq ?? 0, scope.readThrough);
      // The watermark only moves forward; single reads below it are no longer needed.
      await db.$transaction([
        db.notificationWatermark.upsert({ where: { officerId: officer.id }, create: { officerId: officer.id, readThroughSeq: seq }, update: { readThroughSeq: seq } }),
        db.notificationRead.deleteMany({ where: { officerId: officer.id, seq: { lte: seq } } }),
      ]);
    } else if (body.ids) {
      // Only the officer's own unread notifications are marked; other ids are ignored without saying whether they exist.
      const own = await db.event.findMany({ where: { ...scope.unreadWhere, id: { in: body.ids } }, select: { id: true, seq: true } });
      await db.$transaction(
        own.map((e) =>
          db.notificationRead.upsert({
            where: { officerId_eventId: { officerId: officer.id, eventId: e.id } },
            create: { officerId: officer.id, eventId: e.id, seq: e.seq },
            update: {},
          }),
        ),
      );
    }
    const unreadCount = await db.event.count({ where: (await notificationScope(db, officer.id)).unreadWhere });
    respond(res, 'markNotificationsRead', 200, { unreadCount });
  });

  return r;
}
