import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { visibility } from '../visibility';
import { eventBuilder } from '../events';
import type { OrderWrite } from '../../activities/supervision';
import { reject } from '../failures';
import { watchDeadline } from '../deadline-watch';
import { supervision } from '../proxies';
import { SYSTEM_ACTOR } from '../shared';
import type { WorkCalendar } from '../../domain/clock';
import { calendarYears, handlingDeadline, workCalendar, workingDaysOver, type HandlingDeadline } from '../../domain/working-deadline';
import { orderIssuedUpdate, orderStateQuery, respondOrderUpdate, type SupervisionOrderInput, type SupervisionOrderState } from './contracts';

/**
 * One supervision order (督办) on an approval task, tracked like a task clock: 催办 at the yellow
 * point, overdue event and accountability record at the deadline, completed by the department's
 * response. The task's own workflow is untouched; the order only watches its own deadline.
 */
export async function supervisionOrderWorkflow(input: SupervisionOrderInput): Promise<SupervisionOrderState> {
  const { orderId, subject } = input;
  const state: SupervisionOrderState = { orderId, status: 'open', issuedAt: Date.now() };
  visibility('supervision_order', { projectCode: input.projectId, department: input.departmentId });
  // Set before `registered`; handlers are registered at once (an update that finds no handler is
  // refused), and their validators refuse everything until the order is recorded.
  const loaded: { calendar?: WorkCalendar; deadline?: HandlingDeadline } = {};
  let registered = false;

  let changes = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const write = (w: Omit<OrderWrite, 'orderId'>): Promise<void> => {
    changes++;
    const done = chain.then(() => supervision.recordSupervisionOrder({ orderId, ...w }));
    chain = done.catch(() => undefined);
    return done;
  };
  // Orders are about a task, so their events carry it: the department sees them in its feed.
  const event = eventBuilder(
    () => ({ projectId: input.projectId, taskId: input.taskId, departmentId: input.departmentId }),
    () => ({ orderId, status: state.status }),
  );

  setHandler(orderStateQuery, () => state);
  setHandler(orderIssuedUpdate, async () => {
    await condition(() => registered);
    return state;
  });

  setHandler(
    respondOrderUpdate,
    async ({ actor, response }) => {
      const respondedAt = Date.now();
      const late = respondedAt >= loaded.deadline!.dueAt;
      const daysOver = workingDaysOver(loaded.calendar!, loaded.deadline!.dueDate, respondedAt);
      state.response = { text: response, late, workingDaysOver: daysOver, respondedAt, respondedBy: actor };
      state.status = 'completed';
      await write({
        patch: { status: 'completed', response: state.response },
        event: event('supervision_order.responded', actor, {
          late,
          workingDaysOver: daysOver,
          message: `${subject}督办已答复${late ? `（超过督办时限${daysOver}个工作日）` : ''}`,
        }),
        // The overdue record stops growing: its days over are those of the response.
        settle: state.overdueAt !== undefined ? { daysOver, at: respondedAt } : undefined,
      });
      return state;
    },
    {
      validator: ({ response }) => {
        if (!registered) reject('illegal_transition', '督办正在下达，请稍后重试');
        if (state.status === 'completed') reject('already_responded', '该督办已答复');
        if (!response.trim()) reject('invalid_input', '请填写督办答复');
      },
    },
  );

  const calendar = workCalendar(await supervision.loadSupervisionCalendar({ years: calendarYears(state.issuedAt) }));
  const due = handlingDeadline(calendar, state.issuedAt, input.workingDays, input.yellowPercent);
  Object.assign(loaded, { calendar, deadline: due });
  Object.assign(state, { dueDate: due.dueDate, dueAt: due.dueAt, reminderDate: due.reminderDate, remindAt: due.remindAt });

  await write({
    issue: {
      taskId: input.taskId,
      projectId: input.projectId,
      departmentId: input.departmentId,
      directive: input.directive,
      workingDays: input.workingDays,
      issuedAt: state.issuedAt,
      issuedBy: input.issuedBy,
      dueDate: due.dueDate,
      reminderDate: due.reminderDate,
      provisional: due.provisional,
      workflowId: workflowInfo().workflowId,
    },
    event: event('supervision_order.issued', input.issuedBy, {
      directive: input.directive,
      workingDays: input.workingDays,
      dueDate: due.dueDate,
      message: `【督办】${subject}：${input.directive}（限${input.workingDays}个工作日内，${due.dueDate} 24:00前答复）`,
    }),
  });
  registered = true;

  const ring = async (step: 'remind' | 'overdue'): Promise<void> => {
    const now = Date.now();
    if (step === 'remind') {
      state.remindedAt = now;
      const message = `【催办】${subject}督办时限将于${due.dueDate} 24:00届满，请抓紧办理并答复`;
      await write({ event: event('supervision_order.reminded', SYSTEM_ACTOR, { dueDate: due.dueDate, message }) });
      return;
    }
    state.overdueAt = now;
    state.status = 'overdue';
    const detail = `${subject}督办逾期未答复（督办时限${due.dueDate} 24:00）`;
    await write({
      patch: { status: 'overdue', overdueAt: now },
      event: event('supervision_order.overdue', SYSTEM_ACTOR, { dueDate: due.dueDate, message: `【责任追究】${detail}` }),
      accountability: {
        departmentId: input.departmentId,
        kind: 'supervision_order_overdue',
        taskId: input.taskId,
        projectId: input.projectId,
        supervisionOrderId: orderId,
        dueDate: due.dueDate,
        daysOver: 0,
        settled: false,
        detail,
      },
    });
  };

  // 催办 first, then the deadline; a response ends the watch.
  await watchDeadline({
    remindAt: due.remindAt,
    dueAt: due.dueAt,
    done: () => state.status === 'completed',
    open: () => state.status === 'open',
    reminded: () => state.remindedAt !== undefined,
    changes: () => changes,
    ring,
  });
  await condition(allHandlersFinished);
  return state;
}
