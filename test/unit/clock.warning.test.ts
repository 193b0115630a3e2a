// Yellow = 24:00 of the m-th counted working day, m = floor(N × X% ); red = promised dueInstant.
//
//        March 2026           February 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//  2  3  4  5  6  7  8   9 10 11 12 13 14 15   (2/14 Sat work, 2/15–2/23 off, 2/28 Sat work)
//  9 10 11 12 13 14 15  16 17 18 19 20 21 22
// 16 17 18 19 20 21 22  23 24 25 26 27 28
// 23 24 25 26 27 28 29
//
// Accepted Monday 3/2, N=10: 3/3=1 3/4=2 3/5=3 3/6=4 3/9=5 3/10=6 3/11=7 3/12=8 3/13=9 3/16=10.

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import {
  classifyLight,
  computeWarningSchedule,
  createWorkCalendar,
  yellowWorkingDay,
  type ClockInput,
} from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const base: ClockInput = { startDate: '2026-03-02', workingDays: 10 };

describe('yellow working day m = floor(N × X / 100)', () => {
  it('when N and X vary, then m is the last whole day not beyond X % and always below N', () => {
    expect(yellowWorkingDay(10)).toBe(8);
    expect(yellowWorkingDay(20)).toBe(16);
    expect(yellowWorkingDay(5)).toBe(4);
    expect(yellowWorkingDay(3)).toBe(2); // 2.4 → 2
    expect(yellowWorkingDay(1)).toBe(0); // one-day clock: yellow as soon as counting starts
    expect(yellowWorkingDay(10, 75)).toBe(7); // 7.5 → 7
    expect(yellowWorkingDay(100, 57)).toBe(57); // 0.57 × 100 would be 56.99… in floating point
    expect(yellowWorkingDay(20, 99)).toBe(19);
  });
});

describe('warning schedule and light', () => {
  it('when promised N=10 from 3/2 at the default 80 %, then yellow at end of 3/12 (8th day) and red at end of 3/16', () => {
    const s = computeWarningSchedule(base, cal);
    expect(s).toEqual({
      state: 'scheduled',
      yellowWorkingDay: 8,
      yellowDate: '2026-03-12',
      yellowAt: sh('2026-03-13T00:00:00'),
      dueDate: '2026-03-16',
      redAt: sh('2026-03-17T00:00:00'),
      provisional: false,
    });
  });

  it('when classifying instants around the boundaries, then intervals are half-open and a weekend inside yellow stays yellow', () => {
    const s = computeWarningSchedule(base, cal);
    expect(classifyLight(s, sh('2026-03-02T09:00:00'))).toBe('green');
    expect(classifyLight(s, sh('2026-03-12T23:59:59.999'))).toBe('green');
    expect(classifyLight(s, sh('2026-03-13T00:00:00'))).toBe('yellow');
    expect(classifyLight(s, sh('2026-03-14T10:00:00'))).toBe('yellow'); // Saturday
    expect(classifyLight(s, sh('2026-03-16T23:59:59.999'))).toBe('yellow');
    expect(classifyLight(s, sh('2026-03-17T00:00:00'))).toBe('red');
    expect(classifyLight(s, sh('2026-04-01T00:00:00'))).toBe('red');
  });

  it('when a custom 50 % threshold is configured, then yellow is at end of the 5th day (3/9)', () => {
    expect(computeWarningSchedule(base, cal, { yellowPercent: 50 })).toMatchObject({ yellowDate: '2026-03-09', yellowAt: sh('2026-03-10T00:00:00') });
  });

  it('when a green-channel clock has N=1, then yellow starts at end of the start day and red a working day later', () => {
    const s = computeWarningSchedule({ startDate: '2026-03-02', workingDays: 1 }, cal);
    expect(s).toMatchObject({ yellowWorkingDay: 0, yellowDate: '2026-03-02', dueDate: '2026-03-03' });
    expect(classifyLight(s, sh('2026-03-02T15:00:00'))).toBe('green');
    expect(classifyLight(s, sh('2026-03-03T10:00:00'))).toBe('yellow');
    expect(classifyLight(s, sh('2026-03-04T00:00:00'))).toBe('red');
  });

  it('when the clock spans Spring Festival (from 2/13, N=10), then the 8th counted day is 3/3 and yellow is at end of 3/3', () => {
    // 2/14=1 · off · 2/24=2 2/25=3 2/26=4 2/27=5 2/28=6 · 3/2=7 3/3=8
    expect(computeWarningSchedule({ startDate: '2026-02-13', workingDays: 10 }, cal)).toMatchObject({
      yellowDate: '2026-03-03',
      dueDate: '2026-03-05',
    });
  });

  it('when 补正 3/5–3/11 suspends the clock, then yellow moves to end of 3/19 and red to end of 3/23', () => {
    // Counted: 3/3 3/4 3/12 3/13 3/16 3/17 3/18 3/19(8th) 3/20 3/23(10th)
    const s = computeWarningSchedule({ ...base, suspensions: [{ kind: 'correction', from: '2026-03-05', to: '2026-03-11' }] }, cal);
    expect(s).toMatchObject({ yellowDate: '2026-03-19', yellowAt: sh('2026-03-20T00:00:00'), redAt: sh('2026-03-24T00:00:00') });
    expect(classifyLight(s, sh('2026-03-16T12:00:00'))).toBe('green');
  });

  it('when the clock is paused, then the light is paused and yellowReached tells whether 80 % had been used', () => {
    // Open from 3/13: counted 3/3..3/12 = 8 ≥ m=8. Open from 3/5: counted 2 < 8.
    const late = computeWarningSchedule({ ...base, suspensions: [{ kind: 'correction', from: '2026-03-13' }] }, cal);
    expect(late).toMatchObject({ state: 'paused', workingDaysCounted: 8, yellowReached: true });
    expect(classifyLight(late, sh('2026-03-20T00:00:00'))).toBe('paused');
    const early = computeWarningSchedule({ ...base, suspensions: [{ kind: 'correction', from: '2026-03-05' }] }, cal);
    expect(early).toMatchObject({ state: 'paused', workingDaysCounted: 2, workingDaysRemaining: 8, yellowReached: false });
  });
});
