/** 会签 countersigns (issue #13): the lead department starts one on a project, named departments sign or decline. */
import { Router } from 'express';
import { yellowPercentOf } from '../../lib/config';
import type { Principal } from '../../lib/auth/keys';
import { canSeeProject } from '../../lib/auth/scope';
import { actorLabel } from '../../lib/actors';
import { countersignStartedUpdate, countersignWorkflowId, signCountersignUpdate, type CountersignInput } from '../../workflows/countersign/contracts';
import type { countersignWorkflow } from '../../workflows';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { isWorkflowNotFound, temporalProblem } from '../temporal-errors';
import { allocateSupervisionCode } from './supervision-codes';
import { resolveProjectRef } from './project-code';

type ApiCountersign = components['schemas']['Countersign'];

const include = { signatures: { orderBy: { departmentId: 'asc' as const } } };

interface CountersignRow {
  id: string;
  projectId: string;
  leadDepartmentId: string;
  title: string;
  draft: string;
  workingDays: number;
  startedAt: Date;
  startedBy: unknown;
  dueDate: string;
  reminderDate: string;
  provisional: boolean;
  status: string;
  completedAt: Date | null;
  signatures: { departmentId: string; status: string; opinion: string | null; reasons: unknown; declines: number; actedAt: Date | null; actedBy: unknown }[];
}

export const toApiCountersign = (c: CountersignRow): ApiCountersign => ({
  id: c.id,
  projectId: c.projectId,
  leadDepartmentId: c.leadDepartmentId,
  title: c.title,
  draft: c.draft,
  workingDays: c.workingDays,
  startedAt: c.startedAt.toISOString(),
  startedBy: actorLabel(c.startedBy),
  dueDate: c.dueDate,
  reminderDate: c.reminderDate,
  provisional: c.provisional,
  status: c.status as ApiCountersign['status'],
  completedAt: c.completedAt ? c.completedAt.toISOString() : null,
  signatures: c.signatures.map((s) => ({
    departmentId: s.departmentId,
    status: s.status as ApiCountersign['signatures'][number]['status'],
    opinion: s.opinion,
    reasons: (s.reasons ?? []) as string[],
    declines: s.declines,
    actedAt: s.actedAt ? s.actedAt.toISOString() : null,
    actedBy: s.actedBy ? actorLabel(s.actedBy) : null,
  })),
});

/** Departments see the countersigns they lead or sign; others those of the projects they see. */
function canSee(p: Principal, c: Pick<CountersignRow, 'leadDepartmentId' | 'signatures'>, project: { agentId: string | null; servicePointId: string | null } | null): boolean {
  if (p.role === 'department') return c.leadDepartmentId === p.departmentId || c.signatures.some((s) => s.departmentId === p.departmentId);
  return project !== null && canSeeProject(p, project);
}

export function countersignsRouter({ db, temporal, config }: ApiDeps): Router {
  const r = Router();

  const projectScope = (projectId: string) => db.project.findUnique({ where: { id: projectId }, select: { agentId: true, servicePointId: true } });

  async function loadVisible(p: Principal, id: string) {
    const row = await db.countersign.findUnique({ where: { id }, include });
    if (!row || !canSee(p, row, await projectScope(row.projectId))) throw ProblemError.notFound(`会签 ${id} 不存在`);
    return row;
  }

  r.post('/api/v1/projects/:projectId/countersigns', async (req, res) => {
    const { path, body } = validated(req, 'startCountersign');
    const p = principalOf(req);
    const project = await db.project.findUnique({
      where: { id: await resolveProjectRef(db, path.projectId) },
      select: { id: true, code: true, name: true, status: true, leadDepartmentId: true, tasks: { select: { departmentId: true } } },
    });
    // Only the lead department starts one; to any other department the project does not exist.
    if (!project || !project.leadDepartmentId || project.leadDepartmentId !== p.departmentId) throw ProblemError.notFound(`项目 ${path.projectId} 不存在`);
    if (project.status !== 'in_review') throw ProblemError.conflict('project_closed', '项目已集中回复或已撤回，不能发起会签');
    const involved = new Set(project.tasks.map((t) => t.departmentId));
    const wrong = body.departmentIds.flatMap((d, i) =>
      d === project.leadDepartmentId
        ? [{ in: 'body' as const, pointer: `/departmentIds/${i}`, message: '牵头部门起草联合意见，不必自己会签' }]
        : involved.has(d)
          ? []
          : [{ in: 'body' as const, pointer: `/departmentIds/${i}`, message: `部门 ${d} 在本项目没有审批任务` }],
    );
    if (wrong.length > 0) throw ProblemError.validation('会签部门不正确', wrong);
    // Guard against a double submission: one open countersign per title and project.
    const twin = await db.countersign.findFirst({ where: { projectId: project.id, title: body.title, status: { not: 'completed' } }, select: { id: true } });
    if (twin) throw ProblemError.conflict('already_exists', `本项目已有同名且未完成的会签（${twin.id}）`);

    const countersignId = await allocateSupervisionCode(db, 'HQ', Date.now());
    const input: CountersignInput = {
      countersignId,
      projectId: project.id,
      subject: `${project.name}（${project.code}）`,
      leadDepartmentId: project.leadDepartmentId,
      departmentIds: body.departmentIds,
      title: body.title,
      draft: body.draft,
      workingDays: body.workingDays,
      startedBy: actorOf(p),
      yellowPercent: yellowPercentOf(config.YELLOW_RATIO),
    };
    try {
      const handle = await temporal.workflow.start<typeof countersignWorkflow>('countersignWorkflow', {
        workflowId: countersignWorkflowId(countersignId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
      });
      await handle.executeUpdate(countersignStartedUpdate);
    } catch (err) {
      throw temporalProblem(err, '会签流程');
    }
    respond(res, 'startCountersign', 201, toApiCountersign(await db.countersign.findUniqueOrThrow({ where: { id: countersignId }, include })));
  });

  r.get('/api/v1/projects/:projectId/countersigns', async (req, res) => {
    const { path } = validated(req, 'listCountersigns');
    const p = principalOf(req);
    const projectId = await resolveProjectRef(db, path.projectId);
    const [rows, project] = await Promise.all([
      db.countersign.findMany({ where: { projectId }, include, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] }),
      projectScope(projectId),
    ]);
    respond(res, 'listCountersigns', 200, { items: rows.filter((c) => canSee(p, c, project)).map(toApiCountersign) });
  });

  r.get('/api/v1/countersigns/:countersignId', async (req, res) => {
    const { path } = validated(req, 'getCountersign');
    respond(res, 'getCountersign', 200, toApiCountersign(await loadVisible(principalOf(req), path.countersignId)));
  });

  r.post('/api/v1/countersigns/:countersignId/signature', async (req, res) => {
    const { path, body } = validated(req, 'signCountersign');
    const p = principalOf(req);
    const row = await loadVisible(p, path.countersignId);
    if (body.decision === 'decline' && !body.reasons) throw ProblemError.validation('不同意签署时请填写理由', [{ in: 'body', pointer: '/reasons', message: '请填写不同意的理由' }]);
    if (body.decision === 'sign' && body.reasons) throw ProblemError.validation('签署时不填理由', [{ in: 'body', pointer: '/reasons', message: '理由只在不同意时填写，签署意见请填在 opinion' }]);
    if (body.decision === 'decline' && body.opinion) throw ProblemError.validation('不同意时不填签署意见', [{ in: 'body', pointer: '/opinion', message: '不同意时请把理由填在 reasons' }]);
    const own = row.signatures.find((s) => s.departmentId === p.departmentId);
    if (!own) throw ProblemError.conflict('illegal_transition', '本部门是牵头部门，不在会签部门之列');
    try {
      await temporal.workflow.getHandle(countersignWorkflowId(row.id)).executeUpdate(signCountersignUpdate, {
        args: [{ actor: actorOf(p), departmentId: own.departmentId, decision: body.decision, opinion: body.opinion, reasons: body.reasons }],
      });
    } catch (err) {
      // The workflow ends with the last signature; a later one finds it gone.
      if (isWorkflowNotFound(err) && row.status === 'completed') throw ProblemError.conflict('already_signed', '该会签已全部签署完成');
      throw temporalProblem(err, '会签流程');
    }
    respond(res, 'signCountersign', 200, toApiCountersign(await db.countersign.findUniqueOrThrow({ where: { id: row.id }, include })));
  });

  return r;
}
