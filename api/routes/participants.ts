/**
 * The lead department and the departments with tasks on a project (issue #13 console): a department
 * cannot read getProject, yet the lead one must know it leads before it convenes a meeting or names
 * the departments of a 会签. Departments see only projects they have a task on or lead (else 404).
 */
import { Router } from 'express';
import { canSeeProject } from '../../lib/auth/scope';
import { isOpenTask, type TaskStatus } from '../../domain/vocabulary';
import { resolveProjectRef } from './project-code';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';

type Participants = components['schemas']['ProjectParticipants'];

export function participantsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  r.get('/api/v1/projects/:projectId/participants', async (req, res) => {
    const { path } = validated(req, 'listProjectParticipants');
    const p = principalOf(req);
    const project = await db.project.findUnique({
      where: { id: await resolveProjectRef(db, path.projectId) },
      select: { id: true, status: true, agentId: true, servicePointId: true, leadDepartmentId: true, tasks: { select: { departmentId: true, status: true } } },
    });
    const visible =
      project !== null &&
      (p.role === 'department'
        ? !!p.departmentId && (project.leadDepartmentId === p.departmentId || project.tasks.some((t) => t.departmentId === p.departmentId))
        : canSeeProject(p, project));
    if (!project || !visible) throw ProblemError.notFound(`项目 ${path.projectId} 不存在`);
    const byDepartment = new Map<string, { departmentId: string; tasks: number; openTasks: number }>();
    for (const t of project.tasks) {
      const row = byDepartment.get(t.departmentId) ?? { departmentId: t.departmentId, tasks: 0, openTasks: 0 };
      row.tasks += 1;
      if (isOpenTask(t.status as TaskStatus)) row.openTasks += 1;
      byDepartment.set(t.departmentId, row);
    }
    const body: Participants = {
      projectId: project.id,
      status: project.status as Participants['status'],
      leadDepartmentId: project.leadDepartmentId,
      departments: [...byDepartment.values()].sort((a, b) => a.departmentId.localeCompare(b.departmentId)),
    };
    respond(res, 'listProjectParticipants', 200, body);
  });

  return r;
}
