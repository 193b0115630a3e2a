/*
 * Excluded time (行政许可法 Art. 45) inside the approval-task workflow: after acceptance the
 * department may stop the clock for a hearing, tendering/auction, testing/inspection/quarantine,
 * expert review or an intermediary service, telling the applicant in writing what is done and how
 * long it is expected to take. Both clocks pause (the suspension ledger of domain/clock excludes
 * every day from the start to the end date) and resume the day after it ends; the explanation names
 * the kind, and the breach alarm, the lights and 按时办结率 all count the adjusted time.
 *
 * Like extension.ts, only new update handlers: histories without them replay unchanged. Opening and
 * closing are exported: an intermediary period (./intermediary.ts) is a 中介服务 excluded period.
 */
import { setHandler } from '@temporalio/workflow';
import { createdId } from '../events';
import { shanghaiDateOf, unitLabel } from '../../domain/clock';
import { EXCLUDED_KIND_LABEL, EXCLUDED_TIME_LEGAL_BASIS, isExcludedKind, type ExcludedKind } from '../../domain/excluded-time';
import { expectVersion, reject } from '../failures';
import type { Actor } from '../shared';
import * as clock from './clock';
import { endExcludedPeriodUpdate, startExcludedPeriodUpdate, type ClockSuspension, type TaskState } from './contracts';
import type { TaskContext } from './extension';

/** Longest planned period one notice may announce; longer work is announced again after it ends. */
export const MAX_PLANNED_DAYS = 365;

/** Refuses what an open intermediary period (./intermediary.ts) forbids: deciding, ending its excluded time by hand. */
export function guardNoIntermediary(state: TaskState, what: string): void {
  if (state.intermediary) {
    reject('intermediary_period_open', `中介服务（${state.intermediary.intermediaryName}）尚未登记结果，${what}`);
  }
}

const openPeriod = (ctx: TaskContext) => ctx.book.suspensions.find((s) => s.kind === 'excludedTime' && s.to === null);

interface PeriodRequest {
  expectedVersion: number;
  kind: ExcludedKind;
  reason: string;
  plannedDays: number;
}

/** The validator of a new excluded period (refuses with the reason the gateway maps to 409/412/422). */
export function checkExcludedStart(ctx: TaskContext, { expectedVersion, kind, reason, plannedDays }: PeriodRequest): void {
  const { state, book } = ctx;
  ctx.guardOpen();
  expectVersion(expectedVersion, state.version);
  if (state.status !== 'accepted') reject('illegal_transition', '任务受理后、作出决定前才能开始法定不计算期间');
  const open = openPeriod(ctx);
  if (open) reject('excluded_period_open', `“${open.reason}”期间尚未结束，请先结束再开始新的不计算期间`);
  if (book.statutoryBreachedAt !== undefined) reject('deadline_passed', '法定办结期限已届满，不能再开始不计算期间（超期仍记为超期）');
  if (!isExcludedKind(kind)) reject('invalid_input', '不计算期间的类别无效');
  if (reason.trim() === '') reject('invalid_input', '必须说明需要听证、检验检测等的具体事项');
  if (!Number.isInteger(plannedDays) || plannedDays < 1 || plannedDays > MAX_PLANNED_DAYS) {
    reject('invalid_input', `预计所需时间应为 1 至 ${MAX_PLANNED_DAYS}${unitLabel(book.unit)}`);
  }
}

/** The validator of ending the open excluded period. */
export function checkExcludedEnd(ctx: TaskContext, expectedVersion: number): void {
  ctx.guardOpen();
  expectVersion(expectedVersion, ctx.state.version);
  if (!openPeriod(ctx)) reject('no_excluded_period', '该任务没有进行中的不计算期间');
}

/** Opens the period, bumps the version and records the written notice to the applicant. */
export async function openExcludedPeriod(
  ctx: TaskContext,
  actor: Actor,
  { kind, reason, plannedDays }: Omit<PeriodRequest, 'expectedVersion'>,
  extra: Record<string, unknown> = {},
  id: string = createdId('excluded-period'),
): Promise<ClockSuspension> {
  const { state, book } = ctx;
  const label = EXCLUDED_KIND_LABEL[kind];
  const s: ClockSuspension = { kind: 'excludedTime', from: shanghaiDateOf(Date.now()), to: null, reason: label, id, excludedKind: kind };
  clock.openSuspension(book, s);
  state.version++;
  await ctx.record('task.excluded_period_started', actor, {
    periodId: id,
    kind,
    reason: reason.trim(),
    plannedDays,
    suspension: { ...s },
    legalBasis: EXCLUDED_TIME_LEGAL_BASIS,
    notice: 'applicant',
    ...extra,
    message:
      `【不计算期间告知】${ctx.subject}依法需要${label}（${reason.trim()}），预计需${plannedDays}${unitLabel(book.unit)}，` +
      `自${s.from}起所需时间不计算在审批期限内（${EXCLUDED_TIME_LEGAL_BASIS}）`,
  });
  return s;
}

/** Closes the open period (counting resumes the next day), bumps the version and tells the applicant. */
export async function closeExcludedPeriod(ctx: TaskContext, actor: Actor, note: string | undefined, extra: Record<string, unknown> = {}): Promise<ClockSuspension> {
  const { state, book } = ctx;
  const s = clock.closeSuspension(book, 'excludedTime', Date.now())!;
  state.version++;
  const statutoryDueDate = clock.dueDateOf(book.statutory);
  const promisedDueDate = clock.dueDateOf(book.promised);
  await ctx.record('task.excluded_period_ended', actor, {
    // Every excluded period is opened with an id (openExcludedPeriod).
    periodId: s.id!,
    kind: s.excludedKind,
    suspension: { ...s },
    ...(note ? { note } : {}),
    statutoryDueDate,
    promisedDueDate,
    notice: 'applicant',
    ...extra,
    message: `${ctx.subject}的${s.reason}已于${s.to}结束，次日起恢复计时，法定办结期限为${statutoryDueDate ?? '（仍在暂停中）'}`,
  });
  return s;
}

export function registerExcludedTimeHandlers(ctx: TaskContext): void {
  setHandler(
    startExcludedPeriodUpdate,
    async ({ actor: caller, kind, reason, plannedDays }) => {
      await openExcludedPeriod(ctx, ctx.acting(caller), { kind, reason, plannedDays });
      return ctx.state;
    },
    { validator: (input) => checkExcludedStart(ctx, input) },
  );

  setHandler(
    endExcludedPeriodUpdate,
    async ({ actor: caller, note }) => {
      await closeExcludedPeriod(ctx, ctx.acting(caller), note);
      return ctx.state;
    },
    {
      validator: ({ expectedVersion }) => {
        checkExcludedEnd(ctx, expectedVersion);
        // An intermediary's period ends with its result (and the department's rating), not here.
        guardNoIntermediary(ctx.state, '请通过登记中介服务结果结束该期间');
      },
    },
  );
}
