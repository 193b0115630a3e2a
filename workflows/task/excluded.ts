/*
 * Excluded time (行政许可法 Art. 45) inside the approval-task workflow: after acceptance the
 * department may stop the clock for a hearing, tendering/auction, testing/inspection/quarantine,
 * expert review or an intermediary service, telling the applicant in writing what is done and how
 * long it is expected to take. Both clocks pause (the suspension ledger of domain/clock excludes
 * every day from the start to the end date) and resume the day after it ends; the explanation names
 * the kind, and the breach alarm, the lights and 按时办结率 all count the adjusted time.
 *
 * Like extension.ts, only new update handlers: histories without them replay unchanged.
 */
import { setHandler, uuid4 } from '@temporalio/workflow';
import { shanghaiDateOf, unitLabel } from '../../domain/clock';
import { EXCLUDED_KIND_LABEL, EXCLUDED_TIME_LEGAL_BASIS, isExcludedKind } from '../../domain/excluded-time';
import { expectVersion, reject } from '../failures';
import * as clock from './clock';
import { endExcludedPeriodUpdate, startExcludedPeriodUpdate, type ClockSuspension } from './contracts';
import type { TaskContext } from './extension';

/** Longest planned period one notice may announce; longer work is announced again after it ends. */
export const MAX_PLANNED_DAYS = 365;

export function registerExcludedTimeHandlers(ctx: TaskContext): void {
  const { state, book } = ctx;
  const open = () => book.suspensions.find((s) => s.kind === 'excludedTime' && s.to === null);

  setHandler(
    startExcludedPeriodUpdate,
    async ({ actor: caller, kind, reason, plannedDays }) => {
      const actor = ctx.acting(caller);
      const now = Date.now();
      const label = EXCLUDED_KIND_LABEL[kind];
      const periodId = uuid4();
      const s: ClockSuspension = { kind: 'excludedTime', from: shanghaiDateOf(now), to: null, reason: label, id: periodId, excludedKind: kind };
      clock.openSuspension(book, s);
      state.version++;
      await ctx.record('task.excluded_period_started', actor, {
        periodId,
        kind,
        reason: reason.trim(),
        plannedDays,
        suspension: { ...s },
        legalBasis: EXCLUDED_TIME_LEGAL_BASIS,
        notice: 'applicant',
        message:
          `【不计算期间告知】${ctx.subject}依法需要${label}（${reason.trim()}），预计需${plannedDays}${unitLabel(book.unit)}，` +
          `自${s.from}起所需时间不计算在审批期限内（${EXCLUDED_TIME_LEGAL_BASIS}）`,
      });
      return state;
    },
    {
      validator: ({ expectedVersion, kind, reason, plannedDays }) => {
        ctx.guardOpen();
        expectVersion(expectedVersion, state.version);
        if (state.status !== 'accepted') reject('illegal_transition', '任务受理后、作出决定前才能开始法定不计算期间');
        if (open()) reject('excluded_period_open', `“${open()!.reason}”期间尚未结束，请先结束再开始新的不计算期间`);
        if (book.statutoryBreachedAt !== undefined) reject('deadline_passed', '法定办结期限已届满，不能再开始不计算期间（超期仍记为超期）');
        if (!isExcludedKind(kind)) reject('invalid_input', '不计算期间的类别无效');
        if (reason.trim() === '') reject('invalid_input', '必须说明需要听证、检验检测等的具体事项');
        if (!Number.isInteger(plannedDays) || plannedDays < 1 || plannedDays > MAX_PLANNED_DAYS) {
          reject('invalid_input', `预计所需时间应为 1 至 ${MAX_PLANNED_DAYS}${unitLabel(book.unit)}`);
        }
      },
    },
  );

  setHandler(
    endExcludedPeriodUpdate,
    async ({ actor: caller, note }) => {
      const actor = ctx.acting(caller);
      const s = clock.closeSuspension(book, 'excludedTime', Date.now())!;
      state.version++;
      const statutoryDueDate = clock.dueDateOf(book.statutory);
      const promisedDueDate = clock.dueDateOf(book.promised);
      await ctx.record('task.excluded_period_ended', actor, {
        // Every excluded period is opened with an id (above).
        periodId: s.id!,
        kind: s.excludedKind,
        suspension: { ...s },
        ...(note ? { note } : {}),
        statutoryDueDate,
        promisedDueDate,
        notice: 'applicant',
        message: `${ctx.subject}的${s.reason}已于${s.to}结束，次日起恢复计时，法定办结期限为${statutoryDueDate ?? '（仍在暂停中）'}`,
      });
      return state;
    },
    {
      validator: ({ expectedVersion }) => {
        ctx.guardOpen();
        expectVersion(expectedVersion, state.version);
        if (!open()) reject('no_excluded_period', '该任务没有进行中的不计算期间');
      },
    },
  );
}
