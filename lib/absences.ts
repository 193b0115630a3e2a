/**
 * 职位代理 AB 角 (issue #13): while an officer (A 角) of a department is away, the department's
 * tasks go to the deputy (B 角) named in the absence. Shared by the gateway (declaring, listing) and
 * the worker's activities (routing a new task, routing the pending ones when an absence begins).
 */
import type { Db } from './db/client';
import type { AbsenceKind, AbsenceRouting } from '../workflows/task/contracts';

export const ABSENCE_KIND_LABEL: Record<AbsenceKind, string> = { leave: '请假', training: '培训' };

/** Tasks a department is working on: these (and new ones) move to the deputy. */
export const ROUTABLE_TASK_STATUSES = ['received', 'accepted', 'supplement_requested'];

/** Department officers hold the posts that have AB 角. */
export const POST_ROLES = ['department', 'department_head'];

interface AbsenceRow {
  id: string;
  officerId: string;
  departmentId: string;
  deputyId: string;
  kind: string;
  toDate: string;
}

/** Absences of a department (or of one officer) running on `date` (YYYY-MM-DD), oldest declaration first. */
export function runningAbsences(db: Db, where: { departmentId?: string; officerId?: string }, date: string) {
  return db.officerAbsence.findMany({
    where: { ...where, cancelledAt: null, fromDate: { lte: date }, toDate: { gte: date } },
    orderBy: [{ declaredAt: 'asc' }, { id: 'asc' }],
  });
}

/**
 * The routing of one absence on `date`: its deputy when available, else the deputy's own deputy
 * (the B 角 is away too), and so on. A chain that comes back to someone already away, or reaches a
 * disabled officer or one who left the department, ends with nobody available (`deputy` absent).
 */
export async function routingOf(db: Db, absence: AbsenceRow, date: string): Promise<AbsenceRouting> {
  const officer = await db.officer.findUnique({ where: { id: absence.officerId }, select: { name: true } });
  const routing: AbsenceRouting = {
    absenceId: absence.id,
    kind: absence.kind as AbsenceKind,
    officerId: absence.officerId,
    officerName: officer?.name ?? absence.officerId,
    until: absence.toDate,
  };
  const away = new Set([absence.officerId]);
  let next = absence.deputyId;
  while (!away.has(next)) {
    const candidate = await db.officer.findUnique({ where: { id: next }, select: { id: true, name: true, departmentId: true, role: true, disabledAt: true } });
    if (!candidate || candidate.disabledAt || candidate.departmentId !== absence.departmentId || !POST_ROLES.includes(candidate.role)) break;
    const [own] = await runningAbsences(db, { officerId: candidate.id }, date);
    if (!own) return { ...routing, deputy: { id: candidate.id, name: candidate.name } };
    away.add(candidate.id);
    next = own.deputyId;
  }
  return routing;
}

/** Where a department's new task goes on `date`: null when none of its officers is away. */
export async function routingForDepartment(db: Db, departmentId: string, date: string): Promise<AbsenceRouting | null> {
  const [absence] = await runningAbsences(db, { departmentId }, date);
  return absence ? routingOf(db, absence, date) : null;
}

/** When an absence begins: its routing and the department's tasks in hand to move. */
export async function absenceStart(db: Db, absenceId: string, date: string): Promise<{ routing: AbsenceRouting; taskIds: string[] } | null> {
  const absence = await db.officerAbsence.findUnique({ where: { id: absenceId } });
  if (!absence || absence.cancelledAt || absence.toDate < date) return null;
  return { routing: await routingOf(db, absence, date), taskIds: await tasksInHand(db, absence.departmentId) };
}

/** The department's tasks in hand (each task decides for itself whether an absence concerns it). */
export async function tasksInHand(db: Db, departmentId: string): Promise<string[]> {
  const tasks = await db.task.findMany({ where: { departmentId, status: { in: ROUTABLE_TASK_STATUSES } }, select: { id: true }, orderBy: { id: 'asc' } });
  return tasks.map((t) => t.id);
}
