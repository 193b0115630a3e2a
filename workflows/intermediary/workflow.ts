import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { eventBuilder } from '../events';
import type { IntermediaryPeriodPatch, IntermediaryPeriodWrite } from '../../activities/intermediary';
import { watchDeadline } from '../deadline-watch';
import { visibility } from '../visibility';
import { intermediary, supervision } from '../proxies';
import { SYSTEM_ACTOR } from '../shared';
import { calendarYears, handlingDeadline, workCalendar, workingDaysUsed } from '../../domain/working-deadline';
import {
  intermediaryEndedUpdate,
  intermediaryEndSignal,
  intermediaryStartedUpdate,
  intermediaryStateQuery,
  type IntermediaryPeriodInput,
  type IntermediaryPeriodState,
} from './contracts';

const RESULT_LABEL = { delivered: '已交付成果', terminated: '终止服务（未交付成果）' } as const;

/**
 * One intermediary period (中介服务) on an approval task, clocked like a task on the intermediary's
 * promised limit: yellow at the task's yellow point, red at the deadline (domain/working-deadline,
 * the shared deadline watch), until the task workflow tells it the result or a withdrawal. The
 * task's clock is stopped meanwhile by the task's own 中介服务 excluded period.
 */
export async function intermediaryPeriodWorkflow(input: IntermediaryPeriodInput): Promise<IntermediaryPeriodState> {
  const { periodId, subject } = input;
  const who = `${input.intermediary.name}（${input.serviceKind}）`;
  const state: IntermediaryPeriodState = { periodId, status: 'open', light: 'green', startedAt: Date.now() };
  let registered = false;
  let ended = false;
  // "All red intermediary periods of a department" in the Temporal UI or CLI.
  const show = visibility('intermediary', { department: input.departmentId, light: state.light });

  let changes = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const write = (w: Omit<IntermediaryPeriodWrite, 'periodId'>): Promise<void> => {
    changes++;
    const done = chain.then(() => intermediary.recordIntermediaryPeriod({ periodId, ...w }));
    chain = done.catch(() => undefined);
    return done;
  };
  // About a task: the department sees them in its feed, the agent and window through the project.
  const event = eventBuilder(
    () => ({ projectId: input.projectId, taskId: input.taskId, departmentId: input.departmentId }),
    () => ({
      periodId,
      intermediaryId: input.intermediary.id,
      intermediaryName: input.intermediary.name,
      serviceKind: input.serviceKind,
      status: state.status,
      light: state.light,
    }),
  );

  setHandler(intermediaryStateQuery, () => state);
  setHandler(intermediaryStartedUpdate, async () => {
    await condition(() => registered);
    return state;
  });
  setHandler(intermediaryEndedUpdate, async () => {
    await condition(() => ended);
    return state;
  });

  const calendar = workCalendar(await supervision.loadSupervisionCalendar({ years: calendarYears(state.startedAt) }));
  const due = handlingDeadline(calendar, state.startedAt, input.limitDays, input.yellowPercent);
  Object.assign(state, { dueDate: due.dueDate, dueAt: due.dueAt, yellowDate: due.reminderDate, yellowAt: due.remindAt });

  setHandler(intermediaryEndSignal, async (end) => {
    await condition(() => registered);
    if (state.status !== 'open') return;
    const now = Date.now();
    if ('cancelled' in end) {
      state.status = 'cancelled';
      state.endedAt = now;
      await write({
        patch: { status: 'cancelled', endedAt: now, endedBy: end.actor, note: end.reason },
        events: [event('intermediary.period_cancelled', end.actor, { reason: end.reason, message: `${subject}的中介服务${who}随任务撤回而终止` })],
      });
    } else {
      const daysUsed = workingDaysUsed(calendar, state.startedAt, now);
      const onTime = now < due.dueAt;
      Object.assign(state, { status: 'completed', endedAt: now, daysUsed, onTime });
      const patch: IntermediaryPeriodPatch = {
        status: 'completed',
        endedAt: now,
        endedBy: end.actor,
        result: end.result,
        note: end.note,
        rating: end.rating,
        ratingComment: end.ratingComment,
        daysUsed,
        onTime,
      };
      await write({
        patch,
        events: [
          event('intermediary.period_ended', end.actor, {
            result: end.result,
            rating: end.rating,
            daysUsed,
            onTime,
            dueDate: due.dueDate,
            message: `${subject}的中介服务${who}${RESULT_LABEL[end.result]}，用时${daysUsed}个工作日${onTime ? '' : `，超过承诺时限（${due.dueDate} 24:00）`}，部门评价${end.rating}分`,
          }),
        ],
      });
    }
    ended = true;
  });

  await write({
    create: {
      taskId: input.taskId,
      projectId: input.projectId,
      departmentId: input.departmentId,
      intermediaryId: input.intermediary.id,
      intermediaryName: input.intermediary.name,
      serviceKind: input.serviceKind,
      reason: input.reason,
      limitDays: input.limitDays,
      startedAt: state.startedAt,
      startedBy: input.startedBy,
      dueDate: due.dueDate,
      yellowDate: due.reminderDate,
      provisional: due.provisional,
      workflowId: workflowInfo().workflowId,
    },
    events: [
      event('intermediary.period_started', input.startedBy, {
        limitDays: input.limitDays,
        dueDate: due.dueDate,
        yellowDate: due.reminderDate,
        message: `${subject}委托中介服务${who}，承诺${input.limitDays}个工作日内（${due.dueDate} 24:00前）完成；其间审批时限暂停`,
      }),
    ],
  });
  registered = true;

  // Yellow at the yellow point, red at the deadline: the task's light rules on the intermediary's limit.
  const ring = async (step: 'remind' | 'overdue'): Promise<void> => {
    const from = state.light;
    state.light = step === 'remind' ? 'yellow' : 'red';
    show({ light: state.light });
    const message =
      step === 'remind'
        ? `【催办】${subject}的中介服务${who}承诺时限将于${due.dueDate} 24:00届满`
        : `【中介超时】${subject}的中介服务${who}已超过承诺时限（${due.dueDate} 24:00）`;
    await write({ patch: { light: state.light }, events: [event('intermediary.light_changed', SYSTEM_ACTOR, { from, to: state.light, dueDate: due.dueDate, message })] });
  };

  await watchDeadline({
    remindAt: due.remindAt,
    dueAt: due.dueAt,
    done: () => state.status !== 'open',
    open: () => state.light !== 'red',
    reminded: () => state.light !== 'green',
    changes: () => changes,
    ring,
  });
  await condition(() => ended && allHandlersFinished());
  return state;
}
