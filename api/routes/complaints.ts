/** Efficiency complaints (效能投诉): filing, the supervision ladder's human steps, feedback and 通报. */
import { Router } from 'express';
import { yellowPercentOf } from '../../lib/config';
import type { UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../../lib/auth/keys';
import { canSeeProject } from '../../lib/auth/scope';
import {
  assignComplaintUpdate,
  complaintFiledUpdate,
  complaintWorkflowId,
  explainComplaintUpdate,
  markComplaintForNoticeUpdate,
  recordComplaintFeedbackUpdate,
  resolveComplaintUpdate,
  type ComplaintState,
  type ComplaintWorkflowInput,
} from '../../workflows/complaint/contracts';
import type { complaintWorkflow } from '../../workflows';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { completeIdempotencyKey, reserveIdempotencyKey } from '../http/idempotency';
import { respond, validated } from '../http/validation';
import { toApiComplaint } from '../supervision-mappers';
import { engineProblem, isWorkflowNotFound, temporalProblem } from '../temporal-errors';
import { allocateSupervisionCode } from './supervision-codes';
import { keysetPage, newestFirst, orderByOf, within } from './keyset';
import type { Prisma } from '../../lib/db/client';

/**
 * Who sees which complaints: supervision all; a department those assigned to it (never those
 * merely filed against it, so the complainant is protected until supervision hands the case
 * over); a window key or an agent those it filed.
 */
function visibleWhere(p: Principal): Record<string, unknown> {
  if (p.role === 'department') return { unitId: p.departmentId ?? '—' };
  if (p.role === 'window') return { filedByKeyId: p.keyId };
  if (p.role === 'agent') return { filedByAgentId: p.agentId ?? '—' };
  return {};
}
const seesContact = (p: Principal) => p.role === 'supervisor' || p.role === 'admin';

/**
 * Starts a complaint's workflow and returns once its filing is in the read model. Staff filing and
 * the public portal (api/routes/public-complaints.ts) both enter the same supervision ladder here.
 */
export async function startComplaint(
  { temporal, config }: Pick<ApiDeps, 'temporal' | 'config'>,
  filing: Omit<ComplaintWorkflowInput, 'settings'>,
): Promise<void> {
  const input: ComplaintWorkflowInput = {
    ...filing,
    settings: {
      explanationDays: config.COMPLAINT_EXPLANATION_WORKING_DAYS,
      escalationDays: config.COMPLAINT_ESCALATION_WORKING_DAYS,
      followUpDays: config.COMPLAINT_FOLLOW_UP_WORKING_DAYS,
      yellowPercent: yellowPercentOf(config.YELLOW_RATIO),
    },
  };
  try {
    // USE_EXISTING: a retried request with the same key joins the running workflow.
    const handle = await temporal.workflow.start<typeof complaintWorkflow>('complaintWorkflow', {
      workflowId: complaintWorkflowId(input.complaintId),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await handle.executeUpdate(complaintFiledUpdate);
  } catch (err) {
    throw engineProblem(err, '投诉流程');
  }
}

export function complaintsRouter({ db, temporal, config }: ApiDeps): Router {
  const r = Router();

  const departmentNames = async () => new Map((await db.department.findMany({ select: { id: true, shortName: true } })).map((d) => [d.id, d.shortName]));

  /** Object-level authorisation: an invisible complaint is reported as missing, never as forbidden. */
  async function loadComplaint(p: Principal, id: string) {
    const row = await db.complaint.findFirst({ where: { id, ...visibleWhere(p) } });
    if (!row) throw ProblemError.notFound(`投诉 ${id} 不存在`);
    return row;
  }

  async function view(p: Principal, id: string) {
    return toApiComplaint(await loadComplaint(p, id), await departmentNames(), seesContact(p));
  }

  /** Runs a ladder update; the read model holds its write when this returns. */
  async function act<A>(p: Principal, id: string, update: UpdateDefinition<ComplaintState, [A]>, args: A): Promise<void> {
    await loadComplaint(p, id);
    try {
      await temporal.workflow.getHandle(complaintWorkflowId(id)).executeUpdate(update, { args: [args] });
    } catch (err) {
      if (!isWorkflowNotFound(err)) throw temporalProblem(err, '投诉流程');
      // The workflow ends when the follow-up window closes; later updates find it gone.
      const now = await db.complaint.findUniqueOrThrow({ where: { id }, select: { status: true } });
      if (now.status === 'closed') throw ProblemError.conflict('complaint_closed', '投诉回访期已结束，投诉已关闭');
      throw engineProblem(err, '投诉流程');
    }
  }

  /** A complaint may name a project and a task; the filer must be able to see them, and the task must be the department's. */
  async function references(p: Principal, body: { departmentId: string; projectId?: string; taskId?: string }) {
    if (!(await db.department.findUnique({ where: { id: body.departmentId } }))) throw ProblemError.unknownReference('/departmentId', `部门 ${body.departmentId} 不存在`);
    let projectId = body.projectId;
    if (body.taskId) {
      const task = await db.task.findUnique({
        where: { id: body.taskId },
        select: { projectId: true, departmentId: true, project: { select: { agentId: true, servicePointId: true } } },
      });
      if (!task || !canSeeProject(p, task.project)) throw ProblemError.unknownReference('/taskId', `审批任务 ${body.taskId} 不存在`);
      if (task.departmentId !== body.departmentId) throw ProblemError.ruleViolated('/taskId', '该审批任务不属于被投诉部门');
      if (projectId && projectId !== task.projectId) throw ProblemError.ruleViolated('/projectId', '审批任务不属于该项目');
      projectId = task.projectId;
    } else if (projectId) {
      const project = await db.project.findUnique({ where: { id: projectId }, select: { agentId: true, servicePointId: true } });
      if (!project || !canSeeProject(p, project)) throw ProblemError.unknownReference('/projectId', `项目 ${projectId} 不存在`);
    }
    return { projectId, taskId: body.taskId };
  }

  /** Optional Idempotency-Key: reserve the key with a fresh code first, so a retry joins the same complaint. */
  async function reserveCode(p: Principal, key: string | undefined, body: unknown): Promise<{ id: string; replay: boolean }> {
    const allocate = async () => ({ reserved: { id: await allocateSupervisionCode(db, 'TS', Date.now()) } });
    if (!key) return { id: (await allocate()).reserved.id, replay: false };
    const { reserved, replay } = await reserveIdempotencyKey(db, { principalId: p.keyId, key, operation: 'fileComplaint', body, allocate });
    return { id: reserved.id, replay };
  }

  r.post('/api/v1/complaints', async (req, res) => {
    const { body, headers } = validated(req, 'fileComplaint');
    const p = principalOf(req);
    const refs = await references(p, body);
    const key = headers['Idempotency-Key'];
    const { id, replay } = await reserveCode(p, key, body);
    res.setHeader('Location', `/api/v1/complaints/${id}`);
    if (replay) {
      res.setHeader('Idempotent-Replayed', 'true');
      return respond(res, 'fileComplaint', 201, await view(p, id));
    }
    await startComplaint({ temporal, config }, {
      complaintId: id,
      departmentId: body.departmentId,
      projectId: refs.projectId,
      taskId: refs.taskId,
      category: body.category,
      description: body.description,
      complainant: body.complainant,
      filedBy: actorOf(p),
    });
    if (key) {
      await completeIdempotencyKey(db, p.keyId, key, 201, { id });
    }
    respond(res, 'fileComplaint', 201, await view(p, id));
  });

  r.get('/api/v1/complaints', async (req, res) => {
    const { query } = validated(req, 'listComplaints');
    const p = principalOf(req);
    const scoped = p.role === 'department';
    const where: Prisma.ComplaintWhereInput = {
      ...(query.status ? { status: { in: query.status } } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(!scoped && query.departmentId ? { departmentId: query.departmentId } : {}),
      ...(!scoped && query.unitId ? { unitId: query.unitId } : {}),
      ...visibleWhere(p),
    };
    const key = newestFirst('filedAt');
    const { items, nextCursor } = await keysetPage(db, key, query, {
      fetch: (range, take) => db.complaint.findMany({ where: within(where, range), orderBy: orderByOf<Prisma.ComplaintOrderByWithRelationInput>(key), take }),
      legacy: (id) => db.complaint.findUnique({ where: { id }, select: { filedAt: true, id: true } }),
    });
    const names = await departmentNames();
    respond(res, 'listComplaints', 200, { items: items.map((c) => toApiComplaint(c, names, seesContact(p))), nextCursor });
  });

  r.get('/api/v1/complaints/:complaintId', async (req, res) => {
    const { path } = validated(req, 'getComplaint');
    respond(res, 'getComplaint', 200, await view(principalOf(req), path.complaintId));
  });

  r.post('/api/v1/complaints/:complaintId/assignment', async (req, res) => {
    const { path, body } = validated(req, 'assignComplaint');
    const p = principalOf(req);
    if (!(await db.department.findUnique({ where: { id: body.unitId } }))) throw ProblemError.unknownReference('/unitId', `部门 ${body.unitId} 不存在`);
    await act(p, path.complaintId, assignComplaintUpdate, { actor: actorOf(p), unitId: body.unitId, workingDays: body.workingDays, note: body.note });
    respond(res, 'assignComplaint', 200, await view(p, path.complaintId));
  });

  r.post('/api/v1/complaints/:complaintId/explanation', async (req, res) => {
    const { path, body } = validated(req, 'explainComplaint');
    const p = principalOf(req);
    await act(p, path.complaintId, explainComplaintUpdate, { actor: actorOf(p), explanation: body.explanation });
    respond(res, 'explainComplaint', 200, await view(p, path.complaintId));
  });

  r.post('/api/v1/complaints/:complaintId/resolution', async (req, res) => {
    const { path, body } = validated(req, 'resolveComplaint');
    const p = principalOf(req);
    await act(p, path.complaintId, resolveComplaintUpdate, { actor: actorOf(p), finding: body.finding, detail: body.detail, action: body.action });
    respond(res, 'resolveComplaint', 200, await view(p, path.complaintId));
  });

  r.put('/api/v1/complaints/:complaintId/feedback', async (req, res) => {
    const { path, body } = validated(req, 'recordComplaintFeedback');
    const p = principalOf(req);
    await act(p, path.complaintId, recordComplaintFeedbackUpdate, { actor: actorOf(p), rating: body.rating, comment: body.comment });
    respond(res, 'recordComplaintFeedback', 200, await view(p, path.complaintId));
  });

  r.post('/api/v1/complaints/:complaintId/notice', async (req, res) => {
    const { path, body } = validated(req, 'markComplaintForNotice');
    const p = principalOf(req);
    await act(p, path.complaintId, markComplaintForNoticeUpdate, { actor: actorOf(p), reason: body.reason });
    respond(res, 'markComplaintForNotice', 200, await view(p, path.complaintId));
  });

  return r;
}
