import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { DEFAULT_YELLOW_PERCENT, isClockError, validateYearSchedule, type YearSchedule } from '../../domain/clock';
import { blockedByRejection, readyToStart, selectItems, type CatalogueItem } from '../../domain/routing';
import type { EventPayloads } from '../../domain/vocabulary';
import { eventBuilder } from '../events';
import { lifecycleWrites } from '../proxies';
import { visibility } from '../visibility';
import { reject } from '../failures';
import { SYSTEM_ACTOR, type Actor } from '../shared';
import { approvalTaskWorkflow } from '../task/workflow';
import { projectTrackingWorkflow } from '../tracking/workflow';
import { trackingWorkflowId } from '../tracking/contracts';
import { cancelTaskSignal, calendarUpdatedSignal as taskCalendarUpdatedSignal, taskWorkflowId, type TaskOutcome, type TaskWorkflowInput } from '../task/contracts';
import { receiptRecord } from '../task/receipt';
import type { RecordReceiptsInput } from '../../activities/lifecycle';
import {
  calendarUpdatedSignal,
  intakeResultUpdate,
  projectStateQuery,
  taskChangedSignal,
  withdrawProjectUpdate,
  type ProjectState,
  type ProjectTaskSummary,
  type ProjectWorkflowInput,
} from './contracts';
import { LIGHT_ZH, calendarYears, isConcluded, worstOpenLight } from './rules';
import { registerGreenChannel } from './green-channel';
import { checkIntakeMaterials } from './intake';
import { patchesAtStart } from '../patches-at-start';

/** Histories recorded before it (test/histories/*.pre-lean-intake.json) keep per-task receipts and every task signal. */
const LEAN_INTAKE_PATCH = 'lean-intake';
/**
 * Histories recorded before it (test/histories/*.pre-receipts-at-registration.json) write the first
 * wave's receipts in a second local write once the tasks have started; since it they go in with the
 * registration, and the intake answer leaves with the first workflow task (issue #15: that second
 * workflow task ran alongside every new task's first one and was most of submitProject's time).
 */
const RECEIPTS_AT_REGISTRATION_PATCH = 'receipts-at-registration';

/**
 * One project from one-window intake (一门受理) to the consolidated reply (集中回复):
 * routes the approval items, fans out every task whose prerequisites are met, starts the
 * rest as their prerequisites are approved, keeps the project's light, and compiles one reply
 * when all have concluded — or, after a withdrawal, once every open task is cancelled.
 */
export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectState> {
  const { intake } = input;
  const startedAt = Date.now();
  const intakeAt = Math.min(input.receivedAt ?? startedAt, startedAt);
  const state: ProjectState = { projectId: input.projectId, code: input.code, status: 'in_review', light: 'green', registered: false, tasks: [] };
  const show = visibility('project', { projectCode: input.code, light: state.light });
  // Local reads and writes, and the first wave started together, since the `local-writes` patch.
  const { writes: lifecycle, local } = lifecycleWrites();
  // Since `lean-intake`: the first wave's receipts are written with the project, and tasks report
  // only light changes (the conclusion comes with each task's result).
  const lean = local && patched(LEAN_INTAKE_PATCH);
  const settledAtStart = patchesAtStart();
  // Decided at the first activation like every patch since `patches-at-start` (see there why).
  const receiptsAtRegistration = lean && settledAtStart && patched(RECEIPTS_AT_REGISTRATION_PATCH);
  const taskId = (itemId: string) => `${input.code}.${itemId}`;
  const summary = (itemId: string) => state.tasks.find((t) => t.itemId === itemId)!;
  const event = eventBuilder(() => ({ projectId: input.projectId, agentId: intake.agentId }));
  // Task events carry the department so its feed and webhooks receive them.
  const onTask = (task: ProjectTaskSummary) => ({ scope: { taskId: task.taskId, departmentId: task.departmentId } });
  const subject = `${intake.name}（${input.code}）`;

  setHandler(projectStateQuery, () => state);

  // Written only when the worst open light changes, so a burst of task signals costs one write;
  // the chain keeps the writes in the order the light changed.
  let lights: Promise<void> = Promise.resolve();
  const publishLight = (cause: { taskId: string; status: string; light: string }) => {
    lights = lights.then(async () => {
      const to = worstOpenLight(state.tasks);
      if (to === state.light) return;
      const from = state.light;
      state.light = to;
      show({ light: to });
      await lifecycle.recordProject({
        projectId: input.projectId,
        patch: { light: to },
        event: event('project.light_changed', SYSTEM_ACTOR, { from, to, cause, message: `${subject}由${LIGHT_ZH[from]}转为${LIGHT_ZH[to]}` }),
      });
    });
  };

  // Intake answers once every first-wave task has reached its department (转告相关), so the
  // window's response already shows them as received.
  const firstWave: string[] = [];
  const reported = new Set<string>();
  let withdrawal: { actor: Actor; reason: string } | undefined;
  const firstWaveSettled = () => withdrawal !== undefined || firstWave.every((id) => reported.has(id));
  setHandler(intakeResultUpdate, async () => {
    // A withdrawal right after intake may cancel first-wave tasks before they report; a project
    // awaiting materials has started none.
    await condition(() => state.registered && (state.status === 'awaiting_materials' || firstWaveSettled()));
    return state;
  });
  setHandler(taskChangedSignal, (change) => {
    const t = state.tasks.find((x) => x.taskId === change.taskId);
    if (!t) return;
    // The child's result may be processed first; a concluded summary is final.
    if (!isConcluded(t.status)) Object.assign(t, { status: change.status, light: change.light });
    reported.add(change.taskId);
    publishLight(change);
  });

  const running = new Map<string, Promise<TaskOutcome>>();
  const cancelSent = new Set<string>();
  let cancelling = false;
  let replying = false;
  let concluded = false;
  const cancelRunning = async () => {
    const targets = [...running.keys()].filter((id) => !cancelSent.has(id));
    for (const id of targets) cancelSent.add(id);
    const { actor, reason } = withdrawal!;
    await Promise.all(
      targets.map((id) =>
        getExternalWorkflowHandle(taskWorkflowId(taskId(id)))
          .signal(cancelTaskSignal, { actor, reason })
          .catch(() => undefined), // concluded meanwhile: nothing left to cancel
      ),
    );
  };
  setHandler(
    withdrawProjectUpdate,
    async ({ actor, reason }) => {
      withdrawal = { actor, reason };
      state.status = 'withdrawn';
      state.withdrawnAt = Date.now();
      await condition(() => state.registered);
      // The withdrawal is recorded before the cancellations it causes.
      await lifecycle.recordProject({
        projectId: input.projectId,
        patch: { status: 'withdrawn', withdrawnAt: state.withdrawnAt },
        event: event('project.withdrawn', actor, { reason }),
      });
      cancelling = true;
      await cancelRunning();
      // Answer with everything written: every task cancelled and the withdrawn reply compiled.
      await condition(() => concluded);
      return state;
    },
    {
      validator: (_input) => {
        if (state.status === 'withdrawn') reject('project_closed', '项目已撤回，不能重复撤回');
        if (!open() || replying) reject('project_closed', '项目已办结并集中回复，不能撤回');
      },
    },
  );

  // Accepted or still awaiting materials: the applicant may withdraw, the office may grant the green channel.
  const open = () => state.status === 'in_review' || state.status === 'awaiting_materials';
  let routed: CatalogueItem[] = [];
  const greenChannel = registerGreenChannel({
    input,
    state,
    items: () => routed,
    runningItems: () => [...running.keys()],
    closed: () => !open() || replying,
    writes: lifecycle,
    event,
  });

  // Schedules published while the project runs override the loaded ones, for running and future tasks.
  const calendarUpdates = new Map<number, YearSchedule>();
  let calendarRevision = 0;
  const forwardCalendar = (itemId: string, schedule: YearSchedule) =>
    getExternalWorkflowHandle(taskWorkflowId(taskId(itemId)))
      .signal(taskCalendarUpdatedSignal, { schedule })
      .catch(() => undefined); // the task concluded meanwhile: nothing left to re-project
  setHandler(calendarUpdatedSignal, async ({ schedule }) => {
    let valid: YearSchedule;
    try {
      valid = validateYearSchedule(schedule);
    } catch (e) {
      // A bad schedule would fail every task started with it; signals stay in history, so no rethrow.
      if (!isClockError(e)) throw e;
      log.warn('忽略无效的工作日历', { projectId: input.projectId, code: e.code, message: e.message });
      return;
    }
    calendarUpdates.set(valid.year, valid);
    calendarRevision++;
    await Promise.all([...running.keys()].map((itemId) => forwardCalendar(itemId, valid)));
  });

  // Routed once, from one catalogue version: the activity result is in history, so neither a replay
  // nor a later catalogue edit reroutes this project; later waves start from these same items.
  // Lean: both reads at once (neither needs the other), one local-activity round trip instead of two.
  const calendarLoad = lean ? lifecycle.loadCalendar({ years: calendarYears(intakeAt, startedAt) }) : undefined;
  const routing = await lifecycle.loadRoutingContext();
  const { catalogue } = routing;
  const yellowPercent = routing.yellowPercent ?? DEFAULT_YELLOW_PERCENT;
  const items: CatalogueItem[] = selectItems(catalogue, intake);
  routed = items;
  const loadedCalendar = await (calendarLoad ?? lifecycle.loadCalendar({ years: calendarYears(intakeAt, startedAt) }));
  const calendar = () => [...loadedCalendar.filter((s) => !calendarUpdates.has(s.year)), ...calendarUpdates.values()];
  state.tasks = items.map((i) => ({
    taskId: taskId(i.id),
    itemId: i.id,
    departmentId: i.departmentId,
    status: 'waiting',
    light: 'green',
    prerequisites: i.prerequisites,
  }));
  const intakeCheck = checkIntakeMaterials({ input, state, items, settled: firstWaveSettled, decidedAtStart: settledAtStart });
  const firstWaveItems = new Set(readyToStart(items, new Set(), new Set()).map((i) => i.id));

  /** A task's input as it starts now, received at `receivedAt` (undefined: when it starts). */
  const taskInput = (item: CatalogueItem, receivedAt: number | undefined): TaskWorkflowInput => {
    const green = greenChannel.active();
    return {
      taskId: taskId(item.id),
      projectId: input.projectId,
      projectCode: input.code,
      projectName: intake.name,
      itemId: item.id,
      itemName: item.name,
      departmentId: item.departmentId,
      statutoryDays: item.statutoryDays,
      promisedDays: green && item.greenChannelDays ? item.greenChannelDays : item.promisedDays,
      ...(item.limitUnit && item.limitUnit !== 'workingDays' ? { limitUnit: item.limitUnit } : {}),
      greenChannel: green,
      ...(item.onTheSpot && state.acceptedOnTheSpot ? { onTheSpot: true as const } : {}),
      calendar: calendar(),
      yellowPercent,
      receivedAt,
      ...(lean ? { quietParent: true as const } : {}),
    };
  };
  // Lean: the first wave's inputs are fixed now and their receipts go into the project's own write,
  // computed by the tasks' own rule (receiptRecord), so each task starts already received.
  const prepared = new Map<string, { args: TaskWorkflowInput; revision: number }>();
  const receipts = new Map<string, RecordReceiptsInput['receipts'][number]>();
  // Not for a backdated intake: its tasks may ring alarms at once, which only their own chain orders.
  if (lean && !intakeCheck.notice && input.receivedAt === undefined) {
    const at = Date.now();
    for (const item of items.filter((i) => firstWaveItems.has(i.id))) {
      const args: TaskWorkflowInput = { ...taskInput(item, at), receiptRecorded: true };
      prepared.set(item.id, { args, revision: calendarRevision });
      const receipt = receiptRecord(args, args.receivedAt!, at, workflowInfo().workflowId);
      receipts.set(item.id, { taskId: args.taskId, patch: receipt.patch, event: event('task.received', undefined, receipt.payload, { occurredAt: at, ...onTask(summary(item.id)) }) });
    }
  }
  // Its receipt is in the read model: the task has reached its department.
  const receiptWritten = (itemId: string) => {
    receipts.delete(itemId);
    reported.add(taskId(itemId));
  };
  // A task shown received before its workflow exists is waited for by the gateway (api/routes/task-actions.ts).
  const receivedAtRegistration = new Set(receiptsAtRegistration ? receipts.keys() : []);
  await lifecycle.registerProject({
    workflowId: workflowInfo().workflowId,
    ...(receivedAtRegistration.size > 0 ? { receipts: [...receipts.values()] } : {}),
    ...(intakeCheck.notice ? { awaiting: { missing: state.missingMaterials!, notice: intakeCheck.notice } } : {}),
    ...(greenChannel.ruleGrant ? { related: [greenChannel.ruleGrant] } : {}),
    input,
    items,
    catalogueVersion: routing.catalogueVersion,
    submittedAt: intakeAt,
    event: event('project.submitted', input.submittedBy, { code: input.code, items: items.map((i) => i.id) }, { occurredAt: intakeAt }),
  });
  firstWave.push(...[...firstWaveItems].map(taskId));
  for (const itemId of receivedAtRegistration) {
    receiptWritten(itemId);
    summary(itemId).status = 'received';
  }
  state.registered = true;
  // Not yet accepted (待补齐材料): nothing starts until the materials are complete or the applicant withdraws.
  await intakeCheck.accepted();

  const started = new Set<string>();
  const approved = new Set<string>();
  const rejected = new Set<string>();

  const startTask = async (item: CatalogueItem) => {
    started.add(item.id);
    const ready = prepared.get(item.id);
    const revision = ready?.revision ?? calendarRevision;
    const args =
      ready?.args ??
      // Only the first wave reached its department at intake; later waves are received as they start.
      // A project accepted after supplying materials starts its clocks on acceptance, not intake.
      taskInput(item, input.receivedAt !== undefined && firstWaveItems.has(item.id) && state.acceptedAt === undefined ? intakeAt : undefined);
    const green = args.greenChannel;
    const handle = await startChild(approvalTaskWorkflow, {
      workflowId: taskWorkflowId(taskId(item.id)),
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      args: [args],
    });
    // Signals are processed before the start resolves, so the task may already have reported more.
    if (summary(item.id).status === 'waiting') summary(item.id).status = 'received';
    running.set(item.id, handle.result());
    await greenChannel.catchUp(item.id, green);
    // A schedule that arrived while the child was starting reached neither its input nor the forwarding.
    if (revision !== calendarRevision) for (const s of calendarUpdates.values()) await forwardCalendar(item.id, s);
    if (cancelling) await cancelRunning();
  };

  for (;;) {
    const ready = readyToStart(items, started, approved);
    // Started together, a wave costs the engine one round trip instead of one per task.
    if (local && !withdrawal) await Promise.all(ready.map(startTask));
    else
      for (const item of ready) {
        // A task its department already sees received still starts, and is cancelled like the running ones.
        if (withdrawal && !receivedAtRegistration.has(item.id)) continue;
        await startTask(item);
      }
    // The prepared receipts, once their tasks exist (one write for the wave); the intake answer waits for it.
    const due = [...receipts.keys()].filter((itemId) => running.has(itemId));
    if (due.length > 0) {
      await lifecycle.recordReceipts({ projectId: input.projectId, receipts: due.map((itemId) => receipts.get(itemId)!) });
      for (const itemId of due) receiptWritten(itemId);
    }
    for (const itemId of blockedByRejection(items, rejected)) {
      if (started.has(itemId)) continue;
      started.add(itemId);
      const s = summary(itemId);
      s.status = 'not_started';
      await lifecycle.recordTask({
        taskId: s.taskId,
        patch: { status: 'not_started', version: 1 },
        event: event('task.not_started', undefined, { status: 'not_started', version: 1, reason: 'prerequisite_rejected' }, onTask(s)),
      });
    }
    if (running.size === 0) break;
    const outcome = await Promise.race(running.values());
    running.delete(outcome.itemId);
    const s = summary(outcome.itemId);
    s.status = outcome.status;
    s.decision = outcome.decision?.decision;
    if (outcome.decision?.decision === 'rejected') rejected.add(outcome.itemId);
    else if (outcome.decision) approved.add(outcome.itemId);
    // A quiet task did not signal its conclusion: the light is recomputed from its result.
    if (lean) publishLight({ taskId: s.taskId, status: s.status, light: s.light });
  }

  if (withdrawal) {
    const { actor, reason } = withdrawal;
    await condition(() => cancelling);
    // Tasks that never started have no workflow to cancel: the project records them, so their
    // departments still hear of it.
    const waiting = state.tasks.filter((t) => t.status === 'waiting');
    for (const t of waiting) t.status = 'cancelled';
    await Promise.all(
      waiting.map((t) =>
        lifecycle.recordTask({
          taskId: t.taskId,
          patch: { status: 'cancelled', version: 1 },
          event: event('task.cancelled', actor, { status: 'cancelled', version: 1, reason, cause: 'project_withdrawn', started: false }, onTask(t)),
        }),
      ),
    );
  } else {
    replying = true;
  }
  // One answer either way: the decisions made, or what stood when the applicant withdrew.
  await lifecycle.compileReply({
    projectId: input.projectId,
    replyId: `${input.code}.reply.1`,
    withdrawn: withdrawal !== undefined,
    // compileReply numbers the reply and completes the payload with its version and outcome.
    event: event('project.replied', undefined, {} as EventPayloads['project.replied']),
  });
  state.replyVersion = 1;
  if (!withdrawal) {
    state.status = 'replied';
    // Follow-up (跟踪问效) outlives this workflow: it is abandoned, not cancelled, when we return.
    await startChild(projectTrackingWorkflow, {
      workflowId: trackingWorkflowId(input.code),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ projectId: input.projectId, code: input.code, agentId: intake.agentId, repliedAt: Date.now() }],
    });
  }
  concluded = true;
  await lights;
  await condition(allHandlersFinished);
  return state;
}
