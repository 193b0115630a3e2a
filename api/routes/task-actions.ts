/**
 * Loading a task under object scope and running a guarded task update: shared by the task routes
 * (./tasks.ts) and the task-scoped intermediary routes (./intermediaries.ts).
 */
import type { Request, Response } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../../lib/auth/keys';
import { canSeeTask } from '../../lib/auth/scope';
import type { Actor } from '../../workflows/shared';
import { taskWorkflowId, type TaskState } from '../../workflows/task/contracts';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { assertIfMatch, formatETag, respond } from '../http/validation';
import { taskInclude, toApiTask } from '../mappers';
import { temporalProblem } from '../temporal-errors';

export type TaskOperation =
  | 'getTask'
  | 'acceptTask'
  | 'requestSupplement'
  | 'decideTask'
  | 'reassignTask'
  | 'requestDeadlineExtension'
  | 'decideDeadlineExtension'
  | 'startExcludedPeriod'
  | 'endExcludedPeriod';

/** Object-level authorisation: a foreign task is reported as missing, never as forbidden. */
export async function loadScopedTask(db: ApiDeps['db'], principal: Principal, taskId: string) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    include: { ...taskInclude, project: { select: { code: true, name: true, nationalCode: true, agentId: true, servicePointId: true } } },
  });
  if (!task || !canSeeTask(principal, task)) throw ProblemError.notFound(`审批任务 ${taskId} 不存在`);
  return task;
}

export async function sendTask(db: ApiDeps['db'], res: Response, principal: Principal, taskId: string, op: TaskOperation) {
  const task = toApiTask(await loadScopedTask(db, principal, taskId));
  res.setHeader('ETag', formatETag(task.version));
  respond(res, op, 200, task);
}

/**
 * Runs a guarded task update: If-Match checked against the read model, then enforced by the
 * workflow, which also stamps a deputy's actions during a delegation (职位代理).
 */
export async function actOnTask<A extends { expectedVersion: number; actor: Actor }>(
  { db, temporal }: Pick<ApiDeps, 'db' | 'temporal'>,
  req: Request,
  taskId: string,
  ifMatch: string,
  update: UpdateDefinition<TaskState, [A]>,
  args: Omit<A, 'expectedVersion' | 'actor'> | ((principal: Principal) => Omit<A, 'expectedVersion' | 'actor'>),
): Promise<TaskState> {
  const principal = principalOf(req);
  const task = await loadScopedTask(db, principal, taskId);
  assertIfMatch(ifMatch, task.version);
  // A function refines the role rule once the object and its version are known (e.g. who may approve).
  const fields = typeof args === 'function' ? args(principal) : args;
  if (task.status === 'waiting' || task.status === 'not_started') {
    throw ProblemError.conflict('prerequisites_pending', '前置事项尚未办结，该任务未启动');
  }
  try {
    return await temporal.workflow.getHandle(taskWorkflowId(taskId)).executeUpdate(update, {
      args: [{ ...fields, expectedVersion: task.version, actor: actorOf(principal) } as A],
    });
  } catch (err) {
    throw temporalProblem(err, '审批任务');
  }
}
