/**
 * Read-model activities of the approval lifecycle. Every write is idempotent: the workflow
 * chooses event ids deterministically, and a write whose event already exists is not repeated (a task row
 * still takes a newer snapshot), so Temporal's retries never double-write. Their inputs: ./lifecycle-records.
 */
import { Prisma, type Db } from '../lib/db/client';
import type { YearSchedule } from '../domain/clock';
import { loadSchedules } from '../lib/calendar';
import { loadCatalogueVersion } from '../lib/catalogue';
import { eventExists, eventRow, projectAudience, type EventInput } from './events';
import { buildReplyContent, type ReplyContent } from './reply';
import { DEFAULT_MEETING_RULES, type MeetingRules } from '../domain/meeting-rules';
import { OPEN_TASK_STATUSES, ruleMeetingWrites } from '../lib/joint-meetings';
import { absenceStart, routingForDepartment, tasksInHand } from '../lib/absences';
import type { AbsenceRouting } from '../workflows/task/contracts';
import { shanghaiDateOf } from '../domain/clock';
import { taskPatchData, toDate, type RecordProjectInput, type RecordReceiptsInput, type RecordTaskInput, type RegisterProjectInput, type RoutingContext } from './lifecycle-records';

export type { ProjectPatch, RecordProjectInput, RecordReceiptsInput, RecordTaskInput, RegisterProjectInput, RoutingContext, TaskClockRecord, TaskPatch } from './lifecycle-records';

export interface LifecycleDeps {
  db: Db;
  /** From YELLOW_RATIO; absent = the clock's default (80). */
  yellowPercent?: number;
  /** 联席会议 rules from config (JOINT_MEETING_*); absent = the defaults. */
  meetingRules?: MeetingRules;
}

/**
 * `task.waiting` for every item that waits for a prerequisite (前置事项): its department learns at
 * intake that the task exists and what it waits for. Written with `project.submitted`, under its
 * idempotency key; ids derive from it, so a retried registration writes the same events.
 */
export function waitingEvents({ input, items, submittedAt, event }: Pick<RegisterProjectInput, 'input' | 'items' | 'submittedAt' | 'event'>): EventInput<'task.waiting'>[] {
  const names = new Map(items.map((i) => [i.id, i.name]));
  return items
    .filter((item) => item.prerequisites.length > 0)
    .map((item) => ({
      id: `${event.id}.waiting.${item.id}`,
      type: 'task.waiting',
      projectId: input.projectId,
      taskId: `${input.code}.${item.id}`,
      departmentId: item.departmentId,
      agentId: input.intake.agentId,
      payload: {
        status: 'waiting',
        version: 1,
        itemId: item.id,
        prerequisites: item.prerequisites,
        message: `${input.intake.name}（${input.code}）“${item.name}”待前置事项${item.prerequisites.map((p) => `“${names.get(p) ?? p}”`).join('、')}办结后开始办理`,
      },
      occurredAt: submittedAt,
    }));
}



export function createLifecycleActivities({ db, yellowPercent, meetingRules = DEFAULT_MEETING_RULES }: LifecycleDeps) {
  /**
   * The project's materials are one Json list, so the append is guarded by the project version: a
   * concurrent append makes the update miss, the transaction roll back and the activity retry.
   */
  async function appendMaterials(taskId: string | null, { projectId, materials, submittedAt }: NonNullable<RecordTaskInput['supplement']>) {
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { materials: true, version: true } });
    const added = materials.map((m) => ({ name: m.name, copies: m.copies ?? null, note: m.note ?? null, submittedAt: new Date(submittedAt).toISOString(), taskId }));
    // Wrapped: a Prisma query is lazy, but an async function would run it by resolving it.
    return {
      write: db.project.update({
        where: { id: projectId, version: project.version },
        data: { materials: [...(project.materials as object[]), ...added], version: { increment: 1 } },
      }),
    };
  }

  /** What the 联席会议 rules need of a project once one fires: its open tasks and audience. */
  async function meetingContext(projectId: string | undefined) {
    const project = projectId ? await db.project.findUnique({ where: { id: projectId }, select: { agentId: true, servicePointId: true } }) : null;
    if (!project) return { openTasks: [] };
    const openTasks = await db.task.findMany({ where: { projectId, status: { in: [...OPEN_TASK_STATUSES] } }, select: { id: true, departmentId: true }, orderBy: { id: 'asc' } });
    return { openTasks, audience: project };
  }

  /**
   * The major-project rule at acceptance: the departments invited are those of the first wave (the
   * project's items with no prerequisite among its own), as at an intake accepted on the spot.
   */
  async function acceptanceMeetingWrites(projectId: string, event: EventInput) {
    const project = await db.project.findUnique({ where: { id: projectId }, select: { investmentWan: true, agentId: true, servicePointId: true } });
    if (!project) return [];
    return ruleMeetingWrites(db, meetingRules, event, { investmentWan: Number(project.investmentWan) }, async () => {
      const tasks = await db.task.findMany({ where: { projectId }, select: { id: true, itemId: true, departmentId: true }, orderBy: { id: 'asc' } });
      const own = new Set(tasks.map((t) => t.itemId));
      const items = await db.approvalItem.findMany({ where: { id: { in: [...own] } }, select: { id: true, prerequisites: true } });
      const first = new Set(items.filter((i) => !(i.prerequisites as string[]).some((p) => own.has(p))).map((i) => i.id));
      return { openTasks: tasks.filter((t) => first.has(t.itemId)), audience: { agentId: project.agentId, servicePointId: project.servicePointId } };
    });
  }

  return {
    async loadRoutingContext(): Promise<RoutingContext> {
      const { items, version } = await loadCatalogueVersion(db);
      return { catalogue: items, catalogueVersion: version, ...(yellowPercent !== undefined ? { yellowPercent } : {}) };
    },

    async registerProject({ workflowId, input, items, catalogueVersion, submittedAt, event, awaiting, related = [], receipts = [] }: RegisterProjectInput): Promise<void> {
      if (await eventExists(db, event.id)) return;
      const { intake } = input;
      // 牵头部门 of the project type; a type outside the catalogue has none.
      const type = await db.projectType.findUnique({ where: { id: intake.type }, select: { leadDepartmentId: true } });
      const lead = type && (await db.department.findUnique({ where: { id: type.leadDepartmentId }, select: { id: true } }));
      const audience = { agentId: intake.agentId ?? null, servicePointId: intake.servicePointId ?? null };
      const received = new Map(receipts.map((r) => [r.taskId, r]));
      // A major project is convened at intake (at acceptance if it awaits materials: recordProject);
      // its departments are those of the items routed now.
      const meeting = await ruleMeetingWrites(db, meetingRules, event, { investmentWan: intake.investmentWan, awaitingMaterials: awaiting !== undefined }, async () => ({
        openTasks: items.filter((item) => item.prerequisites.length === 0).map((item) => ({ id: `${input.code}.${item.id}`, departmentId: item.departmentId })),
        audience,
      }));
      await db.$transaction([
        db.project.create({
          data: {
            id: input.projectId,
            code: input.code,
            nationalCode: input.nationalCode ?? null,
            name: intake.name,
            type: intake.type,
            location: intake.location,
            investmentWan: intake.investmentWan,
            applicantName: intake.applicant.name,
            applicantUscc: intake.applicant.uscc,
            applicantContact: intake.applicant.contact as object,
            greenChannel: intake.greenChannel,
            firstInquiryStaff: intake.firstInquiryStaff,
            firstInquiryOfficerId: intake.firstInquiryOfficerId ?? null,
            agentId: intake.agentId ?? null,
            servicePointId: intake.servicePointId ?? null,
            status: awaiting ? 'awaiting_materials' : 'in_review',
            // Accepted at intake unless materials are missing; then on the day they are complete.
            acceptedAt: awaiting ? null : new Date(submittedAt),
            missingMaterials: awaiting ? (awaiting.missing as object[]) : Prisma.DbNull,
            // Stored in the contract's Material shape; supplements are appended with their task id.
            materials: intake.materials.map((m) => ({
              name: m.name,
              copies: m.copies ?? null,
              note: m.note ?? null,
              submittedAt: new Date(submittedAt).toISOString(),
              taskId: null,
            })),
            workflowId,
            submittedAt: new Date(submittedAt),
            leadDepartmentId: lead ? lead.id : null,
            catalogueVersion: catalogueVersion ?? null,
          },
        }),
        ...items.map((item) => {
          const id = `${input.code}.${item.id}`;
          const receipt = received.get(id);
          return db.task.create({
            data: {
              id,
              projectId: input.projectId,
              itemId: item.id,
              departmentId: item.departmentId,
              // A patch's absent fields are undefined (the column's default), so the fixed ones come after it.
              ...(receipt ? taskPatchData(receipt.patch) : {}),
              status: receipt ? 'received' : 'waiting',
              greenChannel: intake.greenChannel,
            },
          });
        }),
        db.event.create({ data: eventRow(event, audience) }),
        ...waitingEvents({ input, items, submittedAt, event }).map((e) => db.event.create({ data: eventRow(e, audience) })),
        ...(awaiting ? [db.event.create({ data: eventRow(awaiting.notice, audience) })] : []),
        ...related.map((e) => db.event.create({ data: eventRow(e, audience) })),
        ...meeting,
        // Last: the feeds keep the order they had when the receipts were a write of their own after this one.
        ...receipts.map((r) => db.event.create({ data: eventRow(r.event, audience) })),
      ]);
    },

    /**
     * The first wave's receipts in one transaction, written by the project once those tasks exist in
     * the engine (a department that sees a received task can act on it). A row only moves from
     * waiting: a task that has already written something itself keeps it.
     */
    async recordReceipts({ projectId, receipts }: RecordReceiptsInput): Promise<void> {
      if (receipts.length === 0 || (await eventExists(db, receipts[0].event.id))) return;
      const audience = await projectAudience(db, projectId);
      await db.$transaction(
        receipts.flatMap((r) => [
          db.task.updateMany({ where: { id: r.taskId, status: 'waiting' }, data: taskPatchData(r.patch) }),
          db.event.create({ data: eventRow(r.event, audience) }),
        ]),
      );
    },

    /**
     * `related` events (reminder, supervision alert) share the transaction and the idempotency key
     * of `event`. `supplement` appends supplied materials to the project's file, tagged with the task.
     */
    async recordTask({ taskId, patch, event, related = [], supplement }: RecordTaskInput): Promise<void> {
      const row = taskPatchData(patch);
      if (await eventExists(db, event.id)) {
        // The event is in: this write ran before. A retried workflow task may have processed a newer
        // input first and written that input's (older) row snapshot over this one; a snapshot with a
        // higher version still lands, so the row never stays behind the workflow (issue #15).
        await db.task.updateMany({ where: { id: taskId, version: { lt: patch.version } }, data: row });
        return;
      }
      const audience = await projectAudience(db, event.projectId);
      // Task events never fire the investment rule (that is project.submitted's).
      const meeting = await ruleMeetingWrites(db, meetingRules, event, { investmentWan: 0 }, () => meetingContext(event.projectId));
      await db.$transaction([
        ...(supplement ? [(await appendMaterials(taskId, supplement)).write] : []),
        db.task.update({ where: { id: taskId }, data: row }),
        db.event.create({ data: eventRow(event, audience) }),
        ...related.map((e) => db.event.create({ data: eventRow(e, audience) })),
        ...meeting,
      ]);
    },

    /**
     * Schedules for `years`: the official row of CalendarYear, else the schedule shipped with the
     * product, else a provisional year (statutory holidays only). Works on an empty table.
     */
    loadCalendar({ years }: { years: number[] }): Promise<YearSchedule[]> {
      return loadSchedules(db, years);
    },

    /** `materials` (受理材料核验) are appended to the project's file as submitted at intake (no task). */
    async recordProject({ projectId, patch, event, materials }: RecordProjectInput): Promise<void> {
      if (await eventExists(db, event.id)) return;
      const audience = await projectAudience(db, projectId);
      // A major project that waited for materials is convened now, when it is accepted.
      const meeting = event.type === 'project.accepted' ? await acceptanceMeetingWrites(projectId, event) : [];
      await db.$transaction([
        // The append increments the version itself, guarded by it; the patch then goes on top.
        ...(materials ? [(await appendMaterials(null, { projectId, ...materials })).write] : []),
        db.project.update({
          where: { id: projectId },
          data: {
            status: patch.status,
            light: patch.light,
            withdrawnAt: toDate(patch.withdrawnAt),
            greenChannel: patch.greenChannel,
            acceptedAt: toDate(patch.acceptedAt),
            missingMaterials: patch.missingMaterials === null ? Prisma.DbNull : (patch.missingMaterials as object[] | undefined),
            version: { increment: 1 },
          },
        }),
        // Queue priority (listTasks sorts green first) for every task, started or still waiting.
        ...(patch.greenChannel ? [db.task.updateMany({ where: { projectId }, data: { greenChannel: true } })] : []),
        db.event.create({ data: eventRow(event, audience) }),
        ...meeting,
      ]);
    },

    /**
     * Compiles the one consolidated reply (集中回复) from the read model; one version per event.
     * After a withdrawal the reply (outcome `withdrawn`) is still the applicant's one answer, but
     * the project stays `withdrawn`.
     */
    async compileReply({ projectId, replyId, withdrawn = false, event }: { projectId: string; replyId: string; withdrawn?: boolean; event: EventInput<'project.replied'> }): Promise<ReplyContent> {
      const existing = await db.consolidatedReply.findUnique({ where: { id: replyId } });
      if (existing) return existing.content as unknown as ReplyContent;
      const project = await db.project.findUniqueOrThrow({
        where: { id: projectId },
        include: { tasks: { include: { item: { select: { sortOrder: true } } } } },
      });
      const items = await db.approvalItem.findMany({ where: { id: { in: project.tasks.map((t) => t.itemId) } } });
      // The applicant reads the items in catalogue order.
      const tasks = [...project.tasks].sort((a, b) => a.item.sortOrder - b.item.sortOrder || a.id.localeCompare(b.id));
      // Only completed 会签 are part of the reply: an unsigned joint opinion is no opinion yet.
      const countersigns = await db.countersign.findMany({
        where: { projectId, status: 'completed' },
        include: { signatures: { orderBy: { departmentId: 'asc' } } },
        orderBy: [{ completedAt: 'asc' }, { id: 'asc' }],
      });
      const content = buildReplyContent({ ...project, tasks }, items, { withdrawn, countersigns });
      const version = (await db.consolidatedReply.count({ where: { projectId } })) + 1;
      await db.$transaction([
        db.consolidatedReply.create({ data: { id: replyId, projectId, version, content: content as unknown as object } }),
        db.project.update({
          where: { id: projectId },
          data: { ...(withdrawn ? {} : { status: 'replied' }), repliedAt: new Date(event.occurredAt), version: { increment: 1 } },
        }),
        db.event.create({ data: eventRow({ ...event, payload: { ...event.payload, version, outcome: content.outcome } }, project) }),
      ]);
      return content;
    },

    /** 职位代理 AB 角: where a department's task received at `at` goes (null: nobody of the department is away). */
    async routeTask({ departmentId, at }: { departmentId: string; at: number }): Promise<AbsenceRouting | null> {
      return routingForDepartment(db, departmentId, shanghaiDateOf(at));
    },

    /** An absence begins: its routing and the department's tasks in hand (null once cancelled or over). */
    async absenceStarted({ absenceId, at }: { absenceId: string; at: number }): Promise<{ routing: AbsenceRouting; taskIds: string[] } | null> {
      return absenceStart(db, absenceId, shanghaiDateOf(at));
    },

    /** An absence ended early: the department's tasks in hand, to be told (those it delegated return). */
    async departmentTasksInHand({ departmentId }: { departmentId: string }): Promise<string[]> {
      return tasksInHand(db, departmentId);
    },
  };
}

export type LifecycleActivities = ReturnType<typeof createLifecycleActivities>;
