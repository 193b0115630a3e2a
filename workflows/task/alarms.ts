/*
 * The task's alarms (限时办结) on the shared alarm loop: deemed acceptance when the window for a
 * notice runs out, yellow/red lights with their 催办 and 督办 alert, the statutory breach, and the
 * lapse of a delegation (职位代理). Moved out of workflow.ts unchanged: the same events, in the
 * same order, with the same timers, so every committed task history replays.
 */
import { SYSTEM_ACTOR } from '../shared';
import { runAlarmLoop, type Alarm } from '../alarm-loop';
import * as clock from './clock';
import { lapsePendingExtension, type RelatedEvent, type TaskContext } from './extension';
import type { Light, TaskWorkflowInput } from './contracts';

export interface TaskAlarmContext extends Pick<TaskContext, 'state' | 'book' | 'subject' | 'record'> {
  input: Pick<TaskWorkflowInput, 'departmentId' | 'itemId'>;
  /** The end of the running delegation, if any. */
  lapseAt(): number | undefined;
  /** Neither concluded nor cancelled. */
  open(): boolean;
  changes(): number;
}

/** Runs until the task concludes or is cancelled. */
export function runTaskAlarms(ctx: TaskAlarmContext): Promise<void> {
  const { state, book, subject, record, input } = ctx;

  const reminder = (light: Light): RelatedEvent => {
    const due = clock.dueDateOf(book.promised);
    const message = light === 'red'
      ? `【催办】${subject}已超过承诺时限（${due} 24:00），请立即办结`
      : `【催办】${subject}承诺时限将于${due} 24:00届满，请抓紧办理`;
    return { type: 'task.reminder', payload: { departmentId: input.departmentId, delegateId: state.delegation?.delegateId, light, promisedDueDate: due, message } };
  };
  const alert = (reason: 'promised_overdue' | 'statutory_breached', message: string): RelatedEvent => ({
    type: 'supervision.alerted',
    payload: { reason, departmentId: input.departmentId, itemId: input.itemId, message },
  });

  const ring = async (alarm: clock.Alarm): Promise<void> => {
    if (alarm.kind === 'deemed') {
      // Deemed accepted from the day the window began (receipt, or the supplied materials).
      state.status = 'accepted';
      state.deemedAccepted = true;
      state.acceptedAt = book.deemedFrom.at;
      state.version++;
      await record(
        'task.deemed_accepted',
        SYSTEM_ACTOR,
        { deemedFrom: book.deemedFrom.date, windowEndDate: alarm.windowEnd, legalBasis: clock.DEEMED_LEGAL_BASIS },
        { status: 'accepted', acceptedAt: state.acceptedAt, deemedAccepted: true },
      );
    } else if (alarm.kind === 'light') {
      const from = state.light;
      state.light = alarm.to;
      const due = clock.dueDateOf(book.promised);
      const related = [reminder(alarm.to)];
      if (alarm.to === 'red') related.push(alert('promised_overdue', `【督办】${subject}已超过承诺时限（${due} 24:00）`));
      await record('task.light_changed', SYSTEM_ACTOR, { from, to: alarm.to, promisedDueDate: due, dueAt: alarm.at }, {}, related);
    } else {
      book.statutoryBreachedAt = Date.now();
      // A request nobody decided in time lapses with the breach: the breach stays a breach.
      const lapsed = lapsePendingExtension({ state, book }, book.statutoryBreachedAt);
      await record(
        'task.statutory_breached',
        SYSTEM_ACTOR,
        {
          departmentId: input.departmentId,
          statutoryDueDate: alarm.dueDate,
          dueAt: alarm.at,
          statutoryDays: book.statutoryDays,
          workingDaysOver: clock.breachDaysOver(book, alarm.dueDate, alarm.at, book.statutoryBreachedAt),
          ...(lapsed ? { extensionLapsed: lapsed } : {}),
        },
        {},
        [alert('statutory_breached', `【责任追究】${subject}已超过法定时限（${alarm.dueDate} 24:00）`)],
      );
    }
  };

  const expireDelegation = async () => {
    const lapsed = state.delegation!;
    state.delegation = undefined;
    await record(
      'task.delegation_expired',
      SYSTEM_ACTOR,
      { delegation: lapsed, message: `${subject}的职位代理（${lapsed.delegateName}，至${lapsed.until}）已到期，恢复由本部门办理` },
      { assignee: null },
    );
  };

  // The earliest of the clock's next alarm and the delegation's lapse (the clock's wins a tie).
  const next = (): Alarm | undefined => {
    const alarm = clock.nextAlarm(book, state.status, state.light);
    const lapse = ctx.lapseAt();
    if (lapse !== undefined && (alarm === undefined || lapse < alarm.at)) return { at: lapse, ring: expireDelegation };
    return alarm && { at: alarm.at, ring: () => ring(alarm) };
  };

  return runAlarmLoop({ open: ctx.open, next, changes: ctx.changes });
}
