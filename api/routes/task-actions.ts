/**
 * Loading a task under object scope and running a guarded task update: shared by the task routes
 * (./tasks.ts) and the task-scoped intermediary routes (./intermediaries.ts).
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Request, Response } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../../lib/auth/keys';
import { canSeeTask } from '../../lib/auth/scope';
import type { Actor } from '../../workflows/shared';
import { taskWorkflowId, type TaskState } from '../../workflows/task/contracts';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { assertIfMatch, formatETag, ifMatchIsExactly, respond } from '../http/validation';
import { taskInclude, toApiTask } from '../mappers';
import { isUpdateRefusedForNow, isWorkflowNotFound, temporalProblem } from '../temporal-errors';
import { isConcludedTask, type TaskStatus } from '../../domain/vocabulary';

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
 *
 * The read model can be one step ahead of the engine: an update's read-model write runs as a local
 * activity inside the workflow task, and when that task is lost (the worker killed before it
 * completed) Temporal aborts the update and the write stays. A client retrying its request then
 * holds the version before that write. So an If-Match exactly one behind the read model goes to the
 * workflow, whose own version check decides (412 for a client that is merely stale), under the
 * request's own update id (`requestUpdateId`): the retry writes the same events under the same ids,
 * and a request that did complete answers with its first outcome.
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
  const behind = ifMatchIsExactly(ifMatch, task.version - 1);
  if (!behind) assertIfMatch(ifMatch, task.version);
  const expectedVersion = behind ? task.version - 1 : task.version;
  // A function refines the role rule once the object and its version are known (e.g. who may approve).
  const fields = typeof args === 'function' ? args(principal) : args;
  if (task.status === 'waiting' || task.status === 'not_started') {
    throw ProblemError.conflict('prerequisites_pending', '前置事项尚未办结，该任务未启动');
  }
  const handle = temporal.workflow.getHandle(taskWorkflowId(taskId));
  const actor = actorOf(principal);
  const updateId = requestUpdateId(taskId, update.name, expectedVersion, actor, fields);
  return untilTaskStarted(
    () => handle.executeUpdate(update, { updateId, args: [{ ...fields, expectedVersion, actor } as A] }),
    async () => (await db.task.findUnique({ where: { id: taskId }, select: { status: true } }))?.status as TaskStatus | undefined,
  );
}

/**
 * One update id per request: the same caller (key and officer) asking the same thing of the same
 * task version. Temporal answers an update id it has completed with that outcome, and the events an
 * update writes take their ids from its id (workflows/events.ts), so a repeated request neither acts
 * twice nor writes twice; a different request on the same version gets its own id.
 */
export function requestUpdateId(taskId: string, updateName: string, expectedVersion: number, actor: Actor, fields: unknown): string {
  const who = [actor.keyId, actor.officerId ?? null];
  return createHash('sha256').update(JSON.stringify([taskId, updateName, expectedVersion, who, fields])).digest('hex').slice(0, 32);
}

/**
 * Runs `call` (an update of a task's workflow), answering a missing workflow by the task's status in
 * the read model: a concluded task is already decided (a decision completes the run in the same
 * step, so a request racing it finds the run closed); a received one may not be started yet — a
 * first-wave task is written received with its project's registration and the engine starts its
 * workflow a moment later (workflows/project: receipts-at-registration) — so the call is repeated, with a
 * growing pause, for up to `waitMs`; anything else is a missing task. An update Temporal refused
 * because the workflow's last workflow task failed is repeated the same way (same update id, see
 * actOnTask). Either wait ends in 503 with Retry-After.
 */
export async function untilTaskStarted<T>(call: () => Promise<T>, statusNow: () => Promise<TaskStatus | undefined>, waitMs = STARTING_TASK_WAIT_MS): Promise<T> {
  const waitUntil = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    try {
      return await call();
    } catch (err) {
      const waiting = await worthWaiting(err, statusNow);
      if (Date.now() + pause > waitUntil) throw ProblemError.unavailable(`审批任务流程正在${waiting}，请稍后重试`, 2, err);
      await delay(pause);
    }
  }
}

/** Why a failed update is worth repeating (what the task's workflow is doing), or the problem to answer at once. */
async function worthWaiting(err: unknown, statusNow: () => Promise<TaskStatus | undefined>): Promise<string> {
  if (isUpdateRefusedForNow(err)) return '恢复';
  if (!isWorkflowNotFound(err)) throw temporalProblem(err, '审批任务');
  const status = await statusNow();
  if (status && isConcludedTask(status)) throw ProblemError.conflict('already_decided', '该任务已办结或已撤回，不能再操作');
  if (status !== 'received') throw temporalProblem(err, '审批任务');
  return '启动';
}

/** How long an update waits for a task's workflow to start (shown received, not yet in the engine) or to recover. */
const STARTING_TASK_WAIT_MS = 10_000;
