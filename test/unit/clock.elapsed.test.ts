// Elapsed working days in (D0, D1]: start day excluded, the day of the end instant included.
//
//        March 2026
// Mo Tu We Th Fr Sa Su
//  2  3  4  5  6  7  8
//  9 10 11 12 13 14 15
// 16 17 18 19 20 21 22

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { createWorkCalendar, elapsedWorkingDays, type Suspension } from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);
const sh = (local: string): number => Date.parse(`${local}+08:00`);
const from = sh('2026-03-02T10:00:00');

describe('elapsed working days', () => {
  it('when finished at 15:00 on Monday 3/16, then 10 working days elapsed (3/3–3/6, 3/9–3/13, 3/16)', () => {
    expect(elapsedWorkingDays(from, sh('2026-03-16T15:00:00'), cal)).toEqual({
      fromDate: '2026-03-02',
      toDate: '2026-03-16',
      workingDays: 10,
      suspendedWorkingDays: 0,
      provisional: false,
      provisionalYears: [],
    });
  });

  it('when 补正 3/5–3/11 excluded 5 working days, then only 5 elapsed and 5 are reported as suspended', () => {
    const s: Suspension[] = [{ kind: 'correction', from: '2026-03-05', to: '2026-03-11' }];
    expect(elapsedWorkingDays(from, sh('2026-03-16T15:00:00'), cal, s)).toMatchObject({ workingDays: 5, suspendedWorkingDays: 5 });
  });

  it('when a suspension from 3/5 is still open at the end instant, then it runs through the end day', () => {
    // counted 3/3, 3/4; suspended 3/5 3/6 3/9 3/10 3/11 3/12 3/13 3/16
    const s: Suspension[] = [{ kind: 'correction', from: '2026-03-05' }];
    expect(elapsedWorkingDays(from, sh('2026-03-16T15:00:00'), cal, s)).toMatchObject({ workingDays: 2, suspendedWorkingDays: 8 });
  });

  it('when finished on the same day as received, then 0 working days elapsed', () => {
    expect(elapsedWorkingDays(from, sh('2026-03-02T17:00:00'), cal).workingDays).toBe(0);
  });

  it('when finished on Saturday 3/14, then the weekend adds nothing: 9 (3/3–3/13)', () => {
    expect(elapsedWorkingDays(from, sh('2026-03-14T10:00:00'), cal).workingDays).toBe(9);
  });

  it('when the end instant crosses Shanghai midnight (UTC 16:00), then the next day is charged', () => {
    expect(elapsedWorkingDays(from, Date.parse('2026-03-03T15:59:59.999Z'), cal).workingDays).toBe(1);
    expect(elapsedWorkingDays(from, Date.parse('2026-03-03T16:00:00.000Z'), cal).workingDays).toBe(2);
  });

  it('when spanning Spring Festival from 2/13 to 3/5, then 10 working days elapsed, matching the deadline rule', () => {
    expect(elapsedWorkingDays(sh('2026-02-13T09:00:00'), sh('2026-03-05T16:00:00'), cal).workingDays).toBe(10);
  });

  it('when the end is before the start, then INVALID_RANGE is thrown', () => {
    expect(() => elapsedWorkingDays(from, from - 1, cal)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });
});
