/** Department operations on approval tasks: queue, read, accept, notice, decide, delegate. */
import { Router, type Request, type Response } from 'express';
import type { Principal } from '../../lib/auth/keys';
import { canSeeTask, taskWhere } from '../../lib/auth/scope';
import type { Actor } from '../../workflows/shared';
import {
  acceptTaskUpdate,
  decideDeadlineExtensionUpdate,
  decideTaskUpdate,
  endExcludedPeriodUpdate,
  reassignTaskUpdate,
  requestDeadlineExtensionUpdate,
  startExcludedPeriodUpdate,
  requestSupplementUpdate,
  taskWorkflowId,
  type ExtensionApprover,
  type TaskState,
} from '../../workflows/task/contracts';
import type { UpdateDefinition } from '@temporalio/common';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { assertIfMatch, formatETag, respond, validated } from '../http/validation';
import { taskInclude, toApiTask } from '../mappers';
import { temporalProblem } from '../temporal-errors';
import type { Prisma } from '../../lib/db/client';
import { keysetPage, orderByOf, within, type KeyColumn } from './keyset';

/** listTasks order: green-channel projects first (绿色通道优先), then oldest received, then id. */
const TASK_KEY: KeyColumn[] = [
  { field: 'greenChannel', dir: 'desc', type: 'boolean' },
  { field: 'receivedAt', dir: 'asc', type: 'date', nullable: true },
  { field: 'id', dir: 'asc', type: 'string' },
];

type TaskOperation = 'getTask' | 'acceptTask' | 'requestSupplement' | 'decideTask' | 'reassignTask' | 'requestDeadlineExtension' | 'decideDeadlineExtension' | 'startExcludedPeriod' | 'endExcludedPeriod';

/**
 * Art. 42 wants the licensing body's head (负责人) to approve an extension: a department head's
 * session, or the efficiency office. A department clerk or a department system key may not.
 */
function extensionApprover(principal: Principal): ExtensionApprover {
  if (principal.role === 'supervisor') return 'supervisor';
  if (principal.officer?.role === 'department_head') return 'department_head';
  throw ProblemError.forbidden('延期办结须经本部门负责人或效能办批准，部门经办人员与部门系统密钥不能审批');
}

export function tasksRouter({ db, temporal }: ApiDeps): Router {
  const r = Router();

  /** Object-level authorisation: a foreign task is reported as missing, never as forbidden. */
  async function loadTask(principal: Principal, taskId: string) {
    const task = await db.task.findUnique({
      where: { id: taskId },
      include: { ...taskInclude, project: { select: { code: true, name: true, agentId: true, servicePointId: true } } },
    });
    if (!task || !canSeeTask(principal, task)) throw ProblemError.notFound(`审批任务 ${taskId} 不存在`);
    return task;
  }

  async function sendTask(res: Response, principal: Principal, taskId: string, op: TaskOperation) {
    const task = toApiTask(await loadTask(principal, taskId));
    res.setHeader('ETag', formatETag(task.version));
    respond(res, op, 200, task);
  }

  /**
   * Runs a guarded task update: If-Match checked against the read model, then enforced by the
   * workflow, which also stamps a deputy's actions during a delegation (职位代理).
   */
  async function act<A extends { expectedVersion: number; actor: Actor }>(
    req: Request,
    taskId: string,
    ifMatch: string,
    update: UpdateDefinition<TaskState, [A]>,
    args: Omit<A, 'expectedVersion' | 'actor'> | ((principal: Principal) => Omit<A, 'expectedVersion' | 'actor'>),
  ): Promise<void> {
    const principal = principalOf(req);
    const task = await loadTask(principal, taskId);
    assertIfMatch(ifMatch, task.version);
    // A function refines the role rule once the object and its version are known (e.g. who may approve).
    const fields = typeof args === 'function' ? args(principal) : args;
    if (task.status === 'waiting' || task.status === 'not_started') {
      throw ProblemError.conflict('prerequisites_pending', '前置事项尚未办结，该任务未启动');
    }
    try {
      await temporal.workflow.getHandle(taskWorkflowId(taskId)).executeUpdate(update, {
        args: [{ ...fields, expectedVersion: task.version, actor: actorOf(principal) } as A],
      });
    } catch (err) {
      throw temporalProblem(err, '审批任务');
    }
  }

  r.get('/api/v1/tasks', async (req, res) => {
    const { query } = validated(req, 'listTasks');
    const principal = principalOf(req);
    if (principal.role === 'department' && query.departmentId && query.departmentId !== principal.departmentId) {
      throw ProblemError.forbidden('部门密钥只能查询本部门的审批任务');
    }
    const where: Prisma.TaskWhereInput = {
      ...(query.departmentId ? { departmentId: query.departmentId } : {}),
      ...(query.projectId ? { projectId: query.projectId } : {}),
      ...(query.status ? { status: { in: query.status } } : {}),
      ...(query.light ? { light: { in: query.light } } : {}),
      ...(query.dueBefore ? { promisedDueDate: { lte: query.dueBefore } } : {}),
      // Last, so the caller's own scope always wins over a filter it asked for.
      ...taskWhere(principal),
    };
    const { items, nextCursor } = await keysetPage(db, TASK_KEY, query, {
      fetch: (range, take) => db.task.findMany({ where: within(where, range), orderBy: orderByOf<Prisma.TaskOrderByWithRelationInput>(TASK_KEY), take, include: taskInclude }),
      legacy: (id) => db.task.findUnique({ where: { id }, select: { greenChannel: true, receivedAt: true, id: true } }),
    });
    respond(res, 'listTasks', 200, { items: items.map(toApiTask), nextCursor });
  });

  r.get('/api/v1/tasks/:taskId', async (req, res) => {
    const { path } = validated(req, 'getTask');
    await sendTask(res, principalOf(req), path.taskId, 'getTask');
  });

  r.post('/api/v1/tasks/:taskId/acceptance', async (req, res) => {
    const { path, headers, body } = validated(req, 'acceptTask');
    await act(req, path.taskId, headers['If-Match'], acceptTaskUpdate, { note: body?.note });
    await sendTask(res, principalOf(req), path.taskId, 'acceptTask');
  });

  r.post('/api/v1/tasks/:taskId/supplement-notice', async (req, res) => {
    const { path, headers, body } = validated(req, 'requestSupplement');
    await act(req, path.taskId, headers['If-Match'], requestSupplementUpdate, { items: body.items, note: body.note });
    await sendTask(res, principalOf(req), path.taskId, 'requestSupplement');
  });

  r.post('/api/v1/tasks/:taskId/decision', async (req, res) => {
    const { path, headers, body } = validated(req, 'decideTask');
    await act(req, path.taskId, headers['If-Match'], decideTaskUpdate, {
      decision: body.decision,
      reasons: body.reasons ?? [],
      permitNumber: 'permitNumber' in body ? body.permitNumber : undefined,
      conditions: 'conditions' in body ? body.conditions : [],
    });
    await sendTask(res, principalOf(req), path.taskId, 'decideTask');
  });

  r.post('/api/v1/tasks/:taskId/delegation', async (req, res) => {
    const { path, headers, body } = validated(req, 'reassignTask');
    await act(req, path.taskId, headers['If-Match'], reassignTaskUpdate, {
      delegateId: body.delegate.id,
      delegateName: body.delegate.name,
      until: body.until,
      reason: body.reason,
    });
    await sendTask(res, principalOf(req), path.taskId, 'reassignTask');
  });

  r.post('/api/v1/tasks/:taskId/deadline-extension', async (req, res) => {
    const { path, headers, body } = validated(req, 'requestDeadlineExtension');
    await act(req, path.taskId, headers['If-Match'], requestDeadlineExtensionUpdate, { days: body.days, reason: body.reason });
    await sendTask(res, principalOf(req), path.taskId, 'requestDeadlineExtension');
  });

  r.post('/api/v1/tasks/:taskId/deadline-extension/decision', async (req, res) => {
    const { path, headers, body } = validated(req, 'decideDeadlineExtension');
    // Object scope and version first, so a foreign task stays a 404 whoever asks.
    await act(req, path.taskId, headers['If-Match'], decideDeadlineExtensionUpdate, (principal) => ({
      approve: body.approve,
      note: body.note,
      approver: extensionApprover(principal),
    }));
    await sendTask(res, principalOf(req), path.taskId, 'decideDeadlineExtension');
  });

  r.post('/api/v1/tasks/:taskId/excluded-period', async (req, res) => {
    const { path, headers, body } = validated(req, 'startExcludedPeriod');
    await act(req, path.taskId, headers['If-Match'], startExcludedPeriodUpdate, { kind: body.kind, reason: body.reason, plannedDays: body.plannedDays });
    await sendTask(res, principalOf(req), path.taskId, 'startExcludedPeriod');
  });

  r.post('/api/v1/tasks/:taskId/excluded-period/end', async (req, res) => {
    const { path, headers, body } = validated(req, 'endExcludedPeriod');
    await act(req, path.taskId, headers['If-Match'], endExcludedPeriodUpdate, { note: body?.note });
    await sendTask(res, principalOf(req), path.taskId, 'endExcludedPeriod');
  });

  return r;
}
