import {
  addDays,
  dayOfWeek,
  daysBetween,
  isIsoDate,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
} from '../../domain/clock';
import { fromDayNumber, toDayNumber } from '../../domain/clock/dates';

// Shanghai wall-clock time → epoch ms, computed by the JS engine, independent of the code under test.
const sh = (local: string): number => Date.parse(`${local}+08:00`);

describe('clock dates', () => {
  it('when a date string is well-formed and real, then it is accepted; otherwise rejected', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true); // 2028 is a leap year
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-1')).toBe(false);
    expect(isIsoDate('2026/01/01')).toBe(false);
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate('0099-01-01')).toBe(false);
  });

  it('when dates are converted many times (the remembered conversions), then the answers stay those of the first time and invalid dates stay refused', () => {
    const days = Array.from({ length: 800 }, (_, i) => addDays('2026-01-01', i));
    for (let round = 0; round < 2; round++) {
      for (const [i, d] of days.entries()) {
        expect(toDayNumber(d)).toBe(toDayNumber('2026-01-01') + i);
        expect(fromDayNumber(toDayNumber(d))).toBe(d);
      }
    }
    expect(toDayNumber('2028-02-29') + 365).toBe(toDayNumber('2029-02-28'));
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(() => toDayNumber('2027-02-29')).toThrow('不是有效日期');
    // A day outside 1901–2099 still converts, but is not a valid date of the clock.
    expect(isIsoDate(fromDayNumber(toDayNumber('2099-12-31') + 1))).toBe(false);
    expect(isIsoDate(fromDayNumber(toDayNumber('2099-12-31') + 1))).toBe(false);
  });

  it('when adding days across month, leap-day and year ends, then the civil date rolls over', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-13', '2026-03-05')).toBe(20);
  });

  it('when asking the weekday of 2026 dates, then it matches the printed calendar (1 Jan 2026 is a Thursday)', () => {
    expect(dayOfWeek('2026-01-01')).toBe(4);
    expect(dayOfWeek('2026-01-04')).toBe(0); // make-up Sunday
    expect(dayOfWeek('2026-02-14')).toBe(6); // make-up Saturday
    expect(dayOfWeek('2026-09-20')).toBe(0);
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(dayOfWeek('2027-01-01')).toBe(5);
  });

  it('when an instant is just before/at Shanghai midnight, then it maps to the Shanghai calendar date, not the UTC one', () => {
    expect(shanghaiDateOf(Date.parse('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(shanghaiDateOf(Date.parse('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(shanghaiDateOf(sh('2026-12-31T23:59:59.999'))).toBe('2026-12-31');
  });

  it('when converting a date to its start and end of day, then end is 24:00 Shanghai = next day 00:00 (+08:00)', () => {
    expect(shanghaiStartOfDay('2026-03-05')).toBe(sh('2026-03-05T00:00:00'));
    expect(shanghaiEndOfDay('2026-03-05')).toBe(sh('2026-03-06T00:00:00'));
    expect(shanghaiEndOfDay('2026-03-05')).toBe(Date.parse('2026-03-05T16:00:00Z'));
    expect(shanghaiDateOf(shanghaiEndOfDay('2026-03-05') - 1)).toBe('2026-03-05');
    expect(shanghaiDateOf(shanghaiEndOfDay('2026-03-05'))).toBe('2026-03-06');
  });
});
