/**
 * Accountability records (责任追究记录) of approval tasks, projected from the task workflow's own
 * events, and the live lateness of records whose object is still open.
 *
 * Why a read-path projection (rather than a scheduled projector workflow): the task workflow
 * already writes `task.statutory_breached`, `task.deemed_accepted` and `task.notice_violation` in
 * its transactions, and records are only ever read through the list/export endpoints. Projecting
 * there (`projectAccountability`) makes every read complete up to the moment it is made, with no
 * lag and no extra long-running workflow to deploy, start and watch. It is idempotent by
 * construction: a record's id IS its event id (a foreign key), the query only picks events that
 * have no record yet (an anti-join, so no watermark can skip a late-committing event), and a
 * concurrent projector that inserted first makes the loser's insert fail on the primary key, after
 * which the loser simply re-reads.
 */
import { createWorkCalendar, shanghaiDateOf, type EpochMs, type IsoDate, type WorkCalendar } from '../domain/clock';
import { workingDaysOver } from '../domain/working-deadline';
import type { AccountabilityKind } from '../activities/supervision';
import { loadSchedules } from './calendar';
import type { Db } from './db/client';

export const ACCOUNTABILITY_KIND_LABEL: Record<AccountabilityKind, string> = {
  statutory_breach: '超过法定时限',
  deemed_acceptance: '逾期未受理视为受理',
  notice_violation: '违反一次性告知',
  complaint_overdue: '投诉逾期未办结',
  complaint_escalated: '投诉升级追责',
  supervision_order_overdue: '督办逾期未答复',
  countersign_overdue: '会签逾期未签署',
};

const TASK_BREACHES: Record<string, AccountabilityKind> = {
  'task.statutory_breached': 'statutory_breach',
  'task.deemed_accepted': 'deemed_acceptance',
  'task.notice_violation': 'notice_violation',
  // A 会签 department that missed the deadline (issue #13): lateness grows until it signs.
  'countersign.overdue': 'countersign_overdue',
};
/** Kinds whose lateness keeps growing until the object concludes (settled later); the others are facts of a day. */
const GROWING: AccountabilityKind[] = ['statutory_breach', 'countersign_overdue'];
const CONCLUDING = ['task.decided', 'task.cancelled'];
const BATCH = 200;

type Payload = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Schedules covering `from` (a due date) through `to`, for lateness counted between them. */
export async function calendarSpanning(db: Db, from: IsoDate, to: EpochMs): Promise<WorkCalendar> {
  const first = Number(from.slice(0, 4));
  const last = Math.max(first, Number(shanghaiDateOf(to).slice(0, 4)));
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return createWorkCalendar(await loadSchedules(db, years));
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

function detailOf(kind: AccountabilityKind, subject: string, p: Payload): string {
  if (kind === 'statutory_breach') return `${subject}超过法定时限（${str(p.statutoryDueDate) ?? '—'} 24:00）`;
  if (kind === 'deemed_acceptance') {
    return `${subject}自${str(p.deemedFrom) ?? '收件'}起5个工作日内（至${str(p.windowEndDate) ?? '—'}）既未受理也未一次性告知，依法视为受理`;
  }
  return str(p.message) ?? `${subject}多次告知补正材料，违反一次性告知规定`;
}

/** Inserts a record for every task breach event that has none yet; returns how many were added. */
async function projectTaskBreaches(db: Db): Promise<number> {
  let added = 0;
  for (let round = 0; round < 1000; round++) {
    const events = await db.event.findMany({
      where: { type: { in: Object.keys(TASK_BREACHES) }, departmentId: { not: null }, accountability: { is: null } },
      orderBy: { seq: 'asc' },
      take: BATCH,
    });
    if (events.length === 0) return added;
    const taskIds = [...new Set(events.map((e) => e.taskId).filter((id): id is string => id !== null))];
    const tasks = await db.task.findMany({
      where: { id: { in: taskIds } },
      select: { id: true, item: { select: { name: true } }, project: { select: { code: true, name: true } } },
    });
    const subjects = new Map(tasks.map((t) => [t.id, `${t.project.name}（${t.project.code}）“${t.item.name}”`]));
    const data = events.map((e) => {
      const kind = TASK_BREACHES[e.type];
      const payload = (e.payload ?? {}) as Payload;
      const lateness =
        kind === 'statutory_breach' ? str(payload.statutoryDueDate) : kind === 'deemed_acceptance' ? str(payload.windowEndDate) : kind === 'countersign_overdue' ? str(payload.dueDate) : undefined;
      return {
        id: e.id,
        departmentId: e.departmentId!,
        kind,
        taskId: e.taskId,
        projectId: e.projectId,
        dueDate: lateness ?? null,
        daysOver: 0,
        settledAt: GROWING.includes(kind) ? null : e.occurredAt,
        occurredAt: e.occurredAt,
        detail: detailOf(kind, (e.taskId && subjects.get(e.taskId)) || e.taskId || '审批任务', payload),
      };
    });
    try {
      await db.accountabilityRecord.createMany({ data });
      added += data.length;
    } catch (err) {
      // Another projector got there first; the next round reads what is still missing.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return added;
}

/** Fixes the days over of statutory breaches whose task has since been decided or withdrawn. */
async function settleConcludedTasks(db: Db): Promise<number> {
  const open = await db.accountabilityRecord.findMany({ where: { kind: 'statutory_breach', settledAt: null, taskId: { not: null } } });
  if (open.length === 0) return 0;
  const endings = await db.event.findMany({
    where: { type: { in: CONCLUDING }, taskId: { in: open.map((r) => r.taskId!) } },
    orderBy: { seq: 'asc' },
    select: { taskId: true, occurredAt: true },
  });
  const endOf = new Map<string, Date>();
  for (const e of endings) if (e.taskId && !endOf.has(e.taskId)) endOf.set(e.taskId, e.occurredAt);
  const ending = open.filter((r) => r.dueDate && endOf.has(r.taskId!));
  if (ending.length === 0) return 0;
  const earliest = ending.map((r) => r.dueDate!).sort()[0];
  const calendar = await calendarSpanning(db, earliest, Math.max(...ending.map((r) => endOf.get(r.taskId!)!.getTime())));
  let settled = 0;
  for (const r of ending) {
    const end = endOf.get(r.taskId!)!;
    if (!r.dueDate) continue;
    await db.accountabilityRecord.updateMany({
      where: { id: r.id, settledAt: null },
      data: { daysOver: workingDaysOver(calendar, r.dueDate, end.getTime()), settledAt: end },
    });
    settled++;
  }
  return settled;
}

/** Fixes the days over of overdue 会签 signatures once the department has signed (a decline does not settle). */
async function settleSignedCountersigns(db: Db): Promise<number> {
  const open = await db.accountabilityRecord.findMany({ where: { kind: 'countersign_overdue', settledAt: null }, include: { event: { select: { payload: true } } } });
  if (open.length === 0) return 0;
  const signed = await db.event.findMany({
    where: { type: 'countersign.signed', departmentId: { in: [...new Set(open.map((r) => r.departmentId))] }, projectId: { in: [...new Set(open.map((r) => r.projectId!).filter(Boolean))] } },
    orderBy: { seq: 'asc' },
    select: { departmentId: true, payload: true, occurredAt: true },
  });
  const signedAt = new Map<string, Date>();
  for (const e of signed) {
    const key = `${str((e.payload as Payload).countersignId)}.${e.departmentId}`;
    if (!signedAt.has(key)) signedAt.set(key, e.occurredAt);
  }
  const ending = open.flatMap((r) => {
    const end = signedAt.get(`${str((r.event.payload as Payload).countersignId)}.${r.departmentId}`);
    return end && r.dueDate ? [{ r, end, dueDate: r.dueDate }] : [];
  });
  if (ending.length === 0) return 0;
  const calendar = await calendarSpanning(db, ending.map((x) => x.dueDate).sort()[0], Math.max(...ending.map((x) => x.end.getTime())));
  for (const { r, end, dueDate } of ending) {
    await db.accountabilityRecord.updateMany({ where: { id: r.id, settledAt: null }, data: { daysOver: workingDaysOver(calendar, dueDate, end.getTime()), settledAt: end } });
  }
  return ending.length;
}

/** Brings the task and 会签 part of the accountability table up to date; safe to call concurrently and repeatedly. */
export async function projectAccountability(db: Db): Promise<{ projected: number; settled: number }> {
  const projected = await projectTaskBreaches(db);
  const settled = (await settleConcludedTasks(db)) + (await settleSignedCountersigns(db));
  return { projected, settled };
}

/** Days over as of `now` for open records (the stored value is final only once settled). */
export function liveDaysOver(
  record: { dueDate: string | null; daysOver: number; settledAt: Date | null },
  calendar: WorkCalendar | undefined,
  now: EpochMs,
): number {
  if (record.settledAt || !record.dueDate || !calendar) return record.daysOver;
  return Math.max(record.daysOver, workingDaysOver(calendar, record.dueDate, now));
}
