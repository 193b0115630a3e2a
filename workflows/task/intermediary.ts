/*
 * Intermediary services (中介服务纳入并联审批延伸管理) on an approval task: an intermediary from the
 * catalogue works for the applicant (e.g. writes the 环评 report). While it works the task's clock
 * is stopped by a 中介服务 excluded period (./excluded.ts, the same notice and ledger entry), and a
 * child workflow runs the intermediary's own clock until the department records the result and
 * rates the intermediary. Both sides change in one update here, so they can never disagree.
 *
 * Only new update handlers, plus a signal on withdrawal that only a task with an open period
 * sends: histories without intermediary periods replay unchanged.
 */
import { ParentClosePolicy, getExternalWorkflowHandle, setHandler, startChild } from '@temporalio/workflow';
import { createdId } from '../events';
import { computeDeadline, daysBetween, shanghaiDateOf } from '../../domain/clock';
import { expectVersion, reject } from '../failures';
import type { Actor } from '../shared';
import { intermediaryEndSignal, intermediaryWorkflowId, type IntermediaryPeriodInput } from '../intermediary/contracts';
import { checkExcludedStart, closeExcludedPeriod, MAX_PLANNED_DAYS, openExcludedPeriod } from './excluded';
export { guardNoIntermediary } from './excluded';
import type { TaskContext } from './extension';
import { recordIntermediaryResultUpdate, startIntermediaryPeriodUpdate, type TaskState } from './contracts';

export function registerIntermediaryHandlers(ctx: TaskContext & { projectId: string; departmentId: string }): void {
  const { state } = ctx;

  setHandler(
    startIntermediaryPeriodUpdate,
    async ({ actor: caller, intermediary, serviceKind, limitDays, reason, yellowPercent }) => {
      const actor = ctx.acting(caller);
      const periodId = createdId('intermediary-period');
      // Marked open before anything awaits, so no other update sees the excluded period without it.
      state.intermediary = { periodId, intermediaryId: intermediary.id, intermediaryName: intermediary.name, serviceKind, limitDays };
      const link = { intermediary: { id: intermediary.id, name: intermediary.name }, serviceKind };
      const plannedDays = plannedInTaskUnit(ctx.book, limitDays, Date.now());
      const opened = openExcludedPeriod(ctx, actor, { kind: 'intermediary_service', reason: `委托${intermediary.name}${serviceKind}：${reason.trim()}`, plannedDays }, link, periodId);
      const input: IntermediaryPeriodInput = {
        periodId,
        taskId: state.taskId,
        projectId: ctx.projectId,
        departmentId: ctx.departmentId,
        subject: ctx.subject,
        intermediary,
        serviceKind,
        reason: reason.trim(),
        limitDays,
        startedBy: actor,
        yellowPercent,
      };
      // The intermediary's clock outlives a decision-free task end only through the withdrawal signal below.
      await startChild('intermediaryPeriodWorkflow', { workflowId: intermediaryWorkflowId(periodId), parentClosePolicy: ParentClosePolicy.ABANDON, args: [input] });
      await opened;
      return state;
    },
    {
      validator: ({ expectedVersion, reason, limitDays, serviceKind, yellowPercent }) => {
        checkExcludedStart(ctx, { expectedVersion, kind: 'intermediary_service', reason, plannedDays: limitDays });
        if (serviceKind.trim() === '') reject('invalid_input', '必须说明委托的中介服务事项');
        if (!Number.isInteger(limitDays) || limitDays < 1 || limitDays > MAX_PLANNED_DAYS) reject('invalid_input', `中介服务时限应为 1 至 ${MAX_PLANNED_DAYS} 个工作日`);
        if (!Number.isInteger(yellowPercent) || yellowPercent < 1 || yellowPercent > 99) reject('invalid_input', '黄灯预警比例应为 1 至 99 的整数');
      },
    },
  );

  setHandler(
    recordIntermediaryResultUpdate,
    async ({ actor: caller, result, note, rating, ratingComment }) => {
      const actor = ctx.acting(caller);
      const period = state.intermediary!;
      state.intermediary = undefined;
      // Closing is synchronous up to its record; the signal is a command of this same workflow task.
      const closed = closeExcludedPeriod(ctx, actor, note, { intermediary: { id: period.intermediaryId, name: period.intermediaryName }, serviceKind: period.serviceKind, result, rating });
      await getExternalWorkflowHandle(intermediaryWorkflowId(period.periodId)).signal(intermediaryEndSignal, { result, note, rating, ratingComment, actor });
      await closed;
      return state;
    },
    {
      validator: ({ expectedVersion, rating }) => {
        ctx.guardOpen();
        expectVersion(expectedVersion, state.version);
        if (!state.intermediary) reject('no_intermediary_period', '该任务没有进行中的中介服务');
        if (!Number.isInteger(rating) || rating < 1 || rating > 5) reject('invalid_input', '中介服务评价应为 1 至 5 分');
      },
    },
  );
}

/**
 * The planned length told to the applicant, in the task clock's unit: the intermediary's working
 * days, or for a natural-day item the calendar days to the intermediary's deadline. A calendar that
 * does not reach that far keeps the working days (a handler must not throw).
 */
function plannedInTaskUnit(book: TaskContext['book'], limitDays: number, now: number): number {
  if (book.unit !== 'naturalDays') return limitDays;
  try {
    const start = shanghaiDateOf(now);
    const due = computeDeadline({ startDate: start, workingDays: limitDays }, book.calendar);
    return due.state === 'due' ? daysBetween(start, due.dueDate) : limitDays;
  } catch {
    return limitDays;
  }
}

/** The project was withdrawn while an intermediary worked: its clock stops as cancelled. */
export async function endIntermediaryOnWithdrawal(state: TaskState, cancel: { actor: Actor; reason: string }): Promise<void> {
  const period = state.intermediary;
  if (!period) return;
  state.intermediary = undefined;
  await getExternalWorkflowHandle(intermediaryWorkflowId(period.periodId))
    .signal(intermediaryEndSignal, { cancelled: true, actor: cancel.actor, reason: cancel.reason })
    .catch(() => undefined);
}
