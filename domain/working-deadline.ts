/*
 * Working-day deadlines of supervision (complaints, 督办) on the legal clock. Thin, deterministic
 * wrappers over domain/clock so both supervision workflows count exactly like the task clock:
 * the start day is not counted, a deadline ends at 24:00 of its last working day, and lateness is
 * measured in working days after that day.
 */
import {
  computeDeadline,
  computeWarningSchedule,
  createWorkCalendar,
  elapsedWorkingDays,
  shanghaiDateOf,
  shanghaiStartOfDay,
  type DueDeadline,
  type EpochMs,
  type IsoDate,
  type WorkCalendar,
  type YearSchedule,
} from './clock';

export interface HandlingDeadline {
  startDate: IsoDate;
  workingDays: number;
  dueDate: IsoDate;
  dueAt: EpochMs;
  /** The 催办 point: 24:00 of the working day at which `yellowPercent` of the time is used. */
  reminderDate: IsoDate;
  remindAt: EpochMs;
  provisional: boolean;
}

/** The years a supervision clock started at `at` may touch: deadlines of up to 60 working days plus escalation. */
export function calendarYears(at: EpochMs): number[] {
  const year = Number(shanghaiDateOf(at).slice(0, 4));
  return [year, year + 1, year + 2];
}

export function workCalendar(schedules: YearSchedule[]): WorkCalendar {
  return createWorkCalendar(schedules);
}

/** The Nth working day after `date` (not counted), as a date and the instant it ends. */
export function deadlineAfter(calendar: WorkCalendar, date: IsoDate, workingDays: number): { date: IsoDate; at: EpochMs; provisional: boolean } {
  // No suspensions are passed, so the result is always a due deadline.
  const d = computeDeadline({ startDate: date, workingDays }, calendar) as DueDeadline;
  return { date: d.dueDate, at: d.dueInstant, provisional: d.provisional };
}

export function handlingDeadline(calendar: WorkCalendar, startAt: EpochMs, workingDays: number, yellowPercent: number): HandlingDeadline {
  const startDate = shanghaiDateOf(startAt);
  const due = deadlineAfter(calendar, startDate, workingDays);
  const warning = computeWarningSchedule({ startDate, workingDays }, calendar, { yellowPercent });
  if (warning.state !== 'scheduled') throw new Error('unreachable: a deadline without suspensions cannot be paused');
  return {
    startDate,
    workingDays,
    dueDate: due.date,
    dueAt: due.at,
    reminderDate: warning.yellowDate,
    remindAt: warning.yellowAt,
    provisional: due.provisional,
  };
}

/**
 * Working days after `dueDate` that have begun by `at` (an act at 10:00 on the second working day
 * after the deadline is 2 days over; the instant 24:00 of the deadline itself is 0, and 24:00 of
 * the fifth working day after it is 5); 0 when `at` is on time. Capped at the calendar's last day
 * so a long-open item never throws.
 */
export function workingDaysOver(calendar: WorkCalendar, dueDate: IsoDate, at: EpochMs): number {
  const from = shanghaiStartOfDay(dueDate);
  const lastYear = calendar.schedules[calendar.schedules.length - 1].year;
  // elapsedWorkingDays counts the day of `to` whatever the hour; one millisecond back keeps a
  // day boundary (24:00) on the day that just ended.
  const to = Math.min(at - 1, shanghaiStartOfDay(`${lastYear}-12-31`));
  if (to <= from) return 0;
  return elapsedWorkingDays(from, to, calendar).workingDays;
}

/**
 * Working days used from `startAt` (its day not counted) to `at` (its day counted whatever the
 * hour), as the task clock counts them; capped at the calendar's last day so it never throws.
 */
export function workingDaysUsed(calendar: WorkCalendar, startAt: EpochMs, at: EpochMs): number {
  const lastYear = calendar.schedules[calendar.schedules.length - 1].year;
  const to = Math.max(startAt, Math.min(at, shanghaiStartOfDay(`${lastYear}-12-31`)));
  return elapsedWorkingDays(startAt, to, calendar).workingDays;
}
