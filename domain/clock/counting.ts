/*
 * Which days count — the single source of truth for every clock in the product.
 *
 *  1. A clock starts on a date S0 (receipt or acceptance). S0 itself is never counted
 *     (民法典 Art. 201: 开始的当日不计入); counting begins on S0+1.
 *  2. A day counts iff it is a working day: an ordinary Mon–Fri that is not a listed holiday,
 *     or a Sat/Sun listed as a make-up working day (调休上班).
 *  3. A deadline of N working days ends at 24:00 (Shanghai) of the N-th counted day.
 *  4. Suspension ledger (补正 after 一次性告知; excluded time under 行政许可法 Art. 45 such as
 *     expert review, hearing, testing). A suspension recorded as [S, E] excludes every date
 *     S..E inclusive. Neither end day is counted, for the same reason as rule 1: a partial day
 *     never counts. The suspension day S is lost to the applicant's action, and E behaves
 *     like a fresh start day — counting resumes on E+1.
 *     Suspensions may overlap (the union of their days is excluded) and may touch days
 *     that would not have counted anyway; only days after S0 matter.
 *  5. An open suspension (no E yet) freezes the clock from S onwards: if the N-th counted day
 *     has not been reached before S, the deadline is unknown and the result is `paused`
 *     (days counted so far and days remaining are reported). If the N-th day was already
 *     reached before S, the suspension came too late to matter and the deadline stands —
 *     a clock that has run out is never revived by a later suspension.
 *  6. Natural days (unit 'naturalDays', where the legal basis says 日 rather than 工作日, e.g.
 *     环境影响评价法 Art. 22): rules 1, 4 and 5 apply unchanged, but every calendar day counts in
 *     rule 2. Rule 3 becomes: the deadline ends at 24:00 of the N-th counted day, unless that day
 *     is a day off — 民法典 Art. 203: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的
 *     最后一日. "法定休假日" covers weekends as well as public holidays, and follows the actual
 *     schedule (调休): a Saturday declared a working day is not a day off, a weekday inside 国庆 is
 *     (the long-standing reading, 民通意见 第198条: 星期日或者其他法定休假日有变通的，以实际休假日的
 *     次日为期间的最后一天). So the deadline rolls forward to the first working day after the run of
 *     days off; those days are reported as rolled over, not counted.
 *  7. Scanning is day by day and stops after MAX_SCAN_DAYS calendar days with an error,
 *     so bad data cannot spin a workflow.
 */

import { classifyDay, type DayKind, type ScheduleSource, type WorkCalendar } from './calendar';
import { addDays, assertIsoDate, compareDates, type IsoDate } from './dates';
import { ClockError } from './errors';

export const MAX_SCAN_DAYS = 3660;

/** correction = 补正 after 一次性告知; excludedTime = time the statute excludes (Art. 45). */
export type SuspensionKind = 'correction' | 'excludedTime';

export interface Suspension {
  kind: SuspensionKind;
  from: IsoDate;
  /** Last excluded date, inclusive. null/absent = still open. */
  to?: IsoDate | null;
  /** Free text for the explanation, e.g. '专家评审'. */
  reason?: string;
  id?: string;
}

/** How a limit is counted: 工作日 (行政许可法 Art. 82) or 日 (calendar days, rule 6). */
export type ClockUnit = 'workingDays' | 'naturalDays';

export const DEFAULT_CLOCK_UNIT: ClockUnit = 'workingDays';

export function isClockUnit(v: unknown): v is ClockUnit {
  return v === 'workingDays' || v === 'naturalDays';
}

export interface ClockInput {
  /** Receipt or acceptance date (Shanghai); not counted. */
  startDate: IsoDate;
  /** N days in `unit` (historically always working days, hence the name); a green channel is simply a smaller N. */
  workingDays: number;
  /** Absent = working days. */
  unit?: ClockUnit;
  suspensions?: readonly Suspension[];
}

export interface ScannedDay {
  date: IsoDate;
  kind: DayKind;
  name?: string;
  source: ScheduleSource;
  counted: boolean;
  /** Index into the suspension ledger when the day was excluded by a suspension. */
  suspension?: number;
  /** Natural days only: scanned after the N-th day because that day was a day off (rule 6). */
  rolledOver?: boolean;
}

export type WalkOutcome =
  | { state: 'reached'; date: IsoDate; days: ScannedDay[] }
  | { state: 'paused'; pausedSince: IsoDate; suspension: number; counted: number; days: ScannedDay[] };

export function assertWorkingDays(n: unknown, field = '工作日数'): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw new ClockError('INVALID_WORKING_DAYS', `${field}必须是正整数：${String(n)}`, { field, value: n });
  }
}

export function validateSuspensions(ledger: unknown): readonly Suspension[] {
  if (ledger === undefined) return [];
  if (!Array.isArray(ledger)) throw new ClockError('INVALID_SUSPENSION', '暂停记录必须是数组');
  return ledger.map((s: unknown, i: number) => {
    const where = `第${i + 1}条暂停记录`;
    if (typeof s !== 'object' || s === null) throw new ClockError('INVALID_SUSPENSION', `${where}不是对象`, { index: i });
    const rec = s as Record<string, unknown>;
    if (rec.kind !== 'correction' && rec.kind !== 'excludedTime') {
      throw new ClockError('INVALID_SUSPENSION', `${where}类型必须是 correction（补正）或 excludedTime（法定扣除时间）`, { index: i });
    }
    try {
      assertIsoDate(rec.from, `${where}开始日期`);
      if (rec.to !== undefined && rec.to !== null) assertIsoDate(rec.to, `${where}结束日期`);
    } catch (e) {
      throw new ClockError('INVALID_SUSPENSION', (e as Error).message, { index: i });
    }
    if (typeof rec.to === 'string' && compareDates(rec.from, rec.to) > 0) {
      throw new ClockError('INVALID_SUSPENSION', `${where}开始日期晚于结束日期：${rec.from} > ${rec.to}`, { index: i });
    }
    return s as Suspension;
  });
}

export function isOpen(s: Suspension): boolean {
  return s.to === undefined || s.to === null;
}

/** Index of the closed suspension covering `date`, or of an open one started on/before it (if `openCovers`). */
export function suspensionCovering(ledger: readonly Suspension[], date: IsoDate, openCovers: boolean): number | undefined {
  for (let i = 0; i < ledger.length; i++) {
    const s = ledger[i];
    if (compareDates(s.from, date) > 0) continue;
    if (isOpen(s) ? openCovers : compareDates(date, s.to as IsoDate) <= 0) return i;
  }
  return undefined;
}

function firstOpenCovering(ledger: readonly Suspension[], date: IsoDate): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < ledger.length; i++) {
    const s = ledger[i];
    if (isOpen(s) && compareDates(s.from, date) <= 0 && (best === undefined || compareDates(s.from, ledger[best].from) < 0)) best = i;
  }
  return best;
}

export function scanLimitError(startDate: IsoDate, what: string): ClockError {
  return new ClockError('SCAN_LIMIT_EXCEEDED', `自${startDate}起${MAX_SCAN_DAYS}天内无法${what}，请检查工作日历与暂停记录`, {
    startDate,
    maxScanDays: MAX_SCAN_DAYS,
  });
}

/** Walks from startDate+1 until the n-th counted day (n = 0 returns the start day itself). */
export function walkWorkingDays(
  calendar: WorkCalendar,
  startDate: IsoDate,
  n: number,
  ledger: readonly Suspension[],
  unit: ClockUnit = DEFAULT_CLOCK_UNIT,
): WalkOutcome {
  assertIsoDate(startDate, '起算日期');
  const days: ScannedDay[] = [];
  if (n === 0) return { state: 'reached', date: startDate, days };
  let counted = 0;
  let date = startDate;
  for (let step = 0; step < MAX_SCAN_DAYS; step++) {
    date = addDays(date, 1);
    const closed = suspensionCovering(ledger, date, false);
    if (closed === undefined) {
      const open = firstOpenCovering(ledger, date);
      if (open !== undefined) return { state: 'paused', pausedSince: ledger[open].from, suspension: open, counted, days };
    }
    const info = classifyDay(calendar, date);
    const working = info.kind === 'workday' || info.kind === 'makeup';
    const counts = (unit === 'naturalDays' || working) && closed === undefined;
    const day: ScannedDay = { date, kind: info.kind, source: info.source, counted: counts };
    if (info.name !== undefined) day.name = info.name;
    if (closed !== undefined) day.suspension = closed;
    days.push(day);
    if (counts && ++counted === n) {
      return working ? { state: 'reached', date, days } : rollOver(calendar, startDate, date, days);
    }
  }
  throw scanLimitError(startDate, `数满${n}个${unit === 'naturalDays' ? '自然日' : '工作日'}`);
}

/** Rule 6: the last natural day fell on a day off; the period ends on the next working day. */
function rollOver(calendar: WorkCalendar, startDate: IsoDate, lastDay: IsoDate, days: ScannedDay[]): WalkOutcome {
  let date = lastDay;
  for (let step = 0; step < MAX_SCAN_DAYS; step++) {
    date = addDays(date, 1);
    const info = classifyDay(calendar, date);
    const day: ScannedDay = { date, kind: info.kind, source: info.source, counted: false, rolledOver: true };
    if (info.name !== undefined) day.name = info.name;
    days.push(day);
    if (info.kind === 'workday' || info.kind === 'makeup') return { state: 'reached', date, days };
  }
  throw scanLimitError(startDate, '顺延至法定休假日结束的次日');
}
