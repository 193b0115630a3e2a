// How far past its statutory deadline a task is when the breach is recorded (task.statutory_breached
// `workingDaysOver`). Deadline: Friday 2026-03-06, 24:00.
//
//        March 2026
// Mo Tu We Th Fr Sa Su
//  2  3  4  5  6  7  8
//  9 10 11 12 13 14 15

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { createWorkCalendar } from '../../domain/clock';
import { breachDaysOver, daysOver } from '../../workflows/task/clock';

const calendar = createWorkCalendar(OFFICIAL_SCHEDULES);
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const working = { unit: 'workingDays', calendar } as const;
const natural = { unit: 'naturalDays', calendar } as const;

describe('days over the statutory deadline when the breach is recorded', () => {
  it('when the alarm rings on time at 24:00 of the due date, then 0 days over', () => {
    expect(daysOver(working, '2026-03-06', sh('2026-03-07T00:00:00'))).toBe(0);
    expect(daysOver(natural, '2026-03-06', sh('2026-03-07T00:00:00'))).toBe(0);
  });

  it('when it rings at 10:00 the next Monday (worker down over the weekend), then 1 working day over but 3 natural days', () => {
    expect(daysOver(working, '2026-03-06', sh('2026-03-09T10:00:00'))).toBe(1);
    expect(daysOver(natural, '2026-03-06', sh('2026-03-09T10:00:00'))).toBe(3);
  });

  it('when it rings at 24:00 of the fifth working day after the due date, then 5 working days over', () => {
    expect(daysOver(working, '2026-03-06', sh('2026-03-14T00:00:00'))).toBe(5);
  });

  it('when the alarm for 24:00 rings a few seconds late, then it is still on time; a minute and more into Monday is 1 day over', () => {
    const alarmAt = sh('2026-03-07T00:00:00');
    expect(breachDaysOver(working, '2026-03-06', alarmAt, alarmAt + 5_000)).toBe(0);
    expect(breachDaysOver(working, '2026-03-06', alarmAt, sh('2026-03-09T00:02:00'))).toBe(1);
  });
});
