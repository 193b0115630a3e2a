// Provisional years and re-projection.
//
//      December 2026            January 2027           February 2027
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//     1  2  3  4  5  6               1  2  3   1  2  3  4  5  6  7
//  7  8  9 10 11 12 13   4  5  6  7  8  9 10   8  9 10 11 12 13 14
// 14 15 16 17 18 19 20  11 12 13 14 15 16 17  15 16 17 18 19 20 21
// 21 22 23 24 25 26 27  18 19 20 21 22 23 24  22 23 24 25 26 27 28
// 28 29 30 31           25 26 27 28 29 30 31
//
// 2027 lunar facts (published almanacs; 2027 Chinese New Year is Saturday 6 Feb):
//   除夕 Fri 2/5, 初一 Sat 2/6, 初二 Sun 2/7, 初三 Mon 2/8; 清明 Mon 4/5 (solar term, always 4/4–4/6);
//   端午 (lunar 5/5) Wed 6/9; 中秋 (lunar 8/15) Wed 9/15.

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { buildProvisionalYear, statutoryHolidays } from '../../domain/calendar/provisional';
import {
  classifyDay,
  computeDeadline,
  createWorkCalendar,
  isAffectedByYears,
  reprojectDeadline,
  withYearSchedule,
  type ClockInput,
  type DueDeadline,
  type YearSchedule,
} from '../../domain/clock';

const sh = (local: string): number => Date.parse(`${local}+08:00`);
const prov2027 = buildProvisionalYear(2027);
const calProv = createWorkCalendar([...OFFICIAL_SCHEDULES, prov2027]);

// A MADE-UP "official" 2027 notice for the test only: 元旦 1/1–1/4 off, Saturday 1/9 worked.
const fakeOfficial2027: YearSchedule = {
  year: 2027,
  source: 'official',
  reference: '测试用虚构安排',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-04' },
    { name: '春节', from: '2027-02-05', to: '2027-02-12' },
  ],
  makeupWorkdays: [{ name: '元旦', date: '2027-01-09' }],
};

describe('provisional builder', () => {
  it('when building any year the clock supports (1901–2099), then it succeeds; 端午 of 2039 and 2085 is 27 May, of 1906 is 26 June', () => {
    const failures: string[] = [];
    for (let year = 1901; year <= 2099; year++) {
      try {
        buildProvisionalYear(year);
      } catch (err) {
        failures.push(`${year}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    const duanwu = (year: number) => statutoryHolidays(year).find((h) => h.name === '端午节')?.dates;
    expect([duanwu(2039), duanwu(2085), duanwu(1906)]).toEqual([['2039-05-27'], ['2085-05-27'], ['1906-06-26']]);
  });

  it('when building 2027, then the statutory holidays land on the lunar/solar-term dates and there is no 调休', () => {
    expect(prov2027).toMatchObject({
      year: 2027,
      source: 'provisional',
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-01' },
        { name: '春节', from: '2027-02-05', to: '2027-02-08' },
        { name: '清明节', from: '2027-04-05', to: '2027-04-05' },
        { name: '劳动节', from: '2027-05-01', to: '2027-05-02' },
        { name: '端午节', from: '2027-06-09', to: '2027-06-09' },
        { name: '中秋节', from: '2027-09-15', to: '2027-09-15' },
        { name: '国庆节', from: '2027-10-01', to: '2027-10-03' },
      ],
      makeupWorkdays: [],
    });
  });

  it('when building 2026, then every statutory day is also off in the official 2026 notice', () => {
    const official = createWorkCalendar(OFFICIAL_SCHEDULES);
    // 除夕 2/16, 初一 2/17 … all inside 2/15–2/23; 清明 4/5; 端午 6/19; 中秋 9/25.
    const days = statutoryHolidays(2026).flatMap((h) => h.dates);
    expect(days).toHaveLength(13); // 1 + 4 + 1 + 2 + 1 + 1 + 3
    expect(days).toContain('2026-02-16');
    for (const d of days) expect(classifyDay(official, d).kind).toBe('holiday');
  });

  it('when a year\'s statutory holidays are asked for again, then the same answer comes back and no caller can change it', () => {
    const first = statutoryHolidays(2029);
    expect(statutoryHolidays(2029)).toBe(first);
    expect(() => (first[0].dates as string[]).push('2029-01-02')).toThrow(TypeError);
    expect(() => ((first[0] as { name: string }).name = '改名')).toThrow(TypeError);
    expect(statutoryHolidays(2029)[0]).toEqual({ name: '元旦', dates: ['2029-01-01'] });
  });

  it('when 中秋 falls inside 国庆 (2028-10-03), then the day is off once and carries both names', () => {
    const y = buildProvisionalYear(2028);
    expect(y.holidays.slice(-2)).toEqual([
      { name: '国庆节', from: '2028-10-01', to: '2028-10-02' },
      { name: '中秋节、国庆节', from: '2028-10-03', to: '2028-10-03' },
    ]);
  });

  it('when a clock straddles 2027 Spring Festival provisionally (from Thu 2/4, N=5), then due Mon 2/15 and provisional', () => {
    // 2/5–2/8 off · 2/9=1 2/10=2 2/11=3 2/12=4 · 2/13–2/14 weekend · 2/15=5
    expect(computeDeadline({ startDate: '2027-02-04', workingDays: 5 }, calProv)).toMatchObject({
      dueDate: '2027-02-15',
      provisional: true,
    });
  });
});

describe('year boundary 2026 → 2027 and re-projection', () => {
  const input: ClockInput = { startDate: '2026-12-24', workingDays: 10 };

  it('when a clock runs from 12/24/2026 into provisional 2027, then due Fri 2027-01-08 and marked provisional', () => {
    // 12/25=1 · 12/26–27 wknd · 12/28=2 12/29=3 12/30=4 12/31=5 · 1/1 元旦 · 1/2–3 wknd · 1/4=6 … 1/8=10
    const r = computeDeadline(input, calProv) as DueDeadline;
    expect(r).toMatchObject({ state: 'due', dueDate: '2027-01-08', provisional: true });
    expect(r.dueInstant).toBe(sh('2027-01-09T00:00:00'));
    expect(r.explanation.calendarYears).toEqual([
      { year: 2026, source: 'official' },
      { year: 2027, source: 'provisional' },
    ]);
    expect(r.explanation.provisionalYears).toEqual([2027]);
  });

  it('when the (made-up) official 2027 is loaded, then the due date moves to Sat 1/9 and the diff explains why', () => {
    // 12/25..12/31 = 1..5 · 1/1–1/4 off · 1/5=6 1/6=7 1/7=8 1/8=9 · 1/9 (Sat, 调休)=10
    const previous = computeDeadline(input, calProv);
    expect(isAffectedByYears(previous, [2027])).toBe(true);
    const calOfficial = withYearSchedule(calProv, fakeOfficial2027);
    const p = reprojectDeadline(previous, input, calOfficial);
    expect(p.changed).toBe(true);
    expect(p.dueDateChanged).toBe(true);
    expect(p.next).toMatchObject({ dueDate: '2027-01-09', provisional: false });
    expect(p.diff).toEqual({
      oldState: 'due',
      newState: 'due',
      oldDueDate: '2027-01-08',
      newDueDate: '2027-01-09',
      oldDueInstant: sh('2027-01-09T00:00:00'),
      newDueInstant: sh('2027-01-10T00:00:00'),
      oldProvisional: true,
      newProvisional: false,
      reason: {
        code: 'CALENDAR_REVISED',
        yearsRevised: [2027],
        // 1/2–1/3 were weekend, now part of the listed 元旦 holiday; 1/4 was a working day.
        reclassifiedDays: [
          { date: '2027-01-02', before: 'weekend', after: 'holiday' },
          { date: '2027-01-03', before: 'weekend', after: 'holiday' },
          { date: '2027-01-04', before: 'workday', after: 'holiday' },
        ],
        message:
          '因2027年工作日历更新（2027-01-02至2027-01-03由周末改为节假日、2027-01-04由工作日改为节假日），截止日由2027-01-08调整为2027-01-09，已转为正式',
      },
    });
  });

  it('when the official 2027 leaves the date unchanged, then the diff still records that it is now final', () => {
    const sameDays: YearSchedule = { ...prov2027, source: 'official', reference: '测试' };
    const previous = computeDeadline(input, calProv);
    const p = reprojectDeadline(previous, input, withYearSchedule(calProv, sameDays));
    expect(p).toMatchObject({ changed: true, dueDateChanged: false, next: { dueDate: '2027-01-08', provisional: false } });
    expect(p.diff?.reason).toMatchObject({ yearsRevised: [2027], reclassifiedDays: [] });
    expect(p.diff?.reason.message).toBe('因2027年工作日历更新，截止日2027-01-08不变，已转为正式');
  });

  it('when a deadline lies wholly in 2026, then loading 2027 does not affect it and re-projection reports no change', () => {
    const inside: ClockInput = { startDate: '2026-03-02', workingDays: 10 };
    const previous = computeDeadline(inside, calProv);
    expect(isAffectedByYears(previous, [2027])).toBe(false);
    expect(reprojectDeadline(previous, inside, withYearSchedule(calProv, fakeOfficial2027))).toMatchObject({ changed: false, diff: null });
  });

  it('when 2027 is not loaded at all, then a clock crossing the year refuses instead of guessing', () => {
    const only2026 = createWorkCalendar(OFFICIAL_SCHEDULES);
    expect(() => computeDeadline(input, only2026)).toThrow(expect.objectContaining({ code: 'CALENDAR_YEAR_MISSING' }));
  });

  it('when counting 249 days from 2026-01-01, then the 249th is the first 2027 working day, Monday 1/4, provisional', () => {
    // 248 working days in 2026 end on 12/31; 1/1/2027 is 元旦, 1/2–1/3 weekend.
    expect(computeDeadline({ startDate: '2026-01-01', workingDays: 249 }, calProv)).toMatchObject({ dueDate: '2027-01-04', provisional: true });
  });

  it('when re-projecting with a different start or N, then INPUT_MISMATCH is thrown', () => {
    const previous = computeDeadline(input, calProv);
    expect(() => reprojectDeadline(previous, { ...input, workingDays: 11 }, calProv)).toThrow(
      expect.objectContaining({ code: 'INPUT_MISMATCH' }),
    );
  });
});
