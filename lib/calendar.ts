/**
 * Working-day calendars from the read model: the clock's YearSchedule for each year asked for.
 * Order of preference: an official CalendarYear row, the official schedule shipped with the
 * product, then a provisional year built from the fixed statutory holidays.
 */
import { buildProvisionalYear, statutoryHolidays } from '../domain/calendar/provisional';
import { officialSchedule } from '../domain/calendar/official';
import { addDays, validateYearSchedule, type HolidayRange, type YearSchedule } from '../domain/clock';
import type { Db } from './db/client';

interface CalendarRow {
  year: number;
  holidays: unknown;
  workdays: unknown;
  schedule: unknown;
  source: string;
}

/**
 * A row carries the named schedule in `schedule`, or only the flat date lists the API accepts.
 * Flat runs get their names from the statutory holidays they contain so explanations still read
 * 国庆节假期（…）. A row that does not validate is skipped: the caller falls back and the deadline
 * is marked provisional rather than wrong.
 */
export function scheduleFromRow(row: CalendarRow): YearSchedule | undefined {
  try {
    if (row.schedule && typeof row.schedule === 'object') return validateYearSchedule({ ...row.schedule, source: 'official' });
    return scheduleFromLists(row.year, row.holidays as string[], (row.workdays ?? []) as string[], row.source);
  } catch {
    return undefined;
  }
}

/** Builds a named official schedule from the flat lists of days off and make-up working days. */
export function scheduleFromLists(year: number, daysOff: string[], workdays: string[], reference: string): YearSchedule {
  const days = [...new Set(daysOff)].sort();
  const named = statutoryHolidays(year);
  const holidays: HolidayRange[] = [];
  for (const date of days) {
    const last = holidays[holidays.length - 1];
    if (last && addDays(last.to, 1) === date) last.to = date;
    else holidays.push({ name: '', from: date, to: date });
  }
  for (const run of holidays) {
    const names = named.filter((n) => n.dates.some((d) => d >= run.from && d <= run.to)).map((n) => n.name);
    run.name = names.length > 0 ? names.join('、') : '放假';
  }
  const makeupWorkdays = workdays.map((date) => ({ name: '调休', date }));
  return validateYearSchedule({ year, source: 'official', reference, holidays, makeupWorkdays });
}

export async function loadSchedules(db: Db, years: number[]): Promise<YearSchedule[]> {
  const rows = await db.calendarYear.findMany({ where: { year: { in: years }, official: true } });
  return years.map((year) => {
    const row = rows.find((r) => r.year === year);
    const stored = row ? scheduleFromRow(row) : undefined;
    return stored ?? officialSchedule(year) ?? buildProvisionalYear(year);
  });
}
