/** Accountability records (责任追究记录): list, CSV export for Excel, and the supervision queue (督查队列). */
import { Router } from 'express';
import { shanghaiEndOfDay, shanghaiStartOfDay, type WorkCalendar } from '../../domain/clock';
import { workingDaysOver } from '../../domain/working-deadline';
import { OPEN_TASK_STATUSES } from '../../domain/vocabulary';
import type { Principal } from '../../lib/auth/keys';
import { departmentRecordWhere } from '../../lib/auth/scope';
import { calendarSpanning, liveDaysOver, projectAccountability } from '../../lib/accountability';
import { COMPLAINT_CATEGORY_LABEL, type ComplaintCategory } from '../../workflows/complaint/contracts';
import type { components } from '../generated/openapi';
import { principalOf } from '../auth';
import { csvDocument } from '../http/csv';
import type { ApiDeps } from '../context';
import { respond, validated } from '../http/validation';
import { toApiAccountabilityRecord, type AccountabilityRow, type ApiAccountabilityRecord } from '../supervision-mappers';
import { keysetPage, newestFirst, orderByOf, within } from './keyset';
import type { Prisma } from '../../lib/db/client';

type QueueItem = components['schemas']['SupervisionQueueItem'];

const EXPORT_LIMIT = 10_000;
const OVERDUE_COMPLAINT = ['explanation_required', 'explained', 'escalated'];

interface RecordFilter {
  departmentId?: string;
  kind?: string[];
  from?: string;
  to?: string;
}

/** Departments see their own records whatever they ask for; dates are whole Shanghai days. */
function recordWhere(p: Principal, q: RecordFilter) {
  // A start after the end is an empty range (no records), as the contract says; not an error.
  return {
    ...(q.departmentId ? { departmentId: q.departmentId } : {}),
    ...(q.kind ? { kind: { in: q.kind } } : {}),
    ...(q.from || q.to
      ? { occurredAt: { ...(q.from ? { gte: new Date(shanghaiStartOfDay(q.from)) } : {}), ...(q.to ? { lt: new Date(shanghaiEndOfDay(q.to)) } : {}) } }
      : {}),
    // Last, so a department's own scope wins over the departmentId it asked for.
    ...departmentRecordWhere(p),
  };
}

const CSV_HEADERS = ['记录编号', '部门编号', '部门名称', '类型', '审批任务', '项目编号', '投诉编号', '督办编号', '应办结日期', '超期工作日', '是否已定', '发生时间', '说明'];

// Formatting only (no arithmetic): the sv-SE locale writes "YYYY-MM-DD HH:mm:ss", which Excel reads as a date-time.
const shanghaiTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });

function csvOf(records: ApiAccountabilityRecord[]): string {
  const rows = records.map((r) => [
    r.id,
    r.departmentId,
    r.departmentName,
    r.kindLabel,
    r.taskId,
    r.projectId,
    r.complaintId,
    r.supervisionOrderId,
    r.dueDate,
    r.daysOver,
    r.settled ? '是' : '否（仍在累计）',
    shanghaiTime.format(new Date(r.occurredAt)),
    r.detail,
  ]);
  return csvDocument(CSV_HEADERS, rows);
}

export function accountabilityRouter({ db }: ApiDeps): Router {
  const r = Router();

  const departmentNames = async () => new Map((await db.department.findMany({ select: { id: true, shortName: true } })).map((d) => [d.id, d.shortName]));

  /** Maps rows with their lateness as of now: open records count on, settled ones keep their final value. */
  async function present(rows: AccountabilityRow[]): Promise<ApiAccountabilityRecord[]> {
    const now = Date.now();
    const open = rows.filter((x) => !x.settledAt && x.dueDate).map((x) => x.dueDate!).sort();
    const calendar = open.length > 0 ? await calendarSpanning(db, open[0], now) : undefined;
    const names = await departmentNames();
    return rows.map((x) => toApiAccountabilityRecord(x, names, liveDaysOver(x, calendar, now)));
  }

  r.get('/api/v1/accountability-records', async (req, res) => {
    const { query } = validated(req, 'listAccountabilityRecords');
    const p = principalOf(req);
    await projectAccountability(db);
    const where = recordWhere(p, query);
    const key = newestFirst('occurredAt');
    const { items, nextCursor } = await keysetPage(db, key, query, {
      fetch: (range, take) => db.accountabilityRecord.findMany({ where: within(where, range), orderBy: orderByOf<Prisma.AccountabilityRecordOrderByWithRelationInput>(key), take }),
      legacy: (id) => db.accountabilityRecord.findUnique({ where: { id }, select: { occurredAt: true, id: true } }),
    });
    respond(res, 'listAccountabilityRecords', 200, { items: await present(items), nextCursor });
  });

  r.get('/api/v1/accountability-records/export', async (req, res) => {
    const { query } = validated(req, 'exportAccountabilityRecords');
    const p = principalOf(req);
    await projectAccountability(db);
    const rows = await db.accountabilityRecord.findMany({ where: recordWhere(p, query), orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: EXPORT_LIMIT });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="accountability-records.csv"; filename*=UTF-8''${encodeURIComponent('责任追究记录.csv')}`);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).send(csvOf(await present(rows)));
  });

  r.get('/api/v1/supervision/queue', async (req, res) => {
    const { query } = validated(req, 'getSupervisionQueue');
    const kinds = new Set(query.kind ?? ['task', 'complaint', 'supervision_order']);
    const dept = query.departmentId;
    const [tasks, complaints, orders] = await Promise.all([
      kinds.has('task')
        ? db.task.findMany({
            where: { light: 'red', status: { in: [...OPEN_TASK_STATUSES] }, promisedDueDate: { not: null }, ...(dept ? { departmentId: dept } : {}) },
            include: { project: { select: { name: true } }, item: { select: { name: true } } },
          })
        : [],
      kinds.has('complaint') ? db.complaint.findMany({ where: { status: { in: OVERDUE_COMPLAINT }, dueDate: { not: null }, ...(dept ? { unitId: dept } : {}) } }) : [],
      kinds.has('supervision_order') ? db.supervisionOrder.findMany({ where: { status: 'overdue', ...(dept ? { departmentId: dept } : {}) } }) : [],
    ]);
    const projectIds = [...new Set([...complaints.map((c) => c.projectId), ...orders.map((o) => o.projectId)].filter((id): id is string => id !== null))];
    const [projects, names] = await Promise.all([db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, name: true } }), departmentNames()]);
    const projectName = new Map(projects.map((x) => [x.id, x.name]));

    const items: Omit<QueueItem, 'daysOver' | 'departmentName'>[] = [
      ...tasks.map((t) => ({
        kind: 'task' as const,
        id: t.id,
        departmentId: t.departmentId,
        projectId: t.projectId,
        projectName: t.project.name,
        taskId: t.id,
        title: `“${t.item.name}”超过承诺时限`,
        status: t.status,
        dueDate: t.promisedDueDate!,
      })),
      ...complaints.map((c) => ({
        kind: 'complaint' as const,
        id: c.id,
        departmentId: c.unitId!,
        projectId: c.projectId,
        projectName: c.projectId ? (projectName.get(c.projectId) ?? null) : null,
        taskId: c.taskId,
        title: `投诉 ${c.id}（${COMPLAINT_CATEGORY_LABEL[c.category as ComplaintCategory] ?? c.category}）逾期未办结`,
        status: c.status,
        dueDate: c.dueDate!,
      })),
      ...orders.map((o) => ({
        kind: 'supervision_order' as const,
        id: o.id,
        departmentId: o.departmentId,
        projectId: o.projectId,
        projectName: projectName.get(o.projectId) ?? null,
        taskId: o.taskId,
        title: `督办 ${o.id} 逾期未答复：${o.directive.length > 40 ? `${o.directive.slice(0, 40)}…` : o.directive}`,
        status: o.status,
        dueDate: o.dueDate,
      })),
    ].sort((a, b) => (a.dueDate === b.dueDate ? a.id.localeCompare(b.id) : a.dueDate < b.dueDate ? -1 : 1));

    const now = Date.now();
    const calendar: WorkCalendar | undefined = items.length > 0 ? await calendarSpanning(db, items[0].dueDate, now) : undefined;
    respond(res, 'getSupervisionQueue', 200, {
      items: items.slice(0, query.limit ?? 200).map((i) => ({
        ...i,
        departmentName: names.get(i.departmentId) ?? i.departmentId,
        daysOver: calendar ? workingDaysOver(calendar, i.dueDate, now) : 0,
      })),
      total: items.length,
      generatedAt: new Date(now).toISOString(),
    });
  });

  return r;
}
