/** Follow-up tracking (跟踪问效): milestones, satisfaction, supervision closure, and the project timeline. */
import { Router } from 'express';
import type { UpdateDefinition } from '@temporalio/common';
import type { Principal } from '../../lib/auth/keys';
import { canSeeProject } from '../../lib/auth/scope';
import { actorLabel, apiActor } from '../../lib/actors';
import {
  closeTrackingUpdate,
  MILESTONE_ORDER,
  recordMilestoneUpdate,
  recordSatisfactionUpdate,
  trackingWorkflowId,
  type MilestoneKind,
  type TrackingState,
} from '../../workflows/tracking/contracts';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import type { components } from '../generated/openapi';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { projectInclude } from '../mappers';
import { loadApiProject } from '../project-view';
import { isWorkflowNotFound, temporalProblem } from '../temporal-errors';
import { clockSnapshots, summarize } from '../timeline';
import { resolveProjectRef } from './project-code';

type Schemas = components['schemas'];

interface MilestoneRow {
  projectId: string;
  kind: string;
  plannedDate: string;
  actualDate: string | null;
  recordedAt: Date | null;
  recordedBy: unknown;
}
const toApiMilestone = (m: MilestoneRow): Schemas['Milestone'] => ({
  projectId: m.projectId,
  kind: m.kind as MilestoneKind,
  plannedDate: m.plannedDate,
  actualDate: m.actualDate,
  recordedAt: (m.recordedAt ?? new Date(0)).toISOString(),
  recordedBy: actorLabel(m.recordedBy),
});

interface SatisfactionRow {
  projectId: string;
  rating: string;
  comment: string | null;
  recordedAt: Date;
  recordedBy: unknown;
}
const toApiSatisfaction = (s: SatisfactionRow): Schemas['Satisfaction'] => ({
  projectId: s.projectId,
  rating: s.rating as Schemas['SatisfactionRating'],
  comment: s.comment,
  recordedAt: s.recordedAt.toISOString(),
  recordedBy: actorLabel(s.recordedBy),
});

/** Why a project has no tracking to act on, by its read-model status; undefined while tracking may run. */
function notTracking(status: string): ProblemError | undefined {
  if (status === 'withdrawn') return ProblemError.conflict('project_closed', '项目已撤回，没有跟踪服务');
  if (status === 'closed') return ProblemError.conflict('project_closed', '该项目的跟踪服务已结束');
  if (status !== 'replied' && status !== 'tracking') {
    return ProblemError.conflict('tracking_not_started', '项目尚未集中回复，还没有进入跟踪服务');
  }
  return undefined;
}

export function trackingRouter({ db, temporal }: ApiDeps): Router {
  const r = Router();

  /** A foreign project is missing, never forbidden: agents see only the projects they serve. `ref`: id or national code. */
  async function loadProject(principal: Principal, ref: string) {
    const project = await db.project.findUnique({ where: { id: await resolveProjectRef(db, ref) }, include: projectInclude });
    if (!project || !canSeeProject(principal, project)) {
      throw ProblemError.notFound(`项目 ${ref} 不存在`);
    }
    return project;
  }

  /**
   * Milestones and satisfaction belong to the project's agent; a project without one is followed up
   * by the window that took it in or by the efficiency office (supervisors see every project).
   */
  async function loadFollowUp(principal: Principal, projectId: string) {
    const project = await loadProject(principal, projectId);
    if (principal.role !== 'agent' && project.agentId) {
      throw ProblemError.conflict('project_has_agent', `项目有代办专员（${project.agentId}），跟踪节点与满意度由代办专员登记`);
    }
    return project;
  }

  /** Runs a tracking update; the read model holds its write when this returns. Returns the project's id. */
  async function track<A>(principal: Principal, ref: string, update: UpdateDefinition<TrackingState, [A]>, args: A, followUp = false): Promise<string> {
    const project = followUp ? await loadFollowUp(principal, ref) : await loadProject(principal, ref);
    const refused = notTracking(project.status);
    if (refused) throw refused;
    try {
      await temporal.workflow.getHandle(trackingWorkflowId(project.code)).executeUpdate(update, { args: [args] });
    } catch (err) {
      if (!isWorkflowNotFound(err)) throw temporalProblem(err, '跟踪服务');
      // Replied but not started yet, or ended between the status check and the update.
      const now = await db.project.findUniqueOrThrow({ where: { id: project.id }, select: { status: true } });
      throw notTracking(now.status) ?? ProblemError.conflict('tracking_not_started', '跟踪服务尚未启动，请稍后重试');
    }
    return project.id;
  }

  r.put('/api/v1/projects/:projectId/milestones/:kind', async (req, res) => {
    const { path, body } = validated(req, 'recordMilestone');
    const principal = principalOf(req);
    const projectId = await track(principal, path.projectId, recordMilestoneUpdate, {
      actor: actorOf(principal),
      kind: path.kind,
      plannedDate: body.plannedDate,
      actualDate: body.actualDate,
    }, true);
    const row = await db.milestone.findUniqueOrThrow({ where: { projectId_kind: { projectId, kind: path.kind } } });
    respond(res, 'recordMilestone', 200, toApiMilestone(row));
  });

  r.put('/api/v1/projects/:projectId/satisfaction', async (req, res) => {
    const { path, body } = validated(req, 'recordSatisfaction');
    const principal = principalOf(req);
    const projectId = await track(principal, path.projectId, recordSatisfactionUpdate, { actor: actorOf(principal), rating: body.rating, comment: body.comment }, true);
    const row = await db.satisfaction.findUniqueOrThrow({ where: { projectId } });
    respond(res, 'recordSatisfaction', 200, toApiSatisfaction(row));
  });

  r.post('/api/v1/projects/:projectId/tracking/closure', async (req, res) => {
    const { path, body } = validated(req, 'closeProjectTracking');
    const principal = principalOf(req);
    const projectId = await track(principal, path.projectId, closeTrackingUpdate, { actor: actorOf(principal), reason: body.reason });
    const project = await loadProject(principal, projectId);
    respond(res, 'closeProjectTracking', 200, await loadApiProject(db, project));
  });

  r.get('/api/v1/projects/:projectId/timeline', async (req, res) => {
    const { path } = validated(req, 'getProjectTimeline');
    const project = await loadProject(principalOf(req), path.projectId);
    const [events, tasks, departments, milestones, satisfaction] = await Promise.all([
      db.event.findMany({ where: { projectId: project.id }, orderBy: { seq: 'asc' } }),
      db.task.findMany({ where: { projectId: project.id }, include: { item: { select: { name: true } } } }),
      db.department.findMany({ select: { id: true, shortName: true } }),
      db.milestone.findMany({ where: { projectId: project.id } }),
      db.satisfaction.findUnique({ where: { projectId: project.id } }),
    ]);
    const deptName = new Map(departments.map((d) => [d.id, d.shortName]));
    const itemName = new Map(tasks.map((t) => [t.id, t.item.name]));
    const clocks = clockSnapshots(events, tasks);
    respond(res, 'getProjectTimeline', 200, {
      projectId: project.id,
      projectCode: project.code,
      entries: events.map((e) => ({
        eventId: e.id,
        type: e.type as Schemas['EventType'],
        occurredAt: e.occurredAt.toISOString(),
        actor: apiActor(e.actor),
        taskId: e.taskId,
        departmentId: e.departmentId,
        summary: summarize(e.type, {
          department: (e.departmentId && deptName.get(e.departmentId)) || e.departmentId || '部门',
          item: (e.taskId && itemName.get(e.taskId)) || e.taskId || '审批事项',
          payload: (e.payload ?? {}) as Record<string, unknown>,
          officerName: apiActor(e.actor)?.officerName ?? undefined,
        }),
        clock: clocks.get(e.id) ?? null,
      })),
      milestones: milestones.sort((a, b) => MILESTONE_ORDER.indexOf(a.kind as MilestoneKind) - MILESTONE_ORDER.indexOf(b.kind as MilestoneKind)).map(toApiMilestone),
      satisfaction: satisfaction ? toApiSatisfaction(satisfaction) : null,
    });
  });

  return r;
}
