/** Department operations on approval tasks: queue, read, accept, notice, decide, delegate. */
import { Router, type Request, type Response } from 'express';
import type { Principal } from '../../lib/auth/keys';
import { canSeeTask, taskWhere } from '../../lib/auth/scope';
import type { Actor } from '../../workflows/shared';
import {
  acceptTaskUpdate,
  decideTaskUpdate,
  reassignTaskUpdate,
  requestSupplementUpdate,
  taskWorkflowId,
  type TaskState,
} from '../../workflows/task/contracts';
import type { UpdateDefinition } from '@temporalio/common';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { assertIfMatch, formatETag, respond, validated } from '../http/validation';
import { taskInclude, toApiTask } from '../mappers';
import { temporalProblem } from '../temporal-errors';
import { decodeCursor, page } from './util';

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

  async function sendTask(res: Response, principal: Principal, taskId: string, op: 'getTask' | 'acceptTask' | 'requestSupplement' | 'decideTask' | 'reassignTask') {
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
    args: Omit<A, 'expectedVersion' | 'actor'>,
  ): Promise<void> {
    const principal = principalOf(req);
    const task = await loadTask(principal, taskId);
    assertIfMatch(ifMatch, task.version);
    if (task.status === 'waiting' || task.status === 'not_started') {
      throw ProblemError.conflict('prerequisites_pending', '前置事项尚未办结，该任务未启动');
    }
    try {
      await temporal.workflow.getHandle(taskWorkflowId(taskId)).executeUpdate(update, {
        args: [{ ...args, expectedVersion: task.version, actor: actorOf(principal) } as A],
      });
    } catch (err) {
      throw temporalProblem(err, '审批任务');
    }
  }

  r.get('/api/v1/tasks', async (req, res) => {
    const { query } = validated(req, 'listTasks');
    const principal = principalOf(req);
    const limit = query.limit ?? 20;
    const after = decodeCursor(query.cursor ?? undefined);
    if (principal.role === 'department' && query.departmentId && query.departmentId !== principal.departmentId) {
      throw ProblemError.forbidden('部门密钥只能查询本部门的审批任务');
    }
    const rows = await db.task.findMany({
      where: {
        ...(query.departmentId ? { departmentId: query.departmentId } : {}),
        ...(query.projectId ? { projectId: query.projectId } : {}),
        ...(query.status ? { status: { in: query.status } } : {}),
        ...(query.light ? { light: { in: query.light } } : {}),
        ...(query.dueBefore ? { promisedDueDate: { lte: query.dueBefore } } : {}),
        // Last, so the caller's own scope always wins over a filter it asked for.
        ...taskWhere(principal),
      },
      // Green-channel projects first (绿色通道优先), then oldest received.
      orderBy: [{ greenChannel: 'desc' }, { receivedAt: 'asc' }, { id: 'asc' }],
      take: limit + 1,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
      include: taskInclude,
    });
    const { items, nextCursor } = page(rows, limit);
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

  return r;
}
