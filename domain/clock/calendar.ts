// The working-day calendar: one schedule per year, official (国务院办公厅 notice) or provisional
// (statutory holidays only, built outside the workflow by domain/calendar/provisional.ts).
// Schedules are plain JSON so a workflow can receive them as input and replay identically.

import { assertIsoDate, compareDates, fromDayNumber, isWeekend, MAX_YEAR, MIN_YEAR, toDayNumber, yearOf, type IsoDate } from './dates';
import { ClockError } from './errors';

export type ScheduleSource = 'official' | 'provisional';

/** A run of days off, e.g. 春节 2026-02-15..2026-02-23. Weekend days inside the run are listed too. */
export interface HolidayRange {
  name: string;
  from: IsoDate;
  to: IsoDate;
}

/** A Saturday or Sunday declared a working day (调休上班). */
export interface MakeupWorkday {
  name: string;
  date: IsoDate;
}

export interface YearSchedule {
  year: number;
  source: ScheduleSource;
  /** Where the data came from (notice title and date), shown to operators. */
  reference?: string;
  holidays: HolidayRange[];
  makeupWorkdays: MakeupWorkday[];
}

/**
 * workday = ordinary Mon–Fri; makeup = weekend day declared a working day;
 * weekend = ordinary Sat/Sun; holiday = listed day off (even if it is also a Sat/Sun).
 */
export type DayKind = 'workday' | 'makeup' | 'weekend' | 'holiday';

export interface DayInfo {
  date: IsoDate;
  kind: DayKind;
  /** Holiday or make-up name; absent for ordinary days. */
  name?: string;
  source: ScheduleSource;
}

interface YearIndex {
  source: ScheduleSource;
  special: ReadonlyMap<IsoDate, { kind: 'holiday' | 'makeup'; name: string }>;
}

export interface WorkCalendar {
  /** Validated schedules, ascending by year; keep these (not the index) when persisting. */
  readonly schedules: readonly YearSchedule[];
  readonly index: ReadonlyMap<number, YearIndex>;
}

function invalid(year: unknown, problem: string, extra: Record<string, unknown> = {}): ClockError {
  return new ClockError('INVALID_CALENDAR', `${String(year)}年工作日历数据有误：${problem}`, { year, ...extra });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDateInYear(value: unknown, year: number, field: string): IsoDate {
  try {
    assertIsoDate(value, field);
  } catch {
    throw invalid(year, `${field}不是有效日期：${String(value)}`);
  }
  if (yearOf(value) !== year) throw invalid(year, `${field} ${value} 不在${year}年内`);
  return value;
}

function checkName(value: unknown, year: number, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(year, `${field}缺少名称`);
  return value;
}

/**
 * Validates untrusted schedule data (JSON file, workflow input) and returns a normalised copy.
 * Overlaps are rejected rather than merged: in a hand-typed notice they are typos.
 */
export function validateYearSchedule(raw: unknown): YearSchedule {
  if (!isRecord(raw)) throw invalid('?', '不是对象');
  const year = raw.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw invalid(year, `年份必须是${MIN_YEAR}至${MAX_YEAR}之间的整数`);
  }
  if (raw.source !== 'official' && raw.source !== 'provisional') throw invalid(year, 'source 必须是 official 或 provisional');
  if (raw.reference !== undefined && typeof raw.reference !== 'string') throw invalid(year, 'reference 必须是字符串');
  if (!Array.isArray(raw.holidays) || !Array.isArray(raw.makeupWorkdays)) {
    throw invalid(year, 'holidays 与 makeupWorkdays 必须是数组');
  }

  const seen = new Map<IsoDate, string>();
  const holidays: HolidayRange[] = raw.holidays.map((h: unknown, i: number) => {
    if (!isRecord(h)) throw invalid(year, `第${i + 1}个假期不是对象`);
    const name = checkName(h.name, year, `第${i + 1}个假期`);
    const from = checkDateInYear(h.from, year, `${name}开始日期`);
    const to = checkDateInYear(h.to, year, `${name}结束日期`);
    if (compareDates(from, to) > 0) throw invalid(year, `${name}开始日期晚于结束日期`);
    for (let d = toDayNumber(from); d <= toDayNumber(to); d++) {
      const date = fromDayNumber(d);
      if (seen.has(date)) throw invalid(year, `${date} 重复出现（${seen.get(date)}、${name}）`, { date });
      seen.set(date, name);
    }
    return { name, from, to };
  });
  const makeupWorkdays: MakeupWorkday[] = raw.makeupWorkdays.map((m: unknown, i: number) => {
    if (!isRecord(m)) throw invalid(year, `第${i + 1}个调休上班日不是对象`);
    const name = checkName(m.name, year, `第${i + 1}个调休上班日`);
    const date = checkDateInYear(m.date, year, `${name}调休上班日`);
    if (!isWeekend(date)) throw invalid(year, `调休上班日 ${date} 不是周六或周日`, { date });
    if (seen.has(date)) throw invalid(year, `${date} 重复出现（${seen.get(date)}、${name}调休上班）`, { date });
    seen.set(date, name);
    return { name, date };
  });

  const out: YearSchedule = { year, source: raw.source, holidays, makeupWorkdays };
  if (raw.reference !== undefined) out.reference = raw.reference;
  return out;
}

function indexYear(s: YearSchedule): YearIndex {
  const special = new Map<IsoDate, { kind: 'holiday' | 'makeup'; name: string }>();
  for (const h of s.holidays) {
    for (let d = toDayNumber(h.from); d <= toDayNumber(h.to); d++) special.set(fromDayNumber(d), { kind: 'holiday', name: h.name });
  }
  for (const m of s.makeupWorkdays) special.set(m.date, { kind: 'makeup', name: m.name });
  return { source: s.source, special };
}

export function createWorkCalendar(schedules: readonly unknown[]): WorkCalendar {
  const validated = schedules.map(validateYearSchedule).sort((a, b) => a.year - b.year);
  const index = new Map<number, YearIndex>();
  for (const s of validated) {
    if (index.has(s.year)) {
      throw new ClockError('INVALID_CALENDAR', `${s.year}年工作日历重复提供；替换某年请使用 withYearSchedule`, { year: s.year });
    }
    index.set(s.year, indexYear(s));
  }
  return { schedules: validated, index };
}

/** A new calendar with `schedule` replacing any existing schedule for its year (e.g. official supersedes provisional). */
export function withYearSchedule(calendar: WorkCalendar, schedule: unknown): WorkCalendar {
  const next = validateYearSchedule(schedule);
  return createWorkCalendar([...calendar.schedules.filter((s) => s.year !== next.year), next]);
}

export function scheduleSourceOf(calendar: WorkCalendar, year: number): ScheduleSource | undefined {
  return calendar.index.get(year)?.source;
}

export function classifyDay(calendar: WorkCalendar, date: IsoDate): DayInfo {
  assertIsoDate(date, '日期');
  const year = yearOf(date);
  const idx = calendar.index.get(year);
  if (!idx) {
    // Guessing would silently produce a wrong legal deadline; the caller must load at least a provisional year.
    throw new ClockError('CALENDAR_YEAR_MISSING', `缺少${year}年工作日历，请先加载官方安排或暂定安排`, { year, date });
  }
  const special = idx.special.get(date);
  if (special) return { date, kind: special.kind, name: special.name, source: idx.source };
  return { date, kind: isWeekend(date) ? 'weekend' : 'workday', source: idx.source };
}

export function isWorkingDay(calendar: WorkCalendar, date: IsoDate): boolean {
  const { kind } = classifyDay(calendar, date);
  return kind === 'workday' || kind === 'makeup';
}
