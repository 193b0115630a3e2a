/** Department operations on approval tasks: queue, read, accept, notice, decide, delegate. */
import { Router } from 'express';
import type { Principal } from '../../lib/auth/keys';
import { taskWhere } from '../../lib/auth/scope';
import {
  acceptTaskUpdate,
  decideDeadlineExtensionUpdate,
  decideTaskUpdate,
  endExcludedPeriodUpdate,
  reassignTaskUpdate,
  requestDeadlineExtensionUpdate,
  startExcludedPeriodUpdate,
  requestSupplementUpdate,
  type ExtensionApprover,
} from '../../workflows/task/contracts';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { taskInclude, toApiTask, type TaskRow } from '../mappers';
import type { Db, Prisma } from '../../lib/db/client';
import { keysetPage, orderByOf, within, type KeyColumn } from './keyset';
import { actOnTask, sendTask } from './task-actions';
import { resolveProjectRef } from './project-code';

/** listTasks order: green-channel projects first (绿色通道优先), then oldest received, then id. */
const TASK_KEY: KeyColumn[] = [
  { field: 'greenChannel', dir: 'desc', type: 'boolean' },
  { field: 'receivedAt', dir: 'asc', type: 'date', nullable: true },
  { field: 'id', dir: 'asc', type: 'string' },
];


/**
 * Art. 42 wants the licensing body's head (负责人) to approve an extension: a department head's
 * session, or the efficiency office. A department clerk or a department system key may not.
 */
function extensionApprover(principal: Principal): ExtensionApprover {
  if (principal.role === 'supervisor') return 'supervisor';
  if (principal.officer?.role === 'department_head') return 'department_head';
  throw ProblemError.forbidden('延期办结须经本部门负责人或效能办批准，部门经办人员与部门系统密钥不能审批');
}

/**
 * What toApiTask shows beyond the Task row (`taskInclude`), for a page of rows at once: the two
 * lookups go side by side, where Prisma's include would send them one after the other per query.
 */
export async function withTaskRelations<T extends { projectId: string; itemId: string }>(db: Db, rows: T[]): Promise<(T & Pick<TaskRow, 'project' | 'item'>)[]> {
  if (rows.length === 0) return [];
  const ids = (of: (r: T) => string) => [...new Set(rows.map(of))];
  const [projects, items] = await Promise.all([
    db.project.findMany({ where: { id: { in: ids((r) => r.projectId) } }, select: { id: true, ...taskInclude.project.select } }),
    db.approvalItem.findMany({ where: { id: { in: ids((r) => r.itemId) } }, select: { id: true, ...taskInclude.item.select } }),
  ]);
  const project = new Map(projects.map(({ id, ...p }) => [id, p]));
  const item = new Map(items.map(({ id, ...i }) => [id, i]));
  return rows.map((r) => {
    const p = project.get(r.projectId);
    const i = item.get(r.itemId);
    // Foreign keys keep both; a miss is a broken read model, not an empty field to serve.
    if (!p || !i) throw new Error(`任务 ${String((r as { id?: unknown }).id)} 的项目或审批事项不存在`);
    return { ...r, project: p, item: i };
  });
}

export function tasksRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  r.get('/api/v1/tasks', async (req, res) => {
    const { query } = validated(req, 'listTasks');
    const principal = principalOf(req);
    if (principal.role === 'department' && query.departmentId && query.departmentId !== principal.departmentId) {
      throw ProblemError.forbidden('部门密钥只能查询本部门的审批任务');
    }
    const where: Prisma.TaskWhereInput = {
      ...(query.departmentId ? { departmentId: query.departmentId } : {}),
      ...(query.projectId ? { projectId: await resolveProjectRef(db, query.projectId) } : {}),
      ...(query.status ? { status: { in: query.status } } : {}),
      ...(query.light ? { light: { in: query.light } } : {}),
      ...(query.dueBefore ? { promisedDueDate: { lte: query.dueBefore } } : {}),
      // Last, so the caller's own scope always wins over a filter it asked for.
      ...taskWhere(principal),
    };
    const { items, nextCursor } = await keysetPage(db, TASK_KEY, query, {
      fetch: (range, take) => db.task.findMany({ where: within(where, range), orderBy: orderByOf<Prisma.TaskOrderByWithRelationInput>(TASK_KEY), take }),
      legacy: (id) => db.task.findUnique({ where: { id }, select: { greenChannel: true, receivedAt: true, id: true } }),
      complete: (rows) => withTaskRelations(db, rows),
      firstPage: (take) => db.task.findMany({ where, orderBy: orderByOf<Prisma.TaskOrderByWithRelationInput>(TASK_KEY), take, include: taskInclude }),
    });
    respond(res, 'listTasks', 200, { items: items.map(toApiTask), nextCursor });
  });

  r.get('/api/v1/tasks/:taskId', async (req, res) => {
    const { path } = validated(req, 'getTask');
    await sendTask(db, res, principalOf(req), path.taskId, 'getTask');
  });

  r.post('/api/v1/tasks/:taskId/acceptance', async (req, res) => {
    const { path, headers, body } = validated(req, 'acceptTask');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], acceptTaskUpdate, { note: body?.note });
    await sendTask(db, res, principalOf(req), path.taskId, 'acceptTask');
  });

  r.post('/api/v1/tasks/:taskId/supplement-notice', async (req, res) => {
    const { path, headers, body } = validated(req, 'requestSupplement');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], requestSupplementUpdate, { items: body.items, note: body.note });
    await sendTask(db, res, principalOf(req), path.taskId, 'requestSupplement');
  });

  r.post('/api/v1/tasks/:taskId/decision', async (req, res) => {
    const { path, headers, body } = validated(req, 'decideTask');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], decideTaskUpdate, {
      decision: body.decision,
      reasons: body.reasons ?? [],
      permitNumber: 'permitNumber' in body ? body.permitNumber : undefined,
      conditions: 'conditions' in body ? body.conditions : [],
    });
    await sendTask(db, res, principalOf(req), path.taskId, 'decideTask');
  });

  r.post('/api/v1/tasks/:taskId/delegation', async (req, res) => {
    const { path, headers, body } = validated(req, 'reassignTask');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], reassignTaskUpdate, {
      delegateId: body.delegate.id,
      delegateName: body.delegate.name,
      until: body.until,
      reason: body.reason,
    });
    await sendTask(db, res, principalOf(req), path.taskId, 'reassignTask');
  });

  r.post('/api/v1/tasks/:taskId/deadline-extension', async (req, res) => {
    const { path, headers, body } = validated(req, 'requestDeadlineExtension');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], requestDeadlineExtensionUpdate, { days: body.days, reason: body.reason });
    await sendTask(db, res, principalOf(req), path.taskId, 'requestDeadlineExtension');
  });

  r.post('/api/v1/tasks/:taskId/deadline-extension/decision', async (req, res) => {
    const { path, headers, body } = validated(req, 'decideDeadlineExtension');
    // Object scope and version first, so a foreign task stays a 404 whoever asks.
    await actOnTask(deps, req, path.taskId, headers['If-Match'], decideDeadlineExtensionUpdate, (principal) => ({
      approve: body.approve,
      note: body.note,
      approver: extensionApprover(principal),
    }));
    await sendTask(db, res, principalOf(req), path.taskId, 'decideDeadlineExtension');
  });

  r.post('/api/v1/tasks/:taskId/excluded-period', async (req, res) => {
    const { path, headers, body } = validated(req, 'startExcludedPeriod');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], startExcludedPeriodUpdate, { kind: body.kind, reason: body.reason, plannedDays: body.plannedDays });
    await sendTask(db, res, principalOf(req), path.taskId, 'startExcludedPeriod');
  });

  r.post('/api/v1/tasks/:taskId/excluded-period/end', async (req, res) => {
    const { path, headers, body } = validated(req, 'endExcludedPeriod');
    await actOnTask(deps, req, path.taskId, headers['If-Match'], endExcludedPeriodUpdate, { note: body?.note });
    await sendTask(db, res, principalOf(req), path.taskId, 'endExcludedPeriod');
  });

  return r;
}
