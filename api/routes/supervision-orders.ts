/** Supervision orders (督办) on approval tasks: issue, list on the task, the department's response. */
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { yellowPercentOf } from '../../lib/config';
import type { Principal } from '../../lib/auth/keys';
import { canSeeTask } from '../../lib/auth/scope';
import { orderIssuedUpdate, respondOrderUpdate, supervisionOrderWorkflowId, type SupervisionOrderInput } from '../../workflows/supervision-order/contracts';
import type { supervisionOrderWorkflow } from '../../workflows';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { toApiSupervisionOrder } from '../supervision-mappers';
import { isWorkflowNotFound, temporalProblem } from '../temporal-errors';
import { allocateSupervisionCode } from './supervision-codes';

interface OrderTask {
  id: string;
  projectId: string;
  departmentId: string;
  project: { code: string; name: string };
  item: { name: string };
}

/**
 * Starts a 督办 order on a task and returns once it is in the read model. Shared by
 * createSupervisionOrder and the minutes of joint meetings, whose commitments are tracked as orders.
 * With `orderId` (reserved earlier by the caller) it is safe to repeat: an order whose workflow
 * already started is only awaited, so an interrupted caller can issue the rest again.
 */
export async function issueSupervisionOrder(
  { db, temporal, config }: Pick<ApiDeps, 'db' | 'temporal' | 'config'>,
  p: Principal,
  task: OrderTask,
  directive: string,
  workingDays: number,
  reserved?: string,
): Promise<string> {
  const orderId = reserved ?? (await allocateSupervisionCode(db, 'DB', Date.now()));
  const input: SupervisionOrderInput = {
    orderId,
    taskId: task.id,
    projectId: task.projectId,
    departmentId: task.departmentId,
    subject: `${task.project.name}（${task.project.code}）“${task.item.name}”`,
    directive,
    workingDays,
    issuedBy: actorOf(p),
    yellowPercent: yellowPercentOf(config.YELLOW_RATIO),
  };
  try {
    const handle = await temporal.workflow
      .start<typeof supervisionOrderWorkflow>('supervisionOrderWorkflow', { workflowId: supervisionOrderWorkflowId(orderId), taskQueue: config.TEMPORAL_TASK_QUEUE, args: [input] })
      .catch((err: unknown) => {
        if (reserved && err instanceof WorkflowExecutionAlreadyStartedError) return temporal.workflow.getHandle(supervisionOrderWorkflowId(orderId));
        throw err;
      });
    await handle.executeUpdate(orderIssuedUpdate);
  } catch (err) {
    throw temporalProblem(err, '督办流程');
  }
  return orderId;
}

export function supervisionOrdersRouter({ db, temporal, config }: ApiDeps): Router {
  const r = Router();

  /** A department sees orders on its own tasks only; another department's task is reported as missing. */
  async function loadTask(p: Principal, taskId: string) {
    const task = await db.task.findUnique({
      where: { id: taskId },
      select: {
        id: true,
        status: true,
        projectId: true,
        departmentId: true,
        project: { select: { code: true, name: true, agentId: true, servicePointId: true } },
        item: { select: { name: true } },
      },
    });
    if (!task || !canSeeTask(p, task)) throw ProblemError.notFound(`审批任务 ${taskId} 不存在`);
    return task;
  }

  r.post('/api/v1/tasks/:taskId/supervision-orders', async (req, res) => {
    const { path, body } = validated(req, 'createSupervisionOrder');
    const p = principalOf(req);
    const task = await loadTask(p, path.taskId);
    if (task.status === 'waiting' || task.status === 'not_started') throw ProblemError.conflict('prerequisites_pending', '该任务尚未启动，不能督办');
    if (task.status === 'decided' || task.status === 'cancelled') throw ProblemError.conflict('illegal_transition', '该任务已办结或已撤回，不能督办');
    const orderId = await issueSupervisionOrder({ db, temporal, config }, p, task, body.directive, body.workingDays);
    respond(res, 'createSupervisionOrder', 201, toApiSupervisionOrder(await db.supervisionOrder.findUniqueOrThrow({ where: { id: orderId } })));
  });

  r.get('/api/v1/tasks/:taskId/supervision-orders', async (req, res) => {
    const { path } = validated(req, 'listSupervisionOrders');
    const task = await loadTask(principalOf(req), path.taskId);
    const rows = await db.supervisionOrder.findMany({ where: { taskId: task.id }, orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }] });
    respond(res, 'listSupervisionOrders', 200, { items: rows.map(toApiSupervisionOrder) });
  });

  r.post('/api/v1/tasks/:taskId/supervision-orders/:orderId/response', async (req, res) => {
    const { path, body } = validated(req, 'respondSupervisionOrder');
    const p = principalOf(req);
    const task = await loadTask(p, path.taskId);
    const order = await db.supervisionOrder.findFirst({ where: { id: path.orderId, taskId: task.id } });
    if (!order) throw ProblemError.notFound(`督办 ${path.orderId} 不存在`);
    try {
      await temporal.workflow.getHandle(supervisionOrderWorkflowId(order.id)).executeUpdate(respondOrderUpdate, { args: [{ actor: actorOf(p), response: body.response }] });
    } catch (err) {
      // The workflow ends with the response; a second one finds it gone.
      if (isWorkflowNotFound(err) && order.status === 'completed') throw ProblemError.conflict('already_responded', '该督办已答复');
      throw temporalProblem(err, '督办流程');
    }
    respond(res, 'respondSupervisionOrder', 200, toApiSupervisionOrder(await db.supervisionOrder.findUniqueOrThrow({ where: { id: order.id } })));
  });

  return r;
}
