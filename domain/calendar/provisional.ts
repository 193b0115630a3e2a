// Provisional working-day calendar for a year whose official schedule is not yet published.
//
// Only the fixed statutory holidays (全国年节及纪念日放假办法, as amended effective 2025-01-01):
//   元旦 1/1 · 春节 除夕+正月初一..初三 (4 days) · 清明 the day of the 清明 solar term ·
//   劳动节 5/1–5/2 · 端午 lunar 5/5 · 中秋 lunar 8/15 · 国庆 10/1–10/3.
// No 调休 guessing: the State Council's bridging days and make-up Saturdays are political
// choices, so a provisional year has no make-up days and weekend holidays are not moved.
// Deadlines computed with it are flagged provisional and re-projected once the notice is out.
//
// This module imports lunar-javascript and must stay OUT of the workflow bundle: build
// provisional years in an activity or at startup and pass the resulting YearSchedule in as data.

import { Lunar, Solar } from 'lunar-javascript';
import { validateYearSchedule, type HolidayRange, type YearSchedule } from '../clock/calendar';
import { addDays, type IsoDate } from '../clock/dates';
import { ClockError } from '../clock/errors';

export interface StatutoryHoliday {
  readonly name: string;
  readonly dates: readonly IsoDate[];
}

function solarYmd(s: Solar): IsoDate {
  return s.toYmd();
}

function expectWithin(name: string, date: IsoDate, lo: IsoDate, hi: IsoDate): IsoDate {
  // Guards against a library upgrade changing semantics (e.g. leap-month numbering).
  if (date < lo || date > hi) {
    throw new ClockError('INVALID_CALENDAR', `${name}日期计算异常：${date} 不在 ${lo} 至 ${hi} 之间`, { name, date });
  }
  return date;
}

/**
 * Computed once per year: the lunar conversions cost milliseconds, and every project view's
 * forecast asks for the years after the shipped official ones (BENCHMARKS.md, #15). Frozen, so no
 * caller can change what the next one gets.
 */
const byYear = new Map<number, readonly StatutoryHoliday[]>();

/** The statutory holidays of a year as individual dates, in the order the regulation lists them. */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  let holidays = byYear.get(year);
  if (!holidays) {
    holidays = Object.freeze(computeStatutoryHolidays(year).map((h) => Object.freeze({ name: h.name, dates: Object.freeze(h.dates) })));
    byYear.set(year, holidays);
  }
  return holidays;
}

function computeStatutoryHolidays(year: number): StatutoryHoliday[] {
  const y = String(year);
  const newYear = solarYmd(Lunar.fromYmd(year, 1, 1).getSolar());
  expectWithin('春节', newYear, `${y}-01-21`, `${y}-02-20`);
  const qingming = solarYmd(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()['清明']);
  expectWithin('清明节', qingming, `${y}-04-03`, `${y}-04-06`);
  const duanwu = solarYmd(Lunar.fromYmd(year, 5, 5).getSolar());
  // Lunar 5/5 falls between 27 May (2039, 2085) and 26 June (1906) in 1901–2099.
  expectWithin('端午节', duanwu, `${y}-05-27`, `${y}-06-26`);
  const midAutumn = solarYmd(Lunar.fromYmd(year, 8, 15).getSolar());
  expectWithin('中秋节', midAutumn, `${y}-09-07`, `${y}-10-08`);

  return [
    { name: '元旦', dates: [`${y}-01-01`] },
    { name: '春节', dates: [addDays(newYear, -1), newYear, addDays(newYear, 1), addDays(newYear, 2)] },
    { name: '清明节', dates: [qingming] },
    { name: '劳动节', dates: [`${y}-05-01`, `${y}-05-02`] },
    { name: '端午节', dates: [duanwu] },
    { name: '中秋节', dates: [midAutumn] },
    { name: '国庆节', dates: [`${y}-10-01`, `${y}-10-02`, `${y}-10-03`] },
  ];
}

export function buildProvisionalYear(year: number): YearSchedule {
  if (!Number.isInteger(year)) {
    throw new ClockError('INVALID_CALENDAR', `年份必须是整数：${String(year)}`, { year });
  }
  // 中秋 can land inside 国庆 (e.g. 2028-10-03); such a day is one day off carrying both names.
  const names = new Map<IsoDate, string[]>();
  for (const h of statutoryHolidays(year)) {
    for (const d of h.dates) names.set(d, [...(names.get(d) ?? []), h.name]);
  }
  const holidays: HolidayRange[] = [];
  for (const date of [...names.keys()].sort()) {
    const name = (names.get(date) ?? []).join('、');
    const last = holidays[holidays.length - 1];
    if (last && last.name === name && addDays(last.to, 1) === date) last.to = date;
    else holidays.push({ name, from: date, to: date });
  }
  return validateYearSchedule({
    year,
    source: 'provisional',
    reference: `按全国年节及纪念日放假办法推算的${year}年暂定安排（未含调休），待国务院办公厅通知公布后替换`,
    holidays,
    makeupWorkdays: [],
  });
}
