/**
 * 职位代理 AB 角 (issue #13): officers declare leave or training with a deputy of their department;
 * officerAbsenceWorkflow moves the department's tasks in hand when it begins, new tasks route
 * themselves on arrival. Also the list of tasks nobody is available for (flagged to the head).
 */
import { Router } from 'express';
import type { Principal } from '../../lib/auth/keys';
import { departmentRecordWhere } from '../../lib/auth/scope';
import { actorLabel } from '../../lib/actors';
import { POST_ROLES, ROUTABLE_TASK_STATUSES } from '../../lib/absences';
import { addDays, compareDates, shanghaiDateOf, shanghaiStartOfDay } from '../../domain/clock';
import { absenceChangedSignal, officerAbsenceWorkflowId, type AbsenceChange } from '../../workflows/absence/contracts';
import type { officerAbsenceWorkflow } from '../../workflows';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { temporalProblem } from '../temporal-errors';
import { allocateSupervisionCode } from './supervision-codes';

type ApiAbsence = components['schemas']['OfficerAbsence'];

/** Longest absence one declaration may cover; a longer one is a change of post, not AB 角. */
const MAX_ABSENCE_DAYS = 90;

/**
 * Who may declare an absence for `officer`: the officer (session), the department's head (session)
 * or an admin. A department key is a system, not a person, and cannot say who is away.
 */
function mayDeclare(p: Principal, officer: { id: string }): void {
  if (p.role === 'admin') return;
  if (!p.officer) throw ProblemError.forbidden('请假与培训须由工作人员本人或部门负责人在工作台登记，部门系统密钥不能登记');
  if (p.officer.id !== officer.id && p.officer.role !== 'department_head') throw ProblemError.forbidden('只能登记本人的请假或培训；为他人登记须由部门负责人办理');
}

export function absencesRouter({ db, temporal, config }: ApiDeps): Router {
  const r = Router();
  const names = async (ids: string[]) => new Map((await db.officer.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  type Row = { id: string; officerId: string; departmentId: string; deputyId: string; kind: string; fromDate: string; toDate: string; reason: string; declaredBy: unknown; declaredAt: Date; declaredToDate: string | null; cancelledAt: Date | null; changedBy: unknown; changedAt: Date | null; changeReason: string | null };
  const toApi = (a: Row, named: Map<string, string>): ApiAbsence => ({
    id: a.id,
    officerId: a.officerId,
    officerName: named.get(a.officerId) ?? a.officerId,
    departmentId: a.departmentId,
    deputyOfficerId: a.deputyId,
    deputyName: named.get(a.deputyId) ?? a.deputyId,
    kind: a.kind as ApiAbsence['kind'],
    from: a.fromDate,
    to: a.toDate,
    reason: a.reason,
    declaredBy: actorLabel(a.declaredBy),
    declaredAt: a.declaredAt.toISOString(),
    status: a.cancelledAt ? 'cancelled' : a.declaredToDate ? 'shortened' : 'declared',
    ...(a.declaredToDate ? { declaredTo: a.declaredToDate } : {}),
    ...(a.changedBy ? { changedBy: actorLabel(a.changedBy) } : {}),
    ...(a.changedAt ? { changedAt: a.changedAt.toISOString() } : {}),
    ...(a.changeReason ? { changeReason: a.changeReason } : {}),
  });

  r.post('/api/v1/officers/:officerId/absences', async (req, res) => {
    const { path, body } = validated(req, 'declareOfficerAbsence');
    const p = principalOf(req);
    const officer = await db.officer.findUnique({ where: { id: path.officerId }, select: { id: true, role: true, departmentId: true } });
    // Officers of another department are not disclosed to a department principal.
    if (!officer || (p.role === 'department' && officer.departmentId !== p.departmentId)) throw ProblemError.notFound(`工作人员 ${path.officerId} 不存在`);
    mayDeclare(p, officer);
    if (!officer.departmentId || !POST_ROLES.includes(officer.role)) throw ProblemError.ruleViolated('/deputyOfficerId', '只有部门工作人员设 AB 角，该工作人员不属于审批部门');
    const today = shanghaiDateOf(Date.now());
    if (compareDates(body.from, today) < 0) throw ProblemError.ruleViolated('/from', `开始日期 ${body.from} 早于今天（${today}），请假与培训不能补登`);
    if (compareDates(body.to, body.from) < 0) throw ProblemError.ruleViolated('/to', '结束日期不能早于开始日期');
    if ((shanghaiStartOfDay(body.to) - shanghaiStartOfDay(body.from)) / 86_400_000 >= MAX_ABSENCE_DAYS) throw ProblemError.ruleViolated('/to', `一次登记最长 ${MAX_ABSENCE_DAYS} 天`);
    const deputy = await db.officer.findUnique({ where: { id: body.deputyOfficerId }, select: { id: true, role: true, departmentId: true, disabledAt: true } });
    if (!deputy || deputy.departmentId !== officer.departmentId || !POST_ROLES.includes(deputy.role) || deputy.disabledAt) {
      throw ProblemError.unknownReference('/deputyOfficerId', 'B 角必须是本部门在用的部门工作人员');
    }
    if (deputy.id === officer.id) throw ProblemError.ruleViolated('/deputyOfficerId', 'B 角不能是本人');
    const overlapping = await db.officerAbsence.findFirst({ where: { officerId: officer.id, cancelledAt: null, fromDate: { lte: body.to }, toDate: { gte: body.from } }, select: { id: true, fromDate: true, toDate: true } });
    if (overlapping) throw ProblemError.conflict('already_exists', `与已登记的 ${overlapping.id}（${overlapping.fromDate} 至 ${overlapping.toDate}）日期重叠`);

    const now = Date.now();
    const id = await allocateSupervisionCode(db, 'AB', now);
    const row = await db.officerAbsence.create({
      data: {
        id,
        officerId: officer.id,
        departmentId: officer.departmentId,
        deputyId: deputy.id,
        kind: body.kind,
        fromDate: body.from,
        toDate: body.to,
        reason: body.reason,
        declaredBy: actorOf(p) as unknown as object,
        declaredAt: new Date(now),
        workflowId: officerAbsenceWorkflowId(id),
      },
    });
    try {
      await temporal.workflow.start<typeof officerAbsenceWorkflow>('officerAbsenceWorkflow', {
        workflowId: row.workflowId,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ absenceId: id, departmentId: officer.departmentId, startsAt: shanghaiStartOfDay(body.from) }],
      });
    } catch (err) {
      // Without its workflow the tasks in hand would never move: the declaration is undone.
      await db.officerAbsence.delete({ where: { id } });
      throw temporalProblem(err, '职位代理流程');
    }
    respond(res, 'declareOfficerAbsence', 201, toApi(row, await names([row.officerId, row.deputyId])));
  });

  /**
   * 提前返岗: the absence now ends the day before `backOn` (withdrawn when that is before its first
   * day). The row changes first, then the absence workflow is told — with signalWithStart, so a run
   * that already ended (started before it stayed alive to the last day) is started again to tell the
   * tasks. A repeat with the same `backOn` finds the row as wanted and tells again: idempotent.
   */
  r.post('/api/v1/officer-absences/:absenceId/shorten', async (req, res) => {
    const { path, body } = validated(req, 'shortenOfficerAbsence');
    const p = principalOf(req);
    const absence = await db.officerAbsence.findUnique({ where: { id: path.absenceId } });
    if (!absence || (p.role === 'department' && absence.departmentId !== p.departmentId)) throw ProblemError.notFound(`请假或培训 ${path.absenceId} 不存在`);
    mayDeclare(p, { id: absence.officerId });
    const today = shanghaiDateOf(Date.now());
    const to = addDays(body.backOn, -1);
    const cancel = compareDates(to, absence.fromDate) < 0;
    const already = absence.cancelledAt ? cancel : !cancel && absence.declaredToDate !== null && absence.toDate === to;
    let row = absence;
    if (!already) {
      if (absence.cancelledAt) throw ProblemError.ruleViolated('/backOn', `${absence.id} 已撤销，不能再改返岗日期`);
      if (compareDates(absence.toDate, today) < 0) throw ProblemError.ruleViolated('/backOn', `${absence.id} 已于 ${absence.toDate} 结束，无需提前返岗`);
      if (compareDates(body.backOn, today) < 0) throw ProblemError.ruleViolated('/backOn', `返岗日期 ${body.backOn} 早于今天（${today}），不能补登`);
      if (compareDates(to, absence.toDate) >= 0) throw ProblemError.ruleViolated('/backOn', `返岗日期应早于原定返岗日期 ${addDays(absence.toDate, 1)}；延长请假请另行登记`);
      row = await db.officerAbsence.update({
        where: { id: absence.id },
        data: {
          // A withdrawn absence keeps its dates (for the record); cancelledAt takes it out of routing.
          ...(cancel ? { cancelledAt: new Date() } : { toDate: to }),
          declaredToDate: absence.declaredToDate ?? absence.toDate,
          changedBy: actorOf(p) as unknown as object,
          changedAt: new Date(),
          changeReason: body.reason ?? null,
        },
      });
    }
    try {
      await temporal.workflow.signalWithStart<typeof officerAbsenceWorkflow, [AbsenceChange]>('officerAbsenceWorkflow', {
        workflowId: absence.workflowId,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ absenceId: absence.id, departmentId: absence.departmentId, startsAt: shanghaiStartOfDay(absence.fromDate) }],
        signal: absenceChangedSignal,
        signalArgs: [{ to, cancelled: cancel }],
      });
    } catch (err) {
      // The row already says when the officer is back (new tasks route by it); a retry tells the tasks.
      throw temporalProblem(err, '职位代理流程');
    }
    respond(res, 'shortenOfficerAbsence', 200, toApi(row, await names([row.officerId, row.deputyId])));
  });

  r.get('/api/v1/officer-absences', async (req, res) => {
    const { query } = validated(req, 'listOfficerAbsences');
    const p = principalOf(req);
    const rows = await db.officerAbsence.findMany({
      where: { toDate: { gte: shanghaiDateOf(Date.now()) }, ...(query.departmentId ? { departmentId: query.departmentId } : {}), ...departmentRecordWhere(p) },
      orderBy: [{ fromDate: 'asc' }, { id: 'asc' }],
      take: 500,
    });
    const named = await names([...new Set(rows.flatMap((a) => [a.officerId, a.deputyId]))]);
    respond(res, 'listOfficerAbsences', 200, { items: rows.map((a) => toApi(a, named)) });
  });

  /** The deputy picker: a department sees only its own officers (another department's are not disclosed). */
  r.get('/api/v1/departments/:departmentId/officers', async (req, res) => {
    const { path } = validated(req, 'listDepartmentOfficers');
    const p = principalOf(req);
    const department = await db.department.findUnique({ where: { id: path.departmentId }, select: { id: true } });
    if (!department || (p.role === 'department' && p.departmentId !== department.id)) throw ProblemError.notFound(`部门 ${path.departmentId} 不存在`);
    const rows = await db.officer.findMany({
      where: { departmentId: department.id, role: { in: POST_ROLES }, disabledAt: null },
      select: { id: true, name: true, role: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: 500,
    });
    respond(res, 'listDepartmentOfficers', 200, { items: rows.map((o) => ({ ...o, role: o.role as 'department' | 'department_head' })) });
  });

  r.get('/api/v1/staffing-alerts', async (req, res) => {
    validated(req, 'listStaffingAlerts');
    const p = principalOf(req);
    const today = shanghaiDateOf(Date.now());
    const events = await db.event.findMany({ where: { type: 'task.unstaffed', ...departmentRecordWhere(p) }, orderBy: { seq: 'desc' }, take: 500 });
    const open = new Set(
      (await db.task.findMany({ where: { id: { in: events.map((e) => e.taskId!).filter(Boolean) }, status: { in: ROUTABLE_TASK_STATUSES } }, select: { id: true } })).map((t) => t.id),
    );
    const items = events
      .map((e) => ({ e, payload: e.payload as { absence: { absenceId: string; officerName: string }; until: string; message: string } }))
      .filter(({ e, payload }) => e.taskId && open.has(e.taskId) && compareDates(payload.until, today) >= 0)
      .map(({ e, payload }) => ({
        eventId: e.id,
        taskId: e.taskId!,
        projectId: e.projectId!,
        departmentId: e.departmentId!,
        absenceId: payload.absence.absenceId,
        officerName: payload.absence.officerName,
        until: payload.until,
        occurredAt: e.occurredAt.toISOString(),
        message: payload.message,
      }));
    respond(res, 'listStaffingAlerts', 200, { items });
  });

  return r;
}
