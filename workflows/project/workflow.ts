import { ParentClosePolicy, allHandlersFinished, condition, getExternalWorkflowHandle, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import { DEFAULT_YELLOW_PERCENT, shanghaiDateOf, type YearSchedule } from '../../domain/clock';
import { blockedByRejection, readyToStart, selectItems, type CatalogueItem } from '../../domain/routing';
import { lifecycle } from '../proxies';
import { reject } from '../failures';
import type { Actor } from '../shared';
import { approvalTaskWorkflow } from '../task/workflow';
import { cancelTaskSignal, calendarUpdatedSignal as taskCalendarUpdatedSignal, taskWorkflowId, type TaskOutcome } from '../task/contracts';
import {
  calendarUpdatedSignal,
  intakeResultUpdate,
  projectStateQuery,
  taskChangedSignal,
  withdrawProjectUpdate,
  type ProjectState,
  type ProjectWorkflowInput,
} from './contracts';

/**
 * One project from one-window intake (一门受理) to the consolidated reply (集中回复):
 * routes the approval items, fans out every task whose prerequisites are met, starts the
 * rest as their prerequisites are approved, and compiles one reply when all have concluded.
 */
export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectState> {
  const { intake } = input;
  const state: ProjectState = { projectId: input.projectId, code: input.code, status: 'in_review', registered: false, tasks: [] };
  const taskId = (itemId: string) => `${input.code}.${itemId}`;
  const event = (type: string, actor: Actor | undefined, payload: Record<string, unknown>) => ({
    id: uuid4(),
    type,
    projectId: input.projectId,
    agentId: intake.agentId,
    actor,
    payload,
    occurredAt: Date.now(),
  });

  setHandler(projectStateQuery, () => state);
  // Intake answers once every first-wave task has reached its department (转告相关), so the
  // window's response already shows them as received.
  const firstWave: string[] = [];
  const reported = new Set<string>();
  setHandler(intakeResultUpdate, async () => {
    await condition(() => state.registered && firstWave.every((id) => reported.has(id)));
    return state;
  });
  setHandler(taskChangedSignal, ({ taskId: id, status, light }) => {
    const t = state.tasks.find((x) => x.taskId === id);
    if (t) Object.assign(t, { status, light });
    reported.add(id);
  });

  const running = new Map<string, Promise<TaskOutcome>>();
  let withdrawal: { actor: Actor; reason: string } | undefined;
  setHandler(
    withdrawProjectUpdate,
    async ({ actor, reason }) => {
      withdrawal = { actor, reason };
      state.status = 'withdrawn';
      await Promise.all(
        [...running.keys()].map((itemId) => getExternalWorkflowHandle(taskWorkflowId(taskId(itemId))).signal(cancelTaskSignal, { actor, reason })),
      );
      await lifecycle.recordProject({
        projectId: input.projectId,
        patch: { status: 'withdrawn', withdrawnAt: Date.now() },
        event: event('project.withdrawn', actor, { reason }),
      });
      return state;
    },
    {
      validator: (_input) => {
        if (state.status === 'withdrawn') reject('project_withdrawn', '项目已撤回');
        if (state.status !== 'in_review') reject('project_closed', '已集中回复的项目不能撤回');
      },
    },
  );

  // Schedules published while the project runs override the loaded ones, for running and future tasks.
  const calendarUpdates = new Map<number, YearSchedule>();
  let calendarRevision = 0;
  const forwardCalendar = (itemId: string, schedule: YearSchedule) =>
    getExternalWorkflowHandle(taskWorkflowId(taskId(itemId)))
      .signal(taskCalendarUpdatedSignal, { schedule })
      .catch(() => undefined); // the task concluded meanwhile: nothing left to re-project
  setHandler(calendarUpdatedSignal, async ({ schedule }) => {
    calendarUpdates.set(schedule.year, schedule);
    calendarRevision++;
    await Promise.all([...running.keys()].map((itemId) => forwardCalendar(itemId, schedule)));
  });

  const { catalogue } = await lifecycle.loadRoutingContext();
  const items: CatalogueItem[] = selectItems(catalogue, intake);
  const thisYear = Number(shanghaiDateOf(Date.now()).slice(0, 4));
  const loadedCalendar = await lifecycle.loadCalendar({ years: [thisYear, thisYear + 1, thisYear + 2] });
  const calendar = () => [...loadedCalendar.filter((s) => !calendarUpdates.has(s.year)), ...calendarUpdates.values()];
  state.tasks = items.map((i) => ({
    taskId: taskId(i.id),
    itemId: i.id,
    departmentId: i.departmentId,
    status: 'waiting',
    light: 'green',
    prerequisites: i.prerequisites,
  }));
  await lifecycle.registerProject({
    workflowId: workflowInfo().workflowId,
    input,
    items,
    submittedAt: Date.now(),
    event: event('project.submitted', input.submittedBy, { code: input.code, items: items.map((i) => i.id) }),
  });
  firstWave.push(...readyToStart(items, new Set(), new Set()).map((i) => taskId(i.id)));
  state.registered = true;

  const started = new Set<string>();
  const approved = new Set<string>();
  const rejected = new Set<string>();
  const summary = (itemId: string) => state.tasks.find((t) => t.itemId === itemId)!;

  for (;;) {
    if (!withdrawal) {
      for (const item of readyToStart(items, started, approved)) {
        started.add(item.id);
        const revision = calendarRevision;
        const handle = await startChild(approvalTaskWorkflow, {
          workflowId: taskWorkflowId(taskId(item.id)),
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          args: [
            {
              taskId: taskId(item.id),
              projectId: input.projectId,
              projectCode: input.code,
              projectName: intake.name,
              itemId: item.id,
              itemName: item.name,
              departmentId: item.departmentId,
              statutoryDays: item.statutoryDays,
              promisedDays: intake.greenChannel && item.greenChannelDays ? item.greenChannelDays : item.promisedDays,
              greenChannel: intake.greenChannel,
              calendar: calendar(),
              yellowPercent: DEFAULT_YELLOW_PERCENT,
            },
          ],
        });
        summary(item.id).status = 'received';
        running.set(item.id, handle.result());
        // A schedule that arrived while the child was starting reached neither its input nor the forwarding.
        if (revision !== calendarRevision) for (const s of calendarUpdates.values()) await forwardCalendar(item.id, s);
      }
      for (const itemId of blockedByRejection(items, rejected)) {
        if (started.has(itemId)) continue;
        started.add(itemId);
        summary(itemId).status = 'not_started';
        await lifecycle.recordTask({
          taskId: taskId(itemId),
          patch: { status: 'not_started', version: 1 },
          event: { ...event('task.not_started', undefined, { reason: 'prerequisite_rejected' }), taskId: taskId(itemId), departmentId: summary(itemId).departmentId },
        });
      }
    }
    if (running.size === 0) break;
    const outcome = await Promise.race([...running.values()]);
    running.delete(outcome.itemId);
    const s = summary(outcome.itemId);
    s.status = outcome.status;
    s.decision = outcome.decision?.decision;
    if (outcome.decision?.decision === 'rejected') rejected.add(outcome.itemId);
    else if (outcome.decision) approved.add(outcome.itemId);
  }

  if (withdrawal) {
    for (const t of state.tasks.filter((x) => x.status === 'waiting')) t.status = 'cancelled';
  } else {
    state.replyVersion = 1;
    await lifecycle.compileReply({
      projectId: input.projectId,
      replyId: `${input.code}.reply.1`,
      event: event('project.replied', undefined, {}),
    });
    state.status = 'replied';
  }
  await condition(allHandlersFinished);
  return state;
}
