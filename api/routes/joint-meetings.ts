/** 联席会议 / 会商 / 会审 (issue #13): convene by hand, confirm attendance, minutes whose commitments become 督办 orders. */
import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { isOpenTask, type TaskStatus } from '../../domain/vocabulary';
import type { Principal } from '../../lib/auth/keys';
import { canSeeProject } from '../../lib/auth/scope';
import { actorLabel } from '../../lib/actors';
import { conveneWrites, MEETING_KIND_LABEL, OPEN_TASK_STATUSES, type MeetingKind } from '../../lib/joint-meetings';
import { eventRow } from '../../activities/events';
import { shanghaiDateOf } from '../../domain/clock';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { allocateSupervisionCode } from './supervision-codes';
import { issueSupervisionOrder } from './supervision-orders';
import { resolveProjectRef } from './project-code';

type ApiMeeting = components['schemas']['JointMeeting'];
const include = { invitees: { orderBy: { departmentId: 'asc' as const } } };

interface MeetingRow {
  id: string;
  projectId: string;
  kind: string;
  trigger: string;
  triggerDetail: string | null;
  agenda: string;
  meetingDate: string;
  convenedBy: unknown;
  convenedAt: Date;
  status: string;
  minutes: string | null;
  minutedAt: Date | null;
  invitees: { departmentId: string; taskId: string; confirmedAt: Date | null; commitment: string | null; supervisionOrderId: string | null }[];
}

const toApiMeeting = (m: MeetingRow): ApiMeeting => ({
  id: m.id,
  projectId: m.projectId,
  kind: m.kind as ApiMeeting['kind'],
  trigger: m.trigger as ApiMeeting['trigger'],
  triggerDetail: m.triggerDetail,
  agenda: m.agenda,
  meetingDate: m.meetingDate,
  convenedBy: actorLabel(m.convenedBy),
  convenedAt: m.convenedAt.toISOString(),
  status: m.status as ApiMeeting['status'],
  minutes: m.minutes,
  minutedAt: m.minutedAt ? m.minutedAt.toISOString() : null,
  invitees: m.invitees.map((i) => ({
    departmentId: i.departmentId,
    taskId: i.taskId,
    confirmedAt: i.confirmedAt ? i.confirmedAt.toISOString() : null,
    commitment: i.commitment,
    supervisionOrderId: i.supervisionOrderId,
  })),
});

type ProjectScope = { agentId: string | null; servicePointId: string | null; leadDepartmentId: string | null } | null;

/** Departments see the meetings they are invited to or lead; others those of the projects they see. */
function canSee(p: Principal, m: Pick<MeetingRow, 'invitees'>, project: ProjectScope): boolean {
  if (p.role === 'department') return project?.leadDepartmentId === p.departmentId || m.invitees.some((i) => i.departmentId === p.departmentId);
  return project !== null && canSeeProject(p, project);
}

/** Convening and minutes: the efficiency office, or the project's lead department. */
const mayChair = (p: Principal, project: ProjectScope) => p.role === 'supervisor' || (project !== null && project.leadDepartmentId === p.departmentId);

export function jointMeetingsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();
  const projectScope = (projectId: string) => db.project.findUnique({ where: { id: projectId }, select: { agentId: true, servicePointId: true, leadDepartmentId: true } });

  async function loadVisible(p: Principal, id: string) {
    const row = await db.jointMeeting.findUnique({ where: { id }, include });
    const project = row ? await projectScope(row.projectId) : null;
    if (!row || !canSee(p, row, project)) throw ProblemError.notFound(`联席会议 ${id} 不存在`);
    return { row, project };
  }

  r.post('/api/v1/projects/:projectId/joint-meetings', async (req, res) => {
    const { path, body } = validated(req, 'scheduleJointMeeting');
    const p = principalOf(req);
    const project = await db.project.findUnique({ where: { id: await resolveProjectRef(db, path.projectId) }, select: { id: true, status: true, agentId: true, servicePointId: true, leadDepartmentId: true } });
    if (!project || !mayChair(p, project)) throw ProblemError.notFound(`项目 ${path.projectId} 不存在`);
    if (body.meetingDate < shanghaiDateOf(Date.now())) throw ProblemError.ruleViolated('/meetingDate', '会议日期不能早于今天');
    if (project.status !== 'in_review') throw ProblemError.conflict('project_closed', '项目已集中回复或已撤回，不能召集联席会议');
    const open = await db.task.findMany({ where: { projectId: project.id, status: { in: [...OPEN_TASK_STATUSES] } }, select: { id: true, departmentId: true }, orderBy: { id: 'asc' } });
    if (open.length === 0) throw ProblemError.conflict('illegal_transition', '项目没有在办任务，无需召集联席会议');
    const invitees = [...new Map(open.reverse().map((t) => [t.departmentId, { departmentId: t.departmentId, taskId: t.id }])).values()].sort((a, b) => a.departmentId.localeCompare(b.departmentId));
    const id = await allocateSupervisionCode(db, 'LX', Date.now());
    await db.$transaction(
      conveneWrites(db, {
        id,
        projectId: project.id,
        kind: body.kind as MeetingKind,
        trigger: 'manual',
        agenda: body.agenda,
        meetingDate: body.meetingDate,
        convenedBy: actorOf(p),
        convenedAt: Date.now(),
        invitees,
        audience: project,
      }),
    );
    respond(res, 'scheduleJointMeeting', 201, toApiMeeting(await db.jointMeeting.findUniqueOrThrow({ where: { id }, include })));
  });

  r.get('/api/v1/projects/:projectId/joint-meetings', async (req, res) => {
    const { path } = validated(req, 'listJointMeetings');
    const p = principalOf(req);
    const projectId = await resolveProjectRef(db, path.projectId);
    const [rows, project] = await Promise.all([
      db.jointMeeting.findMany({ where: { projectId }, include, orderBy: [{ convenedAt: 'desc' }, { id: 'desc' }] }),
      projectScope(projectId),
    ]);
    respond(res, 'listJointMeetings', 200, { items: rows.filter((m) => canSee(p, m, project)).map(toApiMeeting) });
  });

  r.get('/api/v1/joint-meetings/:meetingId', async (req, res) => {
    const { path } = validated(req, 'getJointMeeting');
    respond(res, 'getJointMeeting', 200, toApiMeeting((await loadVisible(principalOf(req), path.meetingId)).row));
  });

  r.post('/api/v1/joint-meetings/:meetingId/confirmation', async (req, res) => {
    const { path } = validated(req, 'confirmJointMeeting');
    const p = principalOf(req);
    const { row, project } = await loadVisible(p, path.meetingId);
    const own = row.invitees.find((i) => i.departmentId === p.departmentId);
    if (!own) throw ProblemError.notFound(`联席会议 ${row.id} 不存在`);
    const now = Date.now();
    // Guarded: only the first confirmation changes the row and writes the event.
    const claimed = await db.jointMeetingInvitee.updateMany({ where: { meetingId: row.id, departmentId: own.departmentId, confirmedAt: null }, data: { confirmedAt: new Date(now), confirmedBy: actorOf(p) as unknown as object } });
    if (claimed.count === 1) {
      await db.event.create({
        data: eventRow(
          {
            id: randomUUID(),
            type: 'joint_meeting.confirmed',
            projectId: row.projectId,
            taskId: own.taskId,
            departmentId: own.departmentId,
            actor: actorOf(p),
            payload: { meetingId: row.id, meetingDate: row.meetingDate, message: `确认参加${MEETING_KIND_LABEL[row.kind as MeetingKind]}（${row.meetingDate}）` },
            occurredAt: now,
          },
          project ?? undefined,
        ),
      });
    }
    respond(res, 'confirmJointMeeting', 200, toApiMeeting(await db.jointMeeting.findUniqueOrThrow({ where: { id: row.id }, include })));
  });

  r.post('/api/v1/joint-meetings/:meetingId/minutes', async (req, res) => {
    const { path, body } = validated(req, 'recordMeetingMinutes');
    const p = principalOf(req);
    const { row, project } = await loadVisible(p, path.meetingId).catch(() => ({ row: undefined, project: null }));
    if (!row || !mayChair(p, project)) throw ProblemError.notFound(`联席会议 ${path.meetingId} 不存在`);
    const tasks = await db.task.findMany({
      where: { id: { in: row.invitees.map((i) => i.taskId) } },
      select: { id: true, status: true, projectId: true, departmentId: true, project: { select: { code: true, name: true } }, item: { select: { name: true } } },
    });
    if (row.status === 'minuted') {
      // Minutes interrupted half-way (an order failed to start) are finished by asking again: the
      // commitments recorded with the claim are issued, the request body is not read again.
      if (!(await minutesIncomplete(row.id))) throw ProblemError.conflict('already_exists', '该会议已记录纪要');
      await issueCommitments(p, row, tasks);
      respond(res, 'recordMeetingMinutes', 200, toApiMeeting(await db.jointMeeting.findUniqueOrThrow({ where: { id: row.id }, include })));
      return;
    }
    const seen = new Set<string>();
    const wrong = body.commitments.flatMap((c, i) => {
      const invitee = row.invitees.find((x) => x.departmentId === c.departmentId);
      const task = invitee && tasks.find((t) => t.id === invitee.taskId);
      const pointer = `/commitments/${i}/departmentId`;
      if (seen.has(c.departmentId)) return [{ in: 'body' as const, pointer, message: `部门 ${c.departmentId} 重复` }];
      seen.add(c.departmentId);
      if (!task) return [{ in: 'body' as const, pointer, message: `部门 ${c.departmentId} 不是本次会议的受邀部门` }];
      if (!isOpenTask(task.status as TaskStatus)) return [{ in: 'body' as const, pointer, message: `部门 ${c.departmentId} 的任务已办结，无需承诺` }];
      return [];
    });
    // Well-formed but against the meeting's facts (not invited, listed twice, task already concluded): a 422, not a 400.
    if (wrong.length > 0) throw ProblemError.rulesViolated('承诺部门不正确', wrong);
    const now = Date.now();
    // Claim the minutes and record every commitment in one transaction, so a second request cannot
    // issue a second set of orders and an interrupted one leaves what is still to be issued.
    const claimed = await db.$transaction(async (tx) => {
      const c = await tx.jointMeeting.updateMany({ where: { id: row.id, status: 'scheduled' }, data: { status: 'minuted', minutes: body.minutes, minutedAt: new Date(now), minutedBy: actorOf(p) as unknown as object } });
      if (c.count === 0) return false;
      for (const x of body.commitments) {
        await tx.jointMeetingInvitee.update({ where: { id: `${row.id}.${x.departmentId}` }, data: { commitment: x.commitment, commitmentWorkingDays: x.workingDays } });
      }
      return true;
    });
    if (!claimed) throw ProblemError.conflict('already_exists', '该会议已记录纪要');
    await issueCommitments(p, row, tasks);
    respond(res, 'recordMeetingMinutes', 200, toApiMeeting(await db.jointMeeting.findUniqueOrThrow({ where: { id: row.id }, include })));
  });

  /** A commitment whose 督办 order was never reserved, or reserved but not (yet) in the read model. */
  async function minutesIncomplete(meetingId: string): Promise<boolean> {
    const committed = await db.jointMeetingInvitee.findMany({ where: { meetingId, commitment: { not: null } }, select: { supervisionOrderId: true } });
    const ids = committed.map((i) => i.supervisionOrderId).filter((id): id is string => id !== null);
    return ids.length < committed.length || (await db.supervisionOrder.count({ where: { id: { in: ids } } })) < ids.length;
  }

  /**
   * Issues the 督办 order of every recorded commitment that has none yet: the order id is reserved
   * on the invitee first (guarded, so two retries agree on one id), then the order is started under
   * that id, which a repeat only awaits. The `joint_meeting.minuted` event has the meeting's own id.
   */
  async function issueCommitments(p: Principal, row: MeetingRow, tasks: Parameters<typeof issueSupervisionOrder>[2][]): Promise<void> {
    const committed = await db.jointMeetingInvitee.findMany({ where: { meetingId: row.id, commitment: { not: null } }, orderBy: { departmentId: 'asc' } });
    const label = MEETING_KIND_LABEL[row.kind as MeetingKind];
    for (const invitee of committed) {
      let orderId = invitee.supervisionOrderId;
      if (orderId && (await db.supervisionOrder.findUnique({ where: { id: orderId }, select: { id: true } }))) continue;
      if (!orderId) {
        const candidate = await allocateSupervisionCode(db, 'DB', Date.now());
        await db.jointMeetingInvitee.updateMany({ where: { id: invitee.id, supervisionOrderId: null }, data: { supervisionOrderId: candidate } });
        orderId = (await db.jointMeetingInvitee.findUniqueOrThrow({ where: { id: invitee.id }, select: { supervisionOrderId: true } })).supervisionOrderId!;
      }
      const task = tasks.find((t) => t.id === invitee.taskId)!;
      // Minutes recorded before commitments kept their limit: 5 working days, the default of a 督办.
      await issueSupervisionOrder(deps, p, task, `【${label}承诺】${invitee.commitment}`, invitee.commitmentWorkingDays ?? 5, orderId);
    }
    const eventId = `${row.id}.minuted`;
    if (await db.event.findUnique({ where: { id: eventId }, select: { seq: true } })) return;
    const project = await projectScope(row.projectId);
    await db.event.create({
      data: eventRow(
        {
          id: eventId,
          type: 'joint_meeting.minuted',
          projectId: row.projectId,
          actor: actorOf(p),
          payload: { meetingId: row.id, commitments: committed.map((c) => c.departmentId), message: `${label}形成纪要，${committed.length} 个部门作出承诺` },
          occurredAt: Date.now(),
        },
        project ?? undefined,
      ),
    }).catch(async (err: unknown) => {
      // A concurrent retry wrote it first.
      if (!(await db.event.findUnique({ where: { id: eventId }, select: { seq: true } }))) throw err;
    });
  }

  return r;
}
