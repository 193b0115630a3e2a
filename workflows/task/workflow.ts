import { allHandlersFinished, condition, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { compareDates, isClockError, isIsoDate, shanghaiDateOf, shanghaiEndOfDay } from '../../domain/clock';
import { isConcludedTask } from '../../domain/vocabulary/statuses';
import { lifecycleWrites } from '../proxies';
import { visibility } from '../visibility';
import { expectVersion, reject } from '../failures';
import { SYSTEM_ACTOR, type Actor } from '../shared';
import { createdId, eventBuilder } from '../events';
import type { EventInput } from '../../activities/events';
import type { TaskPatch } from '../../activities/lifecycle';
import * as clock from './clock';
import { registerExtensionHandlers, type RecordTaskEvent, type RelatedEvent, type TaskCommon } from './extension';
import { registerExcludedTimeHandlers } from './excluded';
import { registerGreenChannelHandler } from './green-channel';
import { endIntermediaryOnWithdrawal, guardNoIntermediary, registerIntermediaryHandlers } from './intermediary';
import { registerAbsenceHandler, routeOnArrival, type RoutingReads } from './absence';
import { patchesAtStart } from '../patches-at-start';
import { runTaskAlarms } from './alarms';
import { receiptPayload } from './receipt';
import { taskChangedSignal } from '../project/contracts';
import {
  acceptTaskUpdate,
  calendarUpdatedSignal,
  cancelTaskSignal,
  decideTaskUpdate,
  reassignTaskUpdate,
  requestSupplementUpdate,
  supplyMaterialsUpdate,
  taskStateQuery,
  type Light,
  type TaskOutcome,
  type SupplyMaterialsInput,
  type TaskState,
  type TaskStatus,
  type TaskWorkflowInput,
} from './contracts';


/** A deep copy of plain data, as it will be serialized for the activity. */
const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;


/**
 * One department's approval task: received → accepted → decided, with one supplement notice,
 * under the legal clock (限时办结): deemed acceptance, yellow/red lights, statutory breach.
 */
export async function approvalTaskWorkflow(input: TaskWorkflowInput): Promise<TaskOutcome> {
  const startedAt = Date.now();
  const receivedAt = Math.min(input.receivedAt ?? startedAt, startedAt);
  const book = clock.openClock(input, receivedAt);
  const state: TaskState = {
    taskId: input.taskId,
    status: 'received',
    version: 1,
    light: 'green',
    receivedAt,
    deemedAccepted: false,
    notices: [],
    clock: clock.clockView(book, 'received'),
  };
  const show = visibility('task', { projectCode: input.projectCode, department: input.departmentId, taskStatus: state.status, light: state.light });
  const { writes, local } = lifecycleWrites();
  const settledAtStart = patchesAtStart();

  // Bumped by every change so the main loop re-derives its next alarm; see the loop below.
  let changes = 0;
  // Records run one after another: each carries a full clock snapshot, and a stale snapshot
  // must never land after a newer one.
  let chain: Promise<unknown> = Promise.resolve();
  // The last local activity started on the chain or by `serialRead`.
  let lastLocal: Promise<unknown> = Promise.resolve();
  /**
   * A local read in turn with the writes (since `patches-at-start`): after the previous write, before
   * the next. Two local activities running at once — the arrival's routing read beside the write of
   * an acceptance that came with the task's first workflow task — resolve on replay in marker order,
   * not in the order they finished, and the replay fails (TMPRL1100 in a chaos run, issue #15;
   * test/workflows/first-task-update.test.ts).
   */
  const serialRead = <T>(read: () => Promise<T>): Promise<T> => {
    const done = lastLocal.then(read);
    lastLocal = done.catch(() => undefined);
    chain = Promise.all([chain, lastLocal]);
    return done;
  };

  /**
   * The project keeps a per-task summary (lights, intake readiness); a finished parent is ignored.
   * A quiet task skips every change that leaves the light as last told: each signal costs the project
   * a workflow task that competes with the department's next request on the same worker.
   */
  let toldLight: Light | undefined = input.receiptRecorded ? 'green' : undefined;
  const tellParent = async (summary: { taskId: string; status: TaskStatus; light: Light }) => {
    const parent = workflowInfo().parent;
    if (!parent) return;
    // A receipt the task wrote itself is always told (the project's intake answer may wait for it).
    if (input.quietParent && summary.light === toldLight) return;
    toldLight = summary.light;
    await getExternalWorkflowHandle(parent.workflowId).signal(taskChangedSignal, summary).catch(() => undefined);
  };

  const event = eventBuilder<TaskCommon>(
    () => ({ projectId: input.projectId, taskId: input.taskId, departmentId: input.departmentId }),
    () => ({ status: state.status, version: state.version }),
  );
  const record: RecordTaskEvent = (type, actor, payload, patch: Omit<TaskPatch, 'version'> = {}, related = [], supplied) => {
    changes++;
    show({ taskStatus: state.status, light: state.light });
    state.clock = clock.clockView(book, state.status);
    const occurredAt = Date.now();
    // Records may wait in the chain; a snapshot keeps later changes (a closed suspension, a resolved
    // notice) out of an earlier record.
    const call: Parameters<typeof writes.recordTask>[0] = snapshot({
      taskId: input.taskId,
      patch: { light: state.light, ...clock.clockRecord(book, state.status, state.deemedAccepted, occurredAt), ...patch, version: state.version },
      // The builder's result is typed per event type; the activity takes any of them.
      event: event(type, actor, payload, { occurredAt }) as EventInput,
      related: related.map((r) => event(r.type, actor, r.payload as never, { occurredAt }) as EventInput),
      ...(supplied ? { supplement: { projectId: input.projectId, materials: supplied, submittedAt: occurredAt } } : {}),
    });
    const summary = { taskId: input.taskId, status: state.status, light: state.light };
    const written = chain.then(() => writes.recordTask(call));
    lastLocal = written.catch(() => undefined);
    const told = written.then(() => tellParent(summary));
    chain = told.catch(() => undefined);
    // With local writes an update answers once the read model holds the change; the parent hears of
    // it next on the chain (its summary is not part of the answer), which saves a workflow task per update.
    return local ? written : told;
  };

  const recordReceived = () =>
    record('task.received', undefined, receiptPayload(input, state.clock, workflowInfo().parent?.workflowId), { status: 'received', receivedAt: state.receivedAt });
  // With local writes the receipt reaches the read model inside the first workflow task. If that task
  // fails, a client that already saw the receipt may accept at once, and its update then arrives with the
  // retry, where handlers run as soon as they are registered: recording the receipt first keeps the
  // receipt before the acceptance (the other way round, the receipt overwrote the accepted row).
  // A receipt the project already wrote (registerProject, same input and instant) is not written again.
  const received = input.receiptRecorded ? Promise.resolve() : local ? recordReceived() : undefined;

  const guardOpen = () => {
    if (isConcludedTask(state.status)) reject('already_decided', '该任务已办结或已撤回，不能再操作');
  };
  const subject = `${input.projectName}（${input.projectCode}）“${input.itemName}”`;

  /** A delegation (职位代理) lasts to 24:00 of its `until` date (Asia/Shanghai). */
  const lapseAt = () => (state.delegation ? shanghaiEndOfDay(state.delegation.until) : undefined);
  /**
   * While a delegation runs, the department's actions are the deputy's, taken on the department's
   * behalf; the stamped actor goes into every history entry (events, notices, the decision).
   * Decided here rather than at the gateway because only the workflow knows the exact lapse.
   */
  const acting = (actor: Actor): Actor => {
    const lapse = lapseAt();
    if (!state.delegation || lapse === undefined || Date.now() >= lapse || actor.role !== 'department') return actor;
    return { ...actor, name: state.delegation.delegateName, onBehalfOf: input.departmentId };
  };

  setHandler(taskStateQuery, () => state);

  setHandler(
    acceptTaskUpdate,
    async ({ actor: caller, note }) => {
      const actor = acting(caller);
      state.status = 'accepted';
      state.acceptedAt = Date.now();
      state.version++;
      await record('task.accepted', actor, { note }, { status: 'accepted', acceptedAt: state.acceptedAt });
      return state;
    },
    {
      validator: ({ expectedVersion }) => {
        guardOpen();
        expectVersion(expectedVersion, state.version);
        if (state.status !== 'received') reject('illegal_transition', '只有待签收的任务可以受理');
      },
    },
  );

  setHandler(
    requestSupplementUpdate,
    async ({ actor: caller, items, note }) => {
      const actor = acting(caller);
      const violation = state.notices.length > 0;
      const noticeId = createdId('notice');
      const issuedAt = Date.now();
      state.notices.push({ noticeId, issuedAt, issuedBy: actor, items, note, violation });
      const suspension = clock.suspend(book, noticeId, issuedAt);
      state.status = 'supplement_requested';
      state.version++;
      const count = state.notices.length;
      // 一次性告知 allows one notice; a second one is still served (the applicant needs it) but reported.
      const related: RelatedEvent[] = violation
        ? [{ type: 'task.notice_violation', payload: { noticeId, noticeCount: count, message: `${subject}第${count}次告知补正材料，违反一次性告知规定` } }]
        : [];
      await record(
        'task.supplement_requested',
        actor,
        { noticeId, items, violation, suspension },
        { status: 'supplement_requested', noticeCount: count, notice: state.notices[count - 1] },
        related,
      );
      return state;
    },
    {
      validator: ({ expectedVersion, items }) => {
        guardOpen();
        expectVersion(expectedVersion, state.version);
        if (state.status === 'supplement_requested') reject('supplement_already_requested', '一次性告知已发出，请等待窗口提交补正材料');
        if (state.status !== 'received') reject('illegal_transition', '只有受理前的任务可以一次性告知补正材料');
        if (items.length === 0) reject('invalid_input', '一次性告知必须列明所缺材料');
      },
    },
  );

  setHandler(
    supplyMaterialsUpdate,
    async ({ actor, materials }) => {
      const notice = state.notices[state.notices.length - 1];
      notice.resolvedAt = Date.now();
      notice.materials = materials;
      const suspension = clock.resume(book, notice.resolvedAt);
      state.status = 'received';
      state.version++;
      // The materials join the project's file, marked with the task they answer.
      await record(
        'task.supplement_received',
        actor,
        { materials, suspension, statutoryDueDate: clock.dueDateOf(book.statutory), promisedDueDate: clock.dueDateOf(book.promised) },
        { status: 'received', notice },
        [{ type: 'project.materials_supplemented', payload: { noticeId: notice.noticeId, materials, message: `${subject}已补正材料` } }],
        materials,
      );
      return state;
    },
    {
      validator: (_input: SupplyMaterialsInput) => {
        guardOpen();
        if (state.status !== 'supplement_requested') reject('not_waiting_for_materials', '该任务未在等待补正材料');
      },
    },
  );

  setHandler(
    decideTaskUpdate,
    async ({ actor: caller, decision, reasons, permitNumber, conditions }) => {
      const actor = acting(caller);
      state.decision = { decision, reasons, permitNumber, conditions: conditions ?? [], decidedAt: Date.now(), decidedBy: actor };
      state.status = 'decided';
      state.version++;
      await record('task.decided', actor, { decision: state.decision }, { status: 'decided', decision: state.decision });
      return state;
    },
    {
      validator: ({ expectedVersion, decision, reasons, conditions }) => {
        guardOpen();
        expectVersion(expectedVersion, state.version);
        if (state.status !== 'accepted') reject('illegal_transition', '任务受理后才能作出审批决定');
        guardNoIntermediary(state, '请先登记中介服务结果再作出审批决定');
        if (decision === 'rejected' && reasons.length === 0) reject('invalid_input', '不予许可必须说明理由');
        if (decision === 'approved_with_conditions' && (conditions ?? []).length === 0) reject('invalid_input', '附条件许可必须列明条件');
      },
    },
  );

  setHandler(
    reassignTaskUpdate,
    async ({ actor: caller, delegateId, delegateName, until, reason }) => {
      const actor = acting(caller);
      state.delegation = { delegateId, delegateName, until, reason, assignedBy: actor, assignedAt: Date.now() };
      state.version++;
      await record('task.reassigned', actor, { delegation: state.delegation }, { assignee: { ...state.delegation } });
      return state;
    },
    {
      validator: ({ expectedVersion, until }) => {
        guardOpen();
        expectVersion(expectedVersion, state.version);
        if (!isIsoDate(until)) reject('invalid_input', '代理截止日期无效，应为 YYYY-MM-DD');
        const today = shanghaiDateOf(Date.now());
        // An open-ended delegation would let a deputy act indefinitely; the period must lie ahead.
        if (compareDates(until, today) < 0) reject('invalid_input', `代理截止日期 ${until} 早于今天（${today}），职位代理必须限定有效期`);
      },
    },
  );

  const context = { state, book, subject, guardOpen, acting, record };
  registerExtensionHandlers(context);
  registerExcludedTimeHandlers(context);
  registerGreenChannelHandler(context);
  registerIntermediaryHandlers({ ...context, projectId: input.projectId, departmentId: input.departmentId });
  const absenceContext = { ...context, departmentId: input.departmentId };
  registerAbsenceHandler(absenceContext);

  let cancelledBy: { actor: Actor; reason: string } | undefined;
  setHandler(cancelTaskSignal, (cancel) => {
    if (!isConcludedTask(state.status)) cancelledBy = cancel;
  });

  setHandler(calendarUpdatedSignal, async ({ schedule }) => {
    if (isConcludedTask(state.status)) return;
    let r: clock.Reprojected;
    try {
      r = clock.applySchedule(book, schedule);
    } catch (e) {
      // A signal stays in history: rethrowing would fail every replay of this workflow.
      if (!isClockError(e)) throw e;
      log.warn('忽略无效的工作日历', { taskId: input.taskId, code: e.code, message: e.message });
      return;
    }
    changes++;
    if (!r.changed) return;
    // Only a revision can relieve a light; escalations stay with the alarms so they are reported in order.
    const relieved = clock.relievedLight(book, state.light, Date.now());
    const related: RelatedEvent[] = [];
    if (relieved) {
      related.push({ type: 'task.light_changed', payload: { from: state.light, to: relieved, reason: 'calendar_revised' } });
      state.light = relieved;
    }
    const message: string[] = [];
    if (r.statutory) message.push(`法定时限${r.statutory.reason.message}`);
    if (r.promised) message.push(`承诺时限${r.promised.reason.message}`);
    await record('task.deadline_reprojected', SYSTEM_ACTOR, {
      statutory: r.statutory,
      promised: r.promised,
      dueDateChanged: r.dueDateChanged,
      message: message.join('；'),
    }, {}, related);
  });

  await (received ?? recordReceived());
  const routeReads: RoutingReads | undefined = !input.quietParent
    ? undefined
    : settledAtStart
      ? { routeTask: (at) => serialRead(() => writes.routeTask(at)) }
      : writes;
  await routeOnArrival(absenceContext, routeReads, settledAtStart);

  // One timer for the earliest pending alarm or delegation lapse; any change wakes the loop to re-derive it.
  const open = () => !isConcludedTask(state.status) && cancelledBy === undefined;
  await runTaskAlarms({ state, book, subject, record, input, lapseAt, open, changes: () => changes });

  if (state.status !== 'decided' && cancelledBy) {
    await endIntermediaryOnWithdrawal(state, cancelledBy);
    state.status = 'cancelled';
    state.version++;
    await record('task.cancelled', cancelledBy.actor, { reason: cancelledBy.reason, cause: 'project_withdrawn', started: true }, { status: 'cancelled' });
  }
  await condition(allHandlersFinished);
  // The last summary reaches the parent before the run ends (updates no longer wait for it).
  if (local) await chain;
  return { taskId: input.taskId, itemId: input.itemId, status: state.status === 'decided' ? 'decided' : 'cancelled', decision: state.decision };
}
