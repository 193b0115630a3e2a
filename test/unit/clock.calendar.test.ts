import { HolidayUtil } from 'lunar-javascript';
import { OFFICIAL_SCHEDULES, officialSchedule } from '../../domain/calendar/official';
import {
  addDays,
  classifyDay,
  ClockError,
  createWorkCalendar,
  isWorkingDay,
  scheduleSourceOf,
  withYearSchedule,
  type YearSchedule,
} from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);

function expandDays(s: YearSchedule): { off: string[]; work: string[] } {
  const off: string[] = [];
  for (const h of s.holidays) for (let d = h.from; d <= h.to; d = addDays(d, 1)) off.push(d);
  return { off: off.sort(), work: s.makeupWorkdays.map((m) => m.date).sort() };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClockError) return e.code;
    throw e;
  }
  return undefined;
}

describe('official 2026 calendar data', () => {
  it('when compared with the brief (国办 2025-11-04 notice), then it has 33 days off and 6 make-up days', () => {
    const { off, work } = expandDays(officialSchedule(2026) as YearSchedule);
    // 元旦 3 + 春节 9 + 清明 3 + 劳动 5 + 端午 3 + 中秋 3 + 国庆 7 = 33
    expect(off).toHaveLength(33);
    expect(work).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('when cross-checked against lunar-javascript HolidayUtil (an independent transcription), then both agree day for day', () => {
    const { off, work } = expandDays(officialSchedule(2026) as YearSchedule);
    const lib = HolidayUtil.getHolidays(2026);
    expect(lib.filter((h) => !h.isWork()).map((h) => h.getDay()).sort()).toEqual(off);
    expect(lib.filter((h) => h.isWork()).map((h) => h.getDay()).sort()).toEqual(work);
  });

  it('when counting every working day of 2026, then there are 248 (261 weekdays − 19 weekday holidays + 6 make-up days)', () => {
    // 2026 starts and ends on a Thursday: 52 full weeks + 1 → 261 weekdays.
    // Weekday holidays: 元旦 1/1,1/2 (2); 春节 2/16–2/20, 2/23 (6); 清明 4/6 (1); 劳动 5/1,5/4,5/5 (3);
    // 端午 6/19 (1); 中秋 9/25 (1); 国庆 10/1,10/2,10/5,10/6,10/7 (5) → 19.
    let n = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
    expect(n).toBe(248);
  });

  it('when classifying the 2026 make-up weekend days, then Sunday 1/4, Saturday 2/14, 2/28, 5/9, Sunday 9/20 and Saturday 10/10 are working days', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(classifyDay(cal, d).kind).toBe('makeup');
      expect(isWorkingDay(cal, d)).toBe(true);
    }
    expect(classifyDay(cal, '2026-02-14')).toEqual({ date: '2026-02-14', kind: 'makeup', name: '春节', source: 'official' });
  });

  it('when a holiday falls on a weekend, then it is classified as holiday (named), not weekend', () => {
    expect(classifyDay(cal, '2026-02-15')).toEqual({ date: '2026-02-15', kind: 'holiday', name: '春节', source: 'official' });
    expect(classifyDay(cal, '2026-03-07').kind).toBe('weekend');
    expect(classifyDay(cal, '2026-03-09').kind).toBe('workday');
  });

  it('when a year is not loaded, then classification refuses with CALENDAR_YEAR_MISSING instead of guessing', () => {
    expect(() => classifyDay(cal, '2027-03-01')).toThrow('缺少2027年工作日历');
    expect(codeOf(() => classifyDay(cal, '2025-12-31'))).toBe('CALENDAR_YEAR_MISSING');
    expect(scheduleSourceOf(cal, 2027)).toBeUndefined();
  });

  it('when an official schedule replaces a provisional one, then withYearSchedule swaps the year and keeps the rest', () => {
    const prov = { year: 2027, source: 'provisional', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], makeupWorkdays: [] };
    const off = { year: 2027, source: 'official', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], makeupWorkdays: [] };
    const c1 = createWorkCalendar([...OFFICIAL_SCHEDULES, prov]);
    const c2 = withYearSchedule(c1, off);
    expect(scheduleSourceOf(c1, 2027)).toBe('provisional');
    expect(scheduleSourceOf(c2, 2027)).toBe('official');
    expect(classifyDay(c2, '2027-01-02').kind).toBe('holiday');
    expect(scheduleSourceOf(c2, 2026)).toBe('official');
    expect(c2.schedules.map((s) => s.year)).toEqual([2026, 2027]);
  });

  it('when schedule data is malformed, then INVALID_CALENDAR is thrown with a Chinese message', () => {
    const base = { year: 2027, source: 'official', holidays: [] as unknown[], makeupWorkdays: [] as unknown[] };
    // 2027-03-03 is a Wednesday: a make-up working day must be a weekend day.
    expect(() => createWorkCalendar([{ ...base, makeupWorkdays: [{ name: 'x', date: '2027-03-03' }] }])).toThrow('不是周六或周日');
    expect(codeOf(() => createWorkCalendar([{ ...base, holidays: [{ name: 'x', from: '2026-12-31', to: '2027-01-01' }] }]))).toBe('INVALID_CALENDAR');
    expect(codeOf(() => createWorkCalendar([{ ...base, holidays: [{ name: 'a', from: '2027-01-01', to: '2027-01-03' }, { name: 'b', from: '2027-01-03', to: '2027-01-03' }] }]))).toBe('INVALID_CALENDAR');
    expect(codeOf(() => createWorkCalendar([{ ...base, holidays: [{ name: 'a', from: '2027-01-05', to: '2027-01-03' }] }]))).toBe('INVALID_CALENDAR');
    expect(codeOf(() => createWorkCalendar([{ ...base, source: 'guess' }]))).toBe('INVALID_CALENDAR');
    expect(codeOf(() => createWorkCalendar([{ ...base, year: 2027.5 }]))).toBe('INVALID_CALENDAR');
    expect(codeOf(() => createWorkCalendar([base, base]))).toBe('INVALID_CALENDAR');
    expect(codeOf(() => createWorkCalendar(['2027']))).toBe('INVALID_CALENDAR');
  });
});
