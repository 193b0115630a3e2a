/*
 * Elapsed working time for statistics (on-time rate on suspension-adjusted working time).
 *
 * Between instants t0 and t1 (t0 <= t1) with Shanghai dates D0 and D1, the elapsed working days
 * are the days D with D0 < D <= D1 that count under counting.ts: D0 is the start day (not
 * counted), and the day of t1 counts as used if it is a counted day, whatever the hour —
 * finishing at 15:00 on the N-th counted day yields N, the same as the deadline rule.
 * Suspensions exclude their days exactly as for deadlines; an open suspension is treated as
 * running through D1. Work finished on a non-working day is charged to the working days before it,
 * so `workingDays <= N` measures consumption; lateness in law is `t1 >= dueInstant`.
 * With unit 'naturalDays' every day counts (still minus suspensions), so `workingDays` is then
 * the natural days used; a rolled-over deadline (counting.ts rule 6) may be met with more than N.
 */

import { classifyDay, type WorkCalendar } from './calendar';
import { DEFAULT_CLOCK_UNIT, MAX_SCAN_DAYS, scanLimitError, type ClockUnit, suspensionCovering, validateSuspensions, type Suspension } from './counting';
import { addDays, assertInstant, compareDates, daysBetween, shanghaiDateOf, yearOf, type EpochMs, type IsoDate } from './dates';
import { ClockError } from './errors';

export interface ElapsedWorkingTime {
  fromDate: IsoDate;
  toDate: IsoDate;
  /** Counted working days in (fromDate, toDate]. */
  workingDays: number;
  /** Working days in (fromDate, toDate] that a suspension excluded. */
  suspendedWorkingDays: number;
  provisional: boolean;
  provisionalYears: number[];
}

export function elapsedWorkingDays(
  fromInstant: EpochMs,
  toInstant: EpochMs,
  calendar: WorkCalendar,
  suspensions?: readonly Suspension[],
  unit: ClockUnit = DEFAULT_CLOCK_UNIT,
): ElapsedWorkingTime {
  assertInstant(fromInstant, '开始时间');
  assertInstant(toInstant, '结束时间');
  if (toInstant < fromInstant) {
    throw new ClockError('INVALID_RANGE', '结束时间早于开始时间', { fromInstant, toInstant });
  }
  const ledger = validateSuspensions(suspensions);
  const fromDate = shanghaiDateOf(fromInstant);
  const toDate = shanghaiDateOf(toInstant);
  if (daysBetween(fromDate, toDate) > MAX_SCAN_DAYS) throw scanLimitError(fromDate, '统计已用工作日');

  let workingDays = 0;
  let suspendedWorkingDays = 0;
  const provisionalYears = new Set<number>();
  for (let date = addDays(fromDate, 1); compareDates(date, toDate) <= 0; date = addDays(date, 1)) {
    const info = classifyDay(calendar, date);
    if (info.source === 'provisional') provisionalYears.add(yearOf(date));
    if (unit === 'workingDays' && info.kind !== 'workday' && info.kind !== 'makeup') continue;
    if (suspensionCovering(ledger, date, true) === undefined) workingDays++;
    else suspendedWorkingDays++;
  }
  const years = [...provisionalYears].sort((a, b) => a - b);
  return { fromDate, toDate, workingDays, suspendedWorkingDays, provisional: years.length > 0, provisionalYears: years };
}
