/**
 * Working-day calendars from the read model: the clock's YearSchedule for each year asked for.
 * Order of preference: an official CalendarYear row, the official schedule shipped with the
 * product, an administrator's estimate (a row with official = false, used as a provisional
 * year), then a provisional year built from the fixed statutory holidays.
 */
import { buildProvisionalYear, statutoryHolidays } from '../domain/calendar/provisional';
import { officialSchedule } from '../domain/calendar/official';
import { addDays, validateYearSchedule, type HolidayRange, type YearSchedule } from '../domain/clock';
import type { Db } from './db/client';

interface CalendarRow {
  year: number;
  official: boolean;
  holidays: unknown;
  workdays: unknown;
  schedule: unknown;
  source: string;
  loadedAt: Date;
}

/** Where the schedule the clock uses for a year comes from (the API's CalendarYear.origin). */
export type CalendarOrigin = 'stored' | 'shipped' | 'provisional';

export interface EffectiveYear {
  schedule: YearSchedule;
  origin: CalendarOrigin;
  /** The stored row when origin is `stored`. */
  row?: CalendarRow;
}

/**
 * A row carries the named schedule in `schedule`, or only the flat date lists the API accepts.
 * Flat runs get their names from the statutory holidays they contain so explanations still read
 * 国庆节假期（…）. A row that does not validate is skipped: the caller falls back and the deadline
 * is marked provisional rather than wrong.
 */
export function scheduleFromRow(row: Omit<CalendarRow, 'loadedAt'>): YearSchedule | undefined {
  const source = row.official ? 'official' : 'provisional';
  try {
    if (row.schedule && typeof row.schedule === 'object') return validateYearSchedule({ ...row.schedule, source });
    const lists = scheduleFromLists(row.year, row.holidays as string[], (row.workdays ?? []) as string[], row.source);
    return { ...lists, source };
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

/** The flat lists of a schedule: every day off (weekend days inside a run included) and every make-up day. */
export function listsFromSchedule(s: YearSchedule): { holidays: string[]; workdays: string[] } {
  const holidays: string[] = [];
  for (const h of s.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) holidays.push(d);
  return { holidays: holidays.sort(), workdays: s.makeupWorkdays.map((m) => m.date).sort() };
}

function effectiveYear(year: number, row: CalendarRow | undefined): EffectiveYear {
  const stored = row ? scheduleFromRow(row) : undefined;
  if (stored?.source === 'official') return { schedule: stored, origin: 'stored', row };
  const shipped = officialSchedule(year);
  if (shipped) return { schedule: shipped, origin: 'shipped' };
  if (stored) return { schedule: stored, origin: 'stored', row };
  return { schedule: buildProvisionalYear(year), origin: 'provisional' };
}

/** The schedules the clock uses for `years`, with where each came from. Works on an empty table. */
export async function loadEffectiveYears(db: Db, years: number[]): Promise<EffectiveYear[]> {
  const rows = await db.calendarYear.findMany({ where: { year: { in: years } } });
  return years.map((year) => effectiveYear(year, rows.find((r) => r.year === year)));
}

export async function loadSchedules(db: Db, years: number[]): Promise<YearSchedule[]> {
  return (await loadEffectiveYears(db, years)).map((e) => e.schedule);
}
