/** Window operations: one-window intake, project reads, supplements, withdrawal, the reply. */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { isConcludedTask, type TaskStatus } from '../../domain/vocabulary';
import type { Principal } from '../../lib/auth/keys';
import { canSeeProject, projectWhere } from '../../lib/auth/scope';
import { isValidUscc } from '../../domain/uscc';
import {
  grantGreenChannelUpdate,
  intakeResultUpdate,
  projectWorkflowId,
  submitIntakeMaterialsUpdate,
  withdrawProjectUpdate,
  type ProjectWorkflowInput,
} from '../../workflows/project/contracts';
import { supplyMaterialsUpdate, taskWorkflowId } from '../../workflows/task/contracts';
import type { projectWorkflow } from '../../workflows';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError } from '../http/problem';
import { completeIdempotencyKey, reserveIdempotencyKey } from '../http/idempotency';
import { respond, validated } from '../http/validation';
import { projectInclude } from '../mappers';
import { loadApiProject } from '../project-view';
import { portalKey, ratingPath } from '../../lib/public-challenge';
import { engineProblem, temporalProblem } from '../temporal-errors';
import { keysetPage, newestFirst, orderByOf, within } from './keyset';
import type { Prisma } from '../../lib/db/client';
import { allocateProjectCode, projectPath, resolveProjectRef } from './project-code';
import { generateNationalCode, nationalCodeProblems } from '../../domain/national-code';
import { shanghaiDateOf } from '../../domain/clock';
import { eligibleFirstInquiryOfficer } from '../../lib/first-inquiry';

export function projectsRouter(deps: ApiDeps): Router {
  const { db, temporal, config } = deps;
  const r = Router();
  const ratingKey = portalKey(config.SECRET_ENCRYPTION_KEYS, 'rating');

  /**
   * Agents see their assigned projects, windows their service point's; another's is reported as
   * missing. `ref` is the project id or its 全国投资项目代码; both forms meet the same scope check and
   * the same 404, which quotes the caller's reference.
   */
  async function loadProject(principal: Principal, ref: string) {
    const project = await db.project.findUnique({ where: { id: await resolveProjectRef(db, ref) }, include: projectInclude });
    if (!project || !canSeeProject(principal, project)) {
      throw ProblemError.notFound(`项目 ${ref} 不存在`);
    }
    return loadApiProject(db, project);
  }

  r.post('/api/v1/projects', async (req, res) => {
    const v = validated(req, 'submitProject');
    const principal = principalOf(req);
    const body = v.body;
    if (!isValidUscc(body.applicant.uscc)) {
      throw ProblemError.validation('统一社会信用代码校验位错误', [
        { in: 'body', pointer: '/applicant/uscc', message: '统一社会信用代码校验位不正确（GB 32100-2015）', keyword: 'uscc' },
      ]);
    }
    if (body.agentId && !(await db.agent.findUnique({ where: { id: body.agentId } }))) {
      throw ProblemError.unknownReference('/agentId', `代办专员 ${body.agentId} 不存在`);
    }
    if (body.project.greenChannel === true) {
      throw ProblemError.ruleViolated(
        '/project/greenChannel',
        '窗口受理时不能开通绿色通道：绿色通道由县效能办批准（grantGreenChannel，须说明理由），或按审批事项目录对所列项目类型自动适用',
      );
    }
    const projectType = await assertCatalogueType(db, body.project.type);
    const firstInquiry = await firstInquiryOf(principal, body);
    const issued = body.project.nationalProjectCode;
    if (issued) {
      const problems = nationalCodeProblems(issued, Number(shanghaiDateOf(Date.now()).slice(0, 4)));
      if (problems.length > 0) {
        throw ProblemError.validation('全国投资项目代码无效', [{ in: 'body', pointer: '/project/nationalProjectCode', message: problems.join('；'), keyword: 'nationalCode' }]);
      }
    }
    const key = v.headers['Idempotency-Key'];
    // Reserve the key first: a retry (or a concurrent duplicate) finds the same project code.
    const { reserved, replay } = await reserveIdempotencyKey<{ code: string; nationalCode?: string }>(db, {
      principalId: principal.keyId,
      key,
      operation: 'submitProject',
      body,
      allocate: async () => {
        const code = await allocateProjectCode(db, Date.now());
        const nationalCode =
          issued ??
          generateNationalCode({
            year: code.slice(3, 7),
            division: config.ADMINISTRATIVE_DIVISION,
            industryCode: body.project.industryCode,
            regime: body.project.investmentRegime,
            serial: Number(code.slice(-6)),
          });
        // The key and the national code are reserved together: a code already taken fails both.
        return { reserved: { code, nationalCode }, alongside: (tx) => tx.counter.create({ data: { name: `national-project-code:${nationalCode}`, value: 1 } }) };
      },
      conflict: ({ nationalCode }) => ProblemError.conflict('already_exists', `全国投资项目代码 ${nationalCode} 已被其他项目使用，请核对省级平台赋予的代码`),
    });
    if (replay) {
      res.setHeader('Idempotent-Replayed', 'true');
      const replayed = await loadProject(principal, reserved.code);
      res.setHeader('Location', projectPath({ id: replayed.id, nationalCode: replayed.nationalProjectCode }));
      return respond(res, 'submitProject', 201, replayed);
    }

    const { code, nationalCode } = reserved;
    const input: ProjectWorkflowInput = {
      projectId: code,
      code,
      ...(nationalCode ? { nationalCode } : {}),
      ...(projectType.greenChannel ? { greenChannelRule: { projectTypeName: projectType.name } } : {}),
      // Absent unless asked for, so intakes of clients that have not migrated keep their old shape.
      ...(body.checkMaterials || config.INTAKE_MATERIALS_CHECK === 'always' ? { checkMaterials: true as const } : {}),
      submittedBy: actorOf(principal),
      intake: {
        applicant: body.applicant,
        name: body.project.name,
        type: body.project.type,
        location: body.project.location,
        investmentWan: body.project.investmentWan,
        // Routing attributes travel only when stated, so an intake without them keeps its old shape.
        ...(body.project.landUse ? { landUse: body.project.landUse } : {}),
        ...(body.project.buildingAreaM2 !== undefined ? { buildingAreaM2: body.project.buildingAreaM2 } : {}),
        ...(body.project.eiaCategory ? { eiaCategory: body.project.eiaCategory } : {}),
        ...(body.project.investmentRegime ? { investmentRegime: body.project.investmentRegime } : {}),
        // Only the catalogue rule sets it at intake (目录规则); the office grants it later.
        greenChannel: projectType.greenChannel,
        materials: body.materials,
        ...firstInquiry,
        agentId: body.agentId ?? undefined,
        servicePointId: principal.servicePointId,
      },
    };
    try {
      // USE_EXISTING: a duplicate start (retry, concurrent request) joins the running workflow.
      // Update-with-start: the start and the intake answer in one call to the server, not two.
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof projectWorkflow>('projectWorkflow', {
        workflowId: projectWorkflowId(code),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      await temporal.workflow.executeUpdateWithStart(intakeResultUpdate, { startWorkflowOperation });
    } catch (err) {
      throw engineProblem(err, '项目流程');
    }
    await completeIdempotencyKey(db, principal.keyId, key, 201, { code });
    const created = await loadProject(principal, code);
    res.setHeader('Location', projectPath({ id: created.id, nationalCode: created.nationalProjectCode }));
    respond(res, 'submitProject', 201, created);
  });

  /**
   * 首问负责: a window officer submitting in the console is the first-inquiry officer; a system names
   * one (an officer of its service point, or a department officer). Checked before the idempotency
   * key is reserved, so a refused intake leaves nothing behind.
   */
  async function firstInquiryOf(
    principal: Principal,
    body: { firstInquiryOfficerId?: string; firstInquiryStaff?: string },
  ): Promise<{ firstInquiryStaff: string; firstInquiryOfficerId?: string }> {
    const pointer = '/firstInquiryOfficerId';
    if (principal.officer) {
      if (body.firstInquiryOfficerId && body.firstInquiryOfficerId !== principal.officer.id) {
        throw ProblemError.ruleViolated(pointer, '以工作人员登录受理时，首问责任人就是登录的窗口人员本人，不能指定他人');
      }
      return { firstInquiryStaff: principal.officer.name, firstInquiryOfficerId: principal.officer.id };
    }
    if (body.firstInquiryOfficerId) {
      const officer = await eligibleFirstInquiryOfficer(db, body.firstInquiryOfficerId, principal.servicePointId);
      if ('refused' in officer) throw ProblemError.ruleViolated(pointer, officer.refused);
      return { firstInquiryStaff: officer.name, firstInquiryOfficerId: officer.id };
    }
    // Deprecated free text: clients that have not migrated keep working; the project has no officer account.
    if (body.firstInquiryStaff) return { firstInquiryStaff: body.firstInquiryStaff };
    throw ProblemError.ruleViolated(pointer, '请指定首问责任人（firstInquiryOfficerId：本便民服务中心的窗口人员或部门人员）');
  }

  r.get('/api/v1/projects', async (req, res) => {
    const { query } = validated(req, 'listProjects');
    const principal = principalOf(req);
    const where: Prisma.ProjectWhereInput = {
      ...(query.status ? { status: { in: query.status } } : {}),
      ...(query.agentId ? { agentId: query.agentId } : {}),
      // The search term goes inside AND, so the caller's scope (spread last) can never be overridden by it.
      ...(query.q ? { AND: [{ OR: searchTerms(query.q) }] } : {}),
      // Last, so a caller's own scope always wins over a filter it asked for.
      ...projectWhere(principal),
    };
    const key = newestFirst('submittedAt');
    const { items, nextCursor } = await keysetPage(db, key, query, {
      fetch: (range, take) => db.project.findMany({ where: within(where, range), orderBy: orderByOf<Prisma.ProjectOrderByWithRelationInput>(key), take }),
      legacy: (id) => db.project.findUnique({ where: { id }, select: { submittedAt: true, id: true } }),
      // The task counts of the page's projects in one query (an include would send one per range query).
      complete: async (rows) => {
        const tasks = rows.length ? await db.task.findMany({ where: { projectId: { in: rows.map((p) => p.id) } }, select: { projectId: true, status: true, light: true } }) : [];
        return rows.map((p) => ({ ...p, tasks: tasks.filter((t) => t.projectId === p.id) }));
      },
      firstPage: (take) => db.project.findMany({ where, orderBy: orderByOf<Prisma.ProjectOrderByWithRelationInput>(key), take, include: { tasks: { select: { projectId: true, status: true, light: true } } } }),
    });
    respond(res, 'listProjects', 200, {
      items: items.map((p) => ({
        id: p.id,
        code: p.code,
        nationalProjectCode: p.nationalCode,
        name: p.name,
        type: p.type,
        applicantName: p.applicantName,
        greenChannel: p.greenChannel,
        agentId: p.agentId,
        servicePointId: p.servicePointId,
        status: p.status as 'in_review',
        light: p.light as 'green',
        submittedAt: p.submittedAt.toISOString(),
        repliedAt: p.repliedAt ? p.repliedAt.toISOString() : null,
        updatedAt: p.updatedAt.toISOString(),
        taskCounts: {
          total: p.tasks.length,
          concluded: p.tasks.filter((t) => isConcludedTask(t.status as TaskStatus)).length,
          red: p.tasks.filter((t) => t.light === 'red').length,
        },
      })),
      nextCursor,
    });
  });

  r.get('/api/v1/projects/:projectId', async (req, res) => {
    const { path } = validated(req, 'getProject');
    const project = await loadProject(principalOf(req), path.projectId);
    // The tag of the whole representation, not the workflow's version: tasks, handovers and periods change the
    // project's answer without moving that version, and Express answers If-None-Match from this tag.
    res.setHeader('ETag', `"${createHash('sha256').update(JSON.stringify(project)).digest('base64url').slice(0, 27)}"`);
    respond(res, 'getProject', 200, project);
  });

  r.post('/api/v1/projects/:projectId/supplements', async (req, res) => {
    const { path, body } = validated(req, 'submitMaterials');
    const principal = principalOf(req);
    const project = await loadProject(principal, path.projectId);
    if (project.status === 'awaiting_materials') {
      // Not yet accepted: the materials complete the intake (受理材料核验), not a task's supplement.
      if (body.taskId) throw ProblemError.conflict('not_waiting_for_materials', `项目尚未受理，任务 ${body.taskId} 未在等待补正材料；请不指定任务补齐受理材料`);
      try {
        await temporal.workflow
          .getHandle(projectWorkflowId(project.id))
          .executeUpdate(submitIntakeMaterialsUpdate, { args: [{ actor: actorOf(principal), materials: body.materials }] });
      } catch (err) {
        throw temporalProblem(err, '项目流程');
      }
      return respond(res, 'submitMaterials', 200, await loadProject(principal, path.projectId));
    }
    const projectId = project.id;
    const waiting = await db.task.findMany({
      where: { projectId, status: 'supplement_requested', ...(body.taskId ? { id: body.taskId } : {}) },
      select: { id: true },
    });
    if (waiting.length === 0) {
      throw ProblemError.conflict('not_waiting_for_materials', body.taskId ? `任务 ${body.taskId} 未在等待补正材料` : '该项目没有等待补正材料的任务');
    }
    for (const t of waiting) {
      try {
        await temporal.workflow
          .getHandle(taskWorkflowId(t.id))
          .executeUpdate(supplyMaterialsUpdate, { args: [{ actor: actorOf(principal), materials: body.materials }] });
      } catch (err) {
        throw temporalProblem(err, '审批任务');
      }
    }
    respond(res, 'submitMaterials', 200, await loadProject(principal, projectId));
  });

  r.post('/api/v1/projects/:projectId/withdrawal', async (req, res) => {
    const { path, body } = validated(req, 'withdrawProject');
    const principal = principalOf(req);
    const project = await loadProject(principal, path.projectId);
    // The workflow of a concluded project has closed and can no longer refuse the update itself.
    if (project.status === 'withdrawn') throw ProblemError.conflict('project_closed', '项目已撤回，不能重复撤回');
    if (project.status !== 'in_review' && project.status !== 'awaiting_materials') throw ProblemError.conflict('project_closed', '项目已办结并集中回复，不能撤回');
    try {
      await temporal.workflow
        .getHandle(projectWorkflowId(project.id))
        .executeUpdate(withdrawProjectUpdate, { args: [{ actor: actorOf(principal), reason: body.reason }] });
    } catch (err) {
      throw temporalProblem(err, '项目流程');
    }
    respond(res, 'withdrawProject', 200, await loadProject(principal, project.id));
  });

  r.post('/api/v1/projects/:projectId/green-channel', async (req, res) => {
    const { path, body } = validated(req, 'grantGreenChannel');
    const principal = principalOf(req);
    const project = await loadProject(principal, path.projectId);
    // A concluded project's workflow has closed and can no longer refuse the update itself.
    if (project.status !== 'in_review' && project.status !== 'awaiting_materials') throw ProblemError.conflict('project_closed', '项目已撤回或已办结，不能再开通绿色通道');
    try {
      await temporal.workflow
        .getHandle(projectWorkflowId(project.id))
        .executeUpdate(grantGreenChannelUpdate, { args: [{ actor: actorOf(principal), reason: body.reason.trim() }] });
    } catch (err) {
      throw temporalProblem(err, '项目流程');
    }
    respond(res, 'grantGreenChannel', 200, await loadProject(principal, project.id));
  });

  r.get('/api/v1/projects/:projectId/reply', async (req, res) => {
    const { path } = validated(req, 'getConsolidatedReply');
    const { id: projectId } = await loadProject(principalOf(req), path.projectId);
    const reply = await db.consolidatedReply.findFirst({ where: { projectId }, orderBy: { version: 'desc' } });
    if (!reply) throw ProblemError.notFound('该项目尚未集中回复');
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { code: true, status: true, satisfaction: { select: { projectId: true } } } });
    respond(res, 'getConsolidatedReply', 200, {
      ...(reply.content as object),
      id: reply.id,
      projectId: reply.projectId,
      version: reply.version,
      createdAt: reply.createdAt.toISOString(),
      // The reply carries the applicant's one-time rating link (公开服务门户 /rate), until they have rated.
      ratingPath: ratingPath(ratingKey, project, project.satisfaction !== null),
    } as never);
  });

  return r;
}

/**
 * 行政许可法 Art. 32(1)(2): an application outside the body's competence is refused on the spot (不予受理),
 * with the reason and where to apply. A project type the county catalogue does not list has no items,
 * no lead department and no department to decide it. Checked before the idempotency key is reserved,
 * so a refused request stores nothing. Returns the type: its green-channel rule applies at intake.
 */
async function assertCatalogueType(db: ApiDeps['db'], type: string): Promise<{ name: string; greenChannel: boolean }> {
  const found = await db.projectType.findUnique({ where: { id: type }, select: { name: true, greenChannel: true } });
  if (found) return found;
  const known = (await db.projectType.findMany({ select: { name: true }, orderBy: { sortOrder: 'asc' } })).map((t) => t.name);
  const reason =
    `项目类型“${type}”不在本县投资项目审批事项目录中（目录所列项目类型：${known.join('、') || '无'}），本中心无权受理，` +
    '依《中华人民共和国行政许可法》第三十二条第一款第（二）项不予受理；请向有关行政机关申请';
  throw ProblemError.notAccepted(reason, [{ in: 'body', pointer: '/project/type', message: `项目类型“${type}”不在审批事项目录中`, keyword: 'catalogue' }]);
}

/** The window's search box: one text matches a project code, an applicant name or a whole USCC. */
function searchTerms(q: string) {
  const text = q.trim();
  return [
    { code: { contains: text.toUpperCase() } },
    { nationalCode: { contains: text } },
    { applicantName: { contains: text } },
    { applicantUscc: text.toUpperCase() },
  ];
}
