// Deadlines (statutory 法定 / promised 承诺) and deemed acceptance. Counting rules live in counting.ts.

import { type DayKind, type ScheduleSource, type WorkCalendar } from './calendar';
import {
  assertWorkingDays,
  DEFAULT_CLOCK_UNIT,
  isClockUnit,
  type ClockUnit,
  validateSuspensions,
  walkWorkingDays,
  type ClockInput,
  type ScannedDay,
  type Suspension,
  type SuspensionKind,
  type WalkOutcome,
} from './counting';
import { ClockError } from './errors';
import { assertIsoDate, shanghaiEndOfDay, yearOf, type EpochMs, type IsoDate } from './dates';

export interface NamedDay {
  date: IsoDate;
  name: string;
}

export interface SuspendedDay {
  date: IsoDate;
  /** What the day would have been without the suspension. */
  dayKind: DayKind;
  /** Index into the suspension ledger. */
  suspension: number;
  kind: SuspensionKind;
  reason?: string;
}

/** Natural days only: the N-th day was a day off, so the period ended on `to` (民法典 Art. 203). */
export interface RollOver {
  /** The N-th counted day (a weekend or holiday). */
  lastDay: IsoDate;
  /** The first working day after the run of days off: the due date. */
  to: IsoDate;
}

/**
 * Every day from startDate+1 to the due (or pause) date lands in exactly one of the four day lists,
 * except the due date itself when a natural-day period rolled over (`rollOver.to`).
 */
export interface DeadlineExplanation {
  startDate: IsoDate;
  /** N, in `unit`. */
  workingDays: number;
  unit: ClockUnit;
  rollOver: RollOver | null;
  workingDaysCounted: number;
  firstCountedDay: IsoDate | null;
  lastCountedDay: IsoDate | null;
  countedDays: IsoDate[];
  weekendsSkipped: IsoDate[];
  holidaysSkipped: NamedDay[];
  /** Counted days that are 调休 Saturdays/Sundays (also present in countedDays). */
  makeupDaysUsed: NamedDay[];
  suspendedDaysSkipped: SuspendedDay[];
  calendarYears: { year: number; source: ScheduleSource }[];
  provisionalYears: number[];
}

export interface DueDeadline {
  state: 'due';
  /** Last counted working day. */
  dueDate: IsoDate;
  /** 24:00 Shanghai of dueDate; anything at or after this instant is late. */
  dueInstant: EpochMs;
  /** True when any scanned day came from a provisional year: recompute once the official schedule is out. */
  provisional: boolean;
  explanation: DeadlineExplanation;
}

export interface PausedDeadline {
  state: 'paused';
  /** Start date of the open suspension that froze the clock. */
  pausedSince: IsoDate;
  suspension: number;
  workingDaysCounted: number;
  workingDaysRemaining: number;
  provisional: boolean;
  explanation: DeadlineExplanation;
}

export type DeadlineResult = DueDeadline | PausedDeadline;

export interface TaskClockInput {
  startDate: IsoDate;
  statutoryWorkingDays: number;
  promisedWorkingDays: number;
  /** Unit of both limits; absent = working days. */
  unit?: ClockUnit;
  suspensions?: readonly Suspension[];
}

export interface TaskClocks {
  statutory: DeadlineResult;
  promised: DeadlineResult;
}

/** 行政许可法 Art. 32: no acceptance and no 补正 notice within 5 days of receipt ⇒ deemed accepted. */
export const DEEMED_ACCEPTANCE_WORKING_DAYS = 5;

export function explainWalk(
  startDate: IsoDate,
  workingDays: number,
  days: readonly ScannedDay[],
  ledger: readonly Suspension[],
  unit: ClockUnit = DEFAULT_CLOCK_UNIT,
): DeadlineExplanation {
  const e: DeadlineExplanation = {
    startDate,
    workingDays,
    unit,
    rollOver: null,
    workingDaysCounted: 0,
    firstCountedDay: null,
    lastCountedDay: null,
    countedDays: [],
    weekendsSkipped: [],
    holidaysSkipped: [],
    makeupDaysUsed: [],
    suspendedDaysSkipped: [],
    calendarYears: [],
    provisionalYears: [],
  };
  const years = new Map<number, ScheduleSource>();
  for (const d of days) {
    years.set(yearOf(d.date), d.source);
    if (d.rolledOver && (d.kind === 'workday' || d.kind === 'makeup')) {
      e.rollOver = { lastDay: e.countedDays[e.countedDays.length - 1], to: d.date };
    } else if (d.suspension !== undefined) {
      const s = ledger[d.suspension];
      const sd: SuspendedDay = { date: d.date, dayKind: d.kind, suspension: d.suspension, kind: s.kind };
      if (s.reason !== undefined) sd.reason = s.reason;
      e.suspendedDaysSkipped.push(sd);
    } else if (d.counted) {
      e.countedDays.push(d.date);
      if (d.kind === 'makeup' && unit === 'workingDays') e.makeupDaysUsed.push({ date: d.date, name: d.name ?? '' });
    } else if (d.kind === 'holiday') {
      e.holidaysSkipped.push({ date: d.date, name: d.name ?? '' });
    } else {
      e.weekendsSkipped.push(d.date);
    }
  }
  e.workingDaysCounted = e.countedDays.length;
  e.firstCountedDay = e.countedDays[0] ?? null;
  e.lastCountedDay = e.countedDays[e.countedDays.length - 1] ?? null;
  e.calendarYears = [...years].sort((a, b) => a[0] - b[0]).map(([year, source]) => ({ year, source }));
  e.provisionalYears = e.calendarYears.filter((y) => y.source === 'provisional').map((y) => y.year);
  return e;
}

export function resultFromWalk(
  startDate: IsoDate,
  workingDays: number,
  walk: WalkOutcome,
  ledger: readonly Suspension[],
  unit: ClockUnit = DEFAULT_CLOCK_UNIT,
): DeadlineResult {
  const explanation = explainWalk(startDate, workingDays, walk.days, ledger, unit);
  const provisional = explanation.provisionalYears.length > 0;
  if (walk.state === 'paused') {
    return {
      state: 'paused',
      pausedSince: walk.pausedSince,
      suspension: walk.suspension,
      workingDaysCounted: walk.counted,
      workingDaysRemaining: workingDays - walk.counted,
      provisional,
      explanation,
    };
  }
  return { state: 'due', dueDate: walk.date, dueInstant: shanghaiEndOfDay(walk.date), provisional, explanation };
}

/** Validated copy of a clock input; throws ClockError (Chinese message) on bad data. */
export function validateClockInput(input: ClockInput): Required<ClockInput> {
  if (typeof input !== 'object' || input === null) throw new ClockError('INVALID_DATE', '缺少时限参数（起算日期与工作日数）');
  assertIsoDate(input.startDate, '起算日期');
  assertWorkingDays(input.workingDays, input.unit === 'naturalDays' ? '自然日数' : '工作日数');
  const unit = input.unit ?? DEFAULT_CLOCK_UNIT;
  if (!isClockUnit(unit)) {
    throw new ClockError('INVALID_UNIT', `时限单位必须是 workingDays（工作日）或 naturalDays（自然日）：${String(unit)}`, { value: unit });
  }
  return { startDate: input.startDate, workingDays: input.workingDays, unit, suspensions: validateSuspensions(input.suspensions) };
}

export function computeDeadline(input: ClockInput, calendar: WorkCalendar): DeadlineResult {
  const { startDate, workingDays, unit, suspensions } = validateClockInput(input);
  return resultFromWalk(startDate, workingDays, walkWorkingDays(calendar, startDate, workingDays, suspensions, unit), suspensions, unit);
}

/** Both clocks of one approval task; they share the start day and the suspension ledger. */
export function computeTaskClocks(input: TaskClockInput, calendar: WorkCalendar): TaskClocks {
  if (typeof input !== 'object' || input === null) throw new ClockError('INVALID_DATE', '缺少时限参数（起算日期与工作日数）');
  assertWorkingDays(input.statutoryWorkingDays, '法定时限工作日数');
  assertWorkingDays(input.promisedWorkingDays, '承诺时限工作日数');
  const base = { startDate: input.startDate, suspensions: input.suspensions, unit: input.unit };
  return {
    statutory: computeDeadline({ ...base, workingDays: input.statutoryWorkingDays }, calendar),
    promised: computeDeadline({ ...base, workingDays: input.promisedWorkingDays }, calendar),
  };
}

export interface DeemedAcceptance extends DueDeadline {
  /** = dueInstant: from 24:00 of the 5th working day after receipt the application counts as accepted. */
  deemedAcceptedAt: EpochMs;
}

/** Suspensions do not apply: a 补正 notice inside the window stops deemed acceptance altogether. */
export function computeDeemedAcceptance(receiptDate: IsoDate, calendar: WorkCalendar): DeemedAcceptance {
  const d = computeDeadline({ startDate: receiptDate, workingDays: DEEMED_ACCEPTANCE_WORKING_DAYS }, calendar) as DueDeadline;
  return { ...d, deemedAcceptedAt: d.dueInstant };
}
