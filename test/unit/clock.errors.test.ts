import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import {
  ClockError,
  classifyLight,
  computeDeadline,
  computeTaskClocks,
  computeWarningSchedule,
  createWorkCalendar,
  elapsedWorkingDays,
  isClockError,
  MAX_SCAN_DAYS,
  shanghaiDateOf,
  type ClockErrorCode,
  type ClockInput,
} from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);

function caught(fn: () => unknown): ClockError {
  try {
    fn();
  } catch (e) {
    if (isClockError(e)) return e;
    throw e;
  }
  throw new Error('expected a ClockError');
}

function expectCode(fn: () => unknown, code: ClockErrorCode, messagePart: string): void {
  const e = caught(fn);
  expect(e).toBeInstanceOf(ClockError);
  expect(e).toBeInstanceOf(Error);
  expect(e.name).toBe('ClockError');
  expect(e.code).toBe(code);
  expect(e.message).toContain(messagePart);
}

describe('input validation', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10'])('when N is %p, then INVALID_WORKING_DAYS with a Chinese message', (n) => {
    expectCode(() => computeDeadline({ startDate: '2026-03-02', workingDays: n as number }, cal), 'INVALID_WORKING_DAYS', '必须是正整数');
  });

  it.each(['2026-02-30', '2026-2-3', '2026/03/02', '', '2027-02-29'])('when the start date is %p, then INVALID_DATE', (d) => {
    expectCode(() => computeDeadline({ startDate: d, workingDays: 1 }, cal), 'INVALID_DATE', '不是有效日期');
  });

  it('when the input itself is missing, then INVALID_DATE rather than a TypeError', () => {
    expectCode(() => computeDeadline(undefined as unknown as ClockInput, cal), 'INVALID_DATE', '缺少时限参数');
  });

  it('when the promised N of a task is not an integer, then the message names the promised clock', () => {
    expectCode(
      () => computeTaskClocks({ startDate: '2026-03-02', statutoryWorkingDays: 20, promisedWorkingDays: 2.5 }, cal),
      'INVALID_WORKING_DAYS',
      '承诺时限',
    );
  });

  it('when a suspension ends before it starts, has a bad date or an unknown kind, then INVALID_SUSPENSION', () => {
    const run = (s: unknown) => () => computeDeadline({ startDate: '2026-03-02', workingDays: 5, suspensions: [s] } as ClockInput, cal);
    expectCode(run({ kind: 'correction', from: '2026-03-10', to: '2026-03-05' }), 'INVALID_SUSPENSION', '开始日期晚于结束日期');
    expectCode(run({ kind: 'correction', from: '2026-03-32' }), 'INVALID_SUSPENSION', '不是有效日期');
    expectCode(run({ kind: 'pause', from: '2026-03-05' }), 'INVALID_SUSPENSION', '补正');
    expectCode(run(null), 'INVALID_SUSPENSION', '第1条暂停记录');
  });

  it('when the yellow percentage is outside 1–99 or fractional, then INVALID_PERCENT', () => {
    for (const p of [0, 100, 80.5]) {
      expectCode(() => computeWarningSchedule({ startDate: '2026-03-02', workingDays: 10 }, cal, { yellowPercent: p }), 'INVALID_PERCENT', '黄灯预警比例');
    }
  });

  it('when an instant is not a finite number, then INVALID_INSTANT', () => {
    expectCode(() => shanghaiDateOf(Number.NaN), 'INVALID_INSTANT', '不是有效的时间戳');
    const s = computeWarningSchedule({ startDate: '2026-03-02', workingDays: 10 }, cal);
    expectCode(() => classifyLight(s, Number.POSITIVE_INFINITY), 'INVALID_INSTANT', '判定时间');
    expectCode(() => elapsedWorkingDays(Number.NaN, 0, cal), 'INVALID_INSTANT', '开始时间');
  });

  it('when the year a clock needs is missing, then CALENDAR_YEAR_MISSING names the year', () => {
    expectCode(() => computeDeadline({ startDate: '2025-12-30', workingDays: 1 }, cal), 'CALENDAR_YEAR_MISSING', '缺少2025年工作日历');
  });

  it('when no working day exists for more than MAX_SCAN_DAYS (bad data), then the scan stops with SCAN_LIMIT_EXCEEDED', () => {
    const allOff = [];
    for (let y = 2026; y <= 2036; y++) {
      allOff.push({ year: y, source: 'official', holidays: [{ name: '测试', from: `${y}-01-01`, to: `${y}-12-31` }], makeupWorkdays: [] });
    }
    const broken = createWorkCalendar(allOff);
    expectCode(() => computeDeadline({ startDate: '2026-01-01', workingDays: 1 }, broken), 'SCAN_LIMIT_EXCEEDED', `${MAX_SCAN_DAYS}天内`);
  });
});
