/*
 * Legal-clock bookkeeping of one approval task (限时办结). The workflow owns a ClockBook and
 * calls these helpers; all counting is delegated to domain/clock so the rules live in one place.
 *
 *  - Both clocks start on the receipt date (the department's 收件; one-window intake is the
 *    applicant's 受理) and share one suspension ledger.
 *  - A 一次性告知 opens a `correction` suspension on the notice date; supplying the materials
 *    closes it on the supply date and restarts the deemed-acceptance window from that date.
 *  - Alarms (deemed acceptance, yellow, red, statutory breach) are derived, never stored: after
 *    any change the workflow asks for the next one, so a moved deadline moves its timer.
 */
import {
  classifyLight,
  computeDeemedAcceptance,
  computeTaskClocks,
  computeWarningSchedule,
  createWorkCalendar,
  DEFAULT_CLOCK_UNIT,
  elapsedWorkingDays,
  reprojectDeadline,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
  summarizeDeadline,
  unitLabel,
  withYearSchedule,
  type ClockUnit,
  type DeadlineDiff,
  type DeadlineResult,
  type EpochMs,
  type IsoDate,
  type WarningSchedule,
  type WorkCalendar,
} from '../../domain/clock';
import type { TaskClockRecord } from '../../activities/lifecycle';
import { isConcludedTask } from '../../domain/vocabulary/statuses';
import { workingDaysOver } from '../../domain/working-deadline';

const DAY_MS = 24 * 60 * 60 * 1000;
import type { ClockSuspension, DeadlineExtension, Light, TaskClock, TaskStatus, TaskWorkflowInput } from './contracts';

export const NOTICE_REASON = '一次性告知补正材料';
export const DEEMED_LEGAL_BASIS = '《中华人民共和国行政许可法》第三十二条';

export interface ClockBook {
  calendar: WorkCalendar;
  receivedAt: EpochMs;
  startDate: IsoDate;
  statutoryDays: number;
  promisedDays: number;
  unit: ClockUnit;
  yellowPercent: number;
  greenChannel: boolean;
  suspensions: ClockSuspension[];
  statutory: DeadlineResult;
  promised: DeadlineResult;
  /** Start of the running deemed-acceptance window: the receipt, or the latest supply of materials. */
  deemedFrom: { at: EpochMs; date: IsoDate };
  statutoryBreachedAt?: EpochMs;
  /** 延期办结 request and outcome; an approved one has already been added to both limits. */
  extension?: DeadlineExtension;
}

export type Alarm =
  | { kind: 'deemed'; at: EpochMs; windowEnd: IsoDate }
  | { kind: 'light'; at: EpochMs; to: 'yellow' | 'red' }
  | { kind: 'breach'; at: EpochMs; dueDate: IsoDate };

const SEVERITY: Record<Light, number> = { green: 0, yellow: 1, red: 2 };

function clocksOf(b: Pick<ClockBook, 'calendar' | 'startDate' | 'statutoryDays' | 'promisedDays' | 'unit' | 'suspensions'>, calendar = b.calendar) {
  return computeTaskClocks(
    { startDate: b.startDate, statutoryWorkingDays: b.statutoryDays, promisedWorkingDays: b.promisedDays, unit: b.unit, suspensions: b.suspensions },
    calendar,
  );
}

export function openClock(input: TaskWorkflowInput, receivedAt: EpochMs): ClockBook {
  const startDate = shanghaiDateOf(receivedAt);
  const base = {
    calendar: createWorkCalendar(input.calendar),
    receivedAt,
    startDate,
    statutoryDays: input.statutoryDays,
    promisedDays: input.promisedDays,
    unit: input.limitUnit ?? DEFAULT_CLOCK_UNIT,
    yellowPercent: input.yellowPercent,
    greenChannel: input.greenChannel,
    suspensions: [] as ClockSuspension[],
    deemedFrom: { at: receivedAt, date: startDate },
  };
  return { ...base, ...clocksOf(base) };
}

function recompute(b: ClockBook): void {
  Object.assign(b, clocksOf(b));
}

/** Opens a suspension (补正 or an excluded period) from its `from` day; the clock pauses until it closes. */
export function openSuspension(b: ClockBook, s: ClockSuspension): ClockSuspension {
  b.suspensions.push(s);
  recompute(b);
  return s;
}

/** Closes the open suspension of `kind` on the day of `at`; counting resumes the next day. */
export function closeSuspension(b: ClockBook, kind: ClockSuspension['kind'], at: EpochMs): ClockSuspension | undefined {
  const open = b.suspensions.find((s) => s.kind === kind && s.to === null);
  if (open) open.to = shanghaiDateOf(at);
  recompute(b);
  return open;
}

export function suspend(b: ClockBook, noticeId: string, at: EpochMs): ClockSuspension {
  return openSuspension(b, { kind: 'correction', from: shanghaiDateOf(at), to: null, reason: NOTICE_REASON, id: noticeId });
}

/** Closes the open correction suspension; the deemed-acceptance window restarts from the supply. */
export function resume(b: ClockBook, at: EpochMs): ClockSuspension | undefined {
  b.deemedFrom = { at, date: shanghaiDateOf(at) };
  return closeSuspension(b, 'correction', at);
}

/** Green channel granted after intake: the shorter green limit (plus any approved extension) becomes the promise. */
export function grantGreenChannel(b: ClockBook, greenChannelDays: number | null): void {
  b.greenChannel = true;
  const extra = b.extension?.status === 'approved' ? b.extension.days : 0;
  if (greenChannelDays !== null && greenChannelDays + extra < b.promisedDays) b.promisedDays = greenChannelDays + extra;
  recompute(b);
}

/** An approved extension adds `days` to both limits (Art. 42 extends the decision period; the promise moves with it). */
export function extend(b: ClockBook, days: number): void {
  b.statutoryDays += days;
  b.promisedDays += days;
  recompute(b);
}

export interface Reprojected {
  statutory: DeadlineDiff | null;
  promised: DeadlineDiff | null;
  changed: boolean;
  dueDateChanged: boolean;
}

/** Replaces one year's schedule; throws ClockError on bad data and then leaves the book untouched. */
export function applySchedule(b: ClockBook, schedule: unknown): Reprojected {
  const calendar = withYearSchedule(b.calendar, schedule);
  const input = (workingDays: number) => ({ startDate: b.startDate, workingDays, unit: b.unit, suspensions: b.suspensions });
  const s = reprojectDeadline(b.statutory, input(b.statutoryDays), calendar);
  const p = reprojectDeadline(b.promised, input(b.promisedDays), calendar);
  Object.assign(b, { calendar, statutory: s.next, promised: p.next });
  return { statutory: s.diff, promised: p.diff, changed: s.changed || p.changed, dueDateChanged: s.dueDateChanged || p.dueDateChanged };
}

function warning(b: ClockBook): WarningSchedule {
  return computeWarningSchedule({ startDate: b.startDate, workingDays: b.promisedDays, unit: b.unit, suspensions: b.suspensions }, b.calendar, {
    yellowPercent: b.yellowPercent,
  });
}

/** The light a revised calendar implies now, if it is milder than `current` (escalation is left to alarms). */
export function relievedLight(b: ClockBook, current: Light, now: EpochMs): Light | undefined {
  const l = classifyLight(warning(b), now);
  return l !== 'paused' && SEVERITY[l] < SEVERITY[current] ? l : undefined;
}

/**
 * Days past the end (24:00) of `dueDate` that have begun by `at`, in the item's unit: 0 when the
 * breach alarm rings on time, more when it rings late (worker down, a calendar revision that moved
 * the deadline into the past). Working days count like the supervision clocks (workingDaysOver).
 */
export function daysOver(b: Pick<ClockBook, 'unit' | 'calendar'>, dueDate: IsoDate, at: EpochMs): number {
  if (b.unit === 'naturalDays') return Math.max(0, Math.ceil((at - shanghaiEndOfDay(dueDate)) / DAY_MS));
  return workingDaysOver(b.calendar, dueDate, at);
}

/** A timer fires a little after its instant; a breach recorded within this of 24:00 is on time. */
const TIMER_GRACE_MS = 60_000;

/** Days over when the statutory-breach alarm (due at `alarmAt`, end of `dueDate`) rings at `now`. */
export function breachDaysOver(b: Pick<ClockBook, 'unit' | 'calendar'>, dueDate: IsoDate, alarmAt: EpochMs, now: EpochMs): number {
  return daysOver(b, dueDate, Math.max(alarmAt, now - TIMER_GRACE_MS));
}

export function dueDateOf(r: DeadlineResult): IsoDate | null {
  return r.state === 'due' ? r.dueDate : null;
}

/**
 * Earliest pending alarm of an open task. Ties resolve in legal order: deemed acceptance, light,
 * breach; a light steps one colour at a time so a late start still reports green → yellow → red.
 */
export function nextAlarm(b: ClockBook, status: TaskStatus, light: Light): Alarm | undefined {
  const alarms: Alarm[] = [];
  if (status === 'received') {
    const d = computeDeemedAcceptance(b.deemedFrom.date, b.calendar);
    alarms.push({ kind: 'deemed', at: d.deemedAcceptedAt, windowEnd: d.dueDate });
  }
  const w = warning(b);
  if (w.state === 'scheduled' && light !== 'red') {
    alarms.push(light === 'green' ? { kind: 'light', to: 'yellow', at: w.yellowAt } : { kind: 'light', to: 'red', at: w.redAt });
  }
  if (b.statutoryBreachedAt === undefined && b.statutory.state === 'due') {
    alarms.push({ kind: 'breach', at: b.statutory.dueInstant, dueDate: b.statutory.dueDate });
  }
  return alarms.reduce<Alarm | undefined>((best, a) => (best === undefined || a.at < best.at ? a : best), undefined);
}

export function clockView(b: ClockBook, status: TaskStatus): TaskClock {
  const w = warning(b);
  const view: TaskClock = {
    state: isConcludedTask(status) ? 'stopped' : b.suspensions.some((s) => s.to === null) ? 'suspended' : 'running',
    startDate: b.startDate,
    statutoryDays: b.statutoryDays,
    promisedDays: b.promisedDays,
    unit: b.unit,
    statutoryDueDate: dueDateOf(b.statutory),
    promisedDueDate: dueDateOf(b.promised),
    yellowDate: w.state === 'scheduled' ? w.yellowDate : null,
    deemedAcceptanceDate: status === 'received' ? computeDeemedAcceptance(b.deemedFrom.date, b.calendar).dueDate : null,
    provisional: b.statutory.provisional || b.promised.provisional,
    suspensions: b.suspensions.map((s) => ({ ...s })),
  };
  if (b.statutoryBreachedAt !== undefined) view.statutoryBreachedAt = b.statutoryBreachedAt;
  return view;
}

function explain(b: ClockBook, view: TaskClock, deemedAccepted: boolean): string[] {
  const lines = [
    `法定时限：${summarizeDeadline(b.statutory, { startEvent: '收件' })}`,
    `承诺时限${b.greenChannel ? '（绿色通道）' : ''}：${summarizeDeadline(b.promised, { startEvent: '收件' })}`,
  ];
  if (view.yellowDate) lines.push(`黄灯预警：${view.yellowDate} 24:00起亮黄灯（承诺时限预警比例${b.yellowPercent}%）`);
  if (view.deemedAcceptanceDate) {
    lines.push(`如${view.deemedAcceptanceDate} 24:00前既未受理也未一次性告知补正，依${DEEMED_LEGAL_BASIS}视为受理`);
  }
  if (deemedAccepted) lines.push(`已依${DEEMED_LEGAL_BASIS}视为自${shanghaiDateOf(b.deemedFrom.at)}起受理`);
  const x = b.extension;
  if (x?.status === 'approved') {
    lines.push(`已批准延期办结${x.days}${unitLabel(b.unit)}（${x.legalBasis}；理由：${x.reason}），法定到期日由${x.statutoryDueDateBefore ?? '（暂停中）'}延至${view.statutoryDueDate ?? '（暂停中）'}`);
  } else if (x?.status === 'requested') {
    lines.push(`已申请延期办结${x.days}${unitLabel(b.unit)}，待负责人审批`);
  } else if (x?.status === 'refused' || x?.status === 'lapsed') {
    lines.push(`延期办结申请${x.status === 'refused' ? '未获批准' : '在法定时限届满前未获批准，已失效'}，时限不变`);
  }
  if (b.statutoryBreachedAt !== undefined) lines.push(`已超过法定时限（${view.statutoryDueDate ?? ''} 24:00），已记录责任追究`);
  return lines;
}

/** Days (in the clock's unit) used up to `now`, capped at the calendar's last day so a long-lived task never throws. */
function workingDaysUsed(b: ClockBook, now: EpochMs): number {
  const lastYear = b.calendar.schedules[b.calendar.schedules.length - 1].year;
  const to = Math.max(b.receivedAt, Math.min(now, shanghaiStartOfDay(`${lastYear}-12-31`)));
  return elapsedWorkingDays(b.receivedAt, to, b.calendar, b.suspensions, b.unit).workingDays;
}

/** Read-model columns and the `clock` Json for recordTask. */
export function clockRecord(b: ClockBook, status: TaskStatus, deemedAccepted: boolean, now: EpochMs) {
  const view = clockView(b, status);
  const used = workingDaysUsed(b, now);
  const clock: TaskClockRecord = {
    state: view.state,
    startDate: b.startDate,
    unit: b.unit,
    suspensions: b.suspensions.map(({ from, to, reason, excludedKind }) => ({ from, to, reason, ...(excludedKind ? { kind: excludedKind } : {}) })),
    explanation: explain(b, view, deemedAccepted),
    workingDaysUsed: used,
    workingDaysRemaining: b.promisedDays - used,
  };
  if (b.extension) clock.extension = { ...b.extension };
  return { statutoryDueDate: view.statutoryDueDate, promisedDueDate: view.promisedDueDate, provisional: view.provisional, clock };
}
