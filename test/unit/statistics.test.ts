import { createWorkCalendar } from '../../domain/clock';
import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { computeStatistics, percentile, rate, type Rate, type StatEvent } from '../../domain/statistics';

const at = (local: string) => Date.parse(`${local}+08:00`);
const calendar = createWorkCalendar(OFFICIAL_SCHEDULES);
/** A rate written out by hand (value rounded to 4 decimals by hand), not computed by the code under test. */
const ratio = (numerator: number, denominator: number, value: number | null): Rate => ({ numerator, denominator, value });

function ev(type: string, when: string, taskId: string | null, departmentId: string | null, projectId: string, payload: Record<string, unknown> = {}): StatEvent {
  return { type, occurredAt: at(when), taskId, departmentId, projectId, payload };
}

// Fixture with outcomes worked out by hand on the official 2026 calendar (国庆 10/1–10/7 off, 10/10 Sat works).
const events: StatEvent[] = [
  // A (FGW, P1): received Mon 9/28, decided Mon 10/12. Counted: 9/29, 9/30, 10/8, 10/9, 10/10 (make-up), 10/12 = 6 > promised 5.
  ev('task.received', '2026-09-28T09:00:00', 'A', 'FGW', 'P1', { promisedDays: 5, statutoryDays: 20 }),
  ev('task.decided', '2026-10-12T10:00:00', 'A', 'FGW', 'P1'),
  // B (FGW, P2): received Mon 10/12; notice Tue 10/13, materials Thu 10/15 (10/13–10/15 excluded); decided Mon 10/19.
  // Counted: 10/16, 10/19 = 2 <= 3.
  ev('task.received', '2026-10-12T09:00:00', 'B', 'FGW', 'P2', { promisedDays: 3, statutoryDays: 10 }),
  ev('task.supplement_requested', '2026-10-13T11:00:00', 'B', 'FGW', 'P2'),
  ev('task.notice_violation', '2026-10-14T11:00:00', 'B', 'FGW', 'P2'),
  ev('task.supplement_received', '2026-10-15T15:00:00', 'B', 'FGW', 'P2'),
  ev('task.decided', '2026-10-19T10:00:00', 'B', 'FGW', 'P2'),
  // C (GTJ, P1): received and decided on Fri 10/9 — a same-day conclusion, 0 working days.
  ev('task.received', '2026-10-09T09:00:00', 'C', 'GTJ', 'P1', { promisedDays: 10, statutoryDays: 20 }),
  ev('task.decided', '2026-10-09T16:00:00', 'C', 'GTJ', 'P1'),
  // D (GTJ, P2): received Fri 10/9, deemed accepted, yellow then red, still open.
  ev('task.received', '2026-10-09T09:30:00', 'D', 'GTJ', 'P2', { promisedDays: 5, statutoryDays: 20 }),
  ev('task.deemed_accepted', '2026-10-16T00:00:00', 'D', 'GTJ', 'P2'),
  ev('task.light_changed', '2026-10-15T00:00:00', 'D', 'GTJ', 'P2', { from: 'green', to: 'yellow' }),
  ev('task.light_changed', '2026-10-17T00:00:00', 'D', 'GTJ', 'P2', { from: 'yellow', to: 'red' }),
  ev('complaint.filed', '2026-10-20T09:00:00', null, 'GTJ', 'P2'),
  ev('complaint.resolved', '2026-10-21T09:00:00', null, 'GTJ', 'P2', { onTime: true }),
  ev('satisfaction.recorded', '2026-10-25T09:00:00', null, null, 'P1', { rating: 'satisfied' }),
  ev('satisfaction.recorded', '2026-10-26T09:00:00', null, null, 'P2', { rating: 'dissatisfied' }),
];

describe('efficiency statistics from the event log', () => {
  const stats = computeStatistics(events, '2026-10-01', '2026-10-31', calendar);

  test('when computed for the county, then every figure matches the hand count', () => {
    expect(stats.county).toEqual({
      tasksReceived: 3, // B, C, D (A was received in September)
      tasksConcluded: 3, // A, B, C
      onTimePromised: ratio(2, 3, 0.6667),
      onTimeStatutory: ratio(3, 3, 1),
      averageWorkingDays: 2.67, // (6 + 2 + 0) / 3
      p90WorkingDays: 6,
      overdue: 1,
      yellow: 1,
      red: 1,
      sameDayConclusion: ratio(1, 3, 0.3333),
      onTheSpotIntake: 0,
      extended: ratio(0, 3, 0),
      excludedPeriods: { hearing: 0, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 0, intermediary_service: 0 },
      noticeViolations: 1,
      deemedAcceptances: 1,
      complaintsReceived: 1,
      complaintsResolvedOnTime: ratio(1, 1, 1),
      satisfaction: ratio(1, 2, 0.5),
    });
  });

  test('when computed per department, then each department gets its own tasks, complaints and ratings', () => {
    expect(stats.departments.FGW).toMatchObject({
      tasksReceived: 1,
      tasksConcluded: 2,
      onTimePromised: ratio(1, 2, 0.5),
      averageWorkingDays: 4,
      overdue: 1,
      sameDayConclusion: ratio(0, 2, 0),
      noticeViolations: 1,
      complaintsResolvedOnTime: { value: null },
      satisfaction: ratio(1, 2, 0.5),
    });
    expect(stats.departments.GTJ).toMatchObject({
      tasksReceived: 2,
      tasksConcluded: 1,
      onTimePromised: ratio(1, 1, 1),
      p90WorkingDays: 0,
      yellow: 1,
      red: 1,
      sameDayConclusion: ratio(1, 1, 1),
      deemedAcceptances: 1,
      complaintsReceived: 1,
      complaintsResolvedOnTime: ratio(1, 1, 1),
    });
  });

  test('when the range excludes the suspension days, then the working time still skips them', () => {
    const octoberSecondHalf = computeStatistics(events, '2026-10-19', '2026-10-19', calendar);
    expect(octoberSecondHalf.departments.FGW.averageWorkingDays).toBe(2);
  });

  test('when a 即办件 of a project accepted on the spot concludes, then it counts toward 现场办结率 even when decided later', () => {
    // Hand count, official 2026 calendar. E (FGW, P3): 即办件 accepted on the spot Mon 11/2, decided Wed 11/4 → 现场办结.
    // F (FGW, P4): same item, project accepted after supplying materials (no flag), decided Wed 11/4 → not.
    // G (GTJ, P3): received and decided Tue 11/3 → 现场办结 by the same-day rule. H (GTJ, P3): 即办件, still open → not concluded.
    const spot: StatEvent[] = [
      ev('task.received', '2026-11-02T09:00:00', 'E', 'FGW', 'P3', { promisedDays: 1, statutoryDays: 20, onTheSpot: true }),
      ev('task.decided', '2026-11-04T10:00:00', 'E', 'FGW', 'P3'),
      ev('task.received', '2026-11-02T09:00:00', 'F', 'FGW', 'P4', { promisedDays: 1, statutoryDays: 20 }),
      ev('task.decided', '2026-11-04T10:00:00', 'F', 'FGW', 'P4'),
      ev('task.received', '2026-11-03T09:00:00', 'G', 'GTJ', 'P3', { promisedDays: 10, statutoryDays: 20 }),
      ev('task.decided', '2026-11-03T15:00:00', 'G', 'GTJ', 'P3'),
      ev('task.received', '2026-11-03T09:00:00', 'H', 'GTJ', 'P3', { promisedDays: 10, statutoryDays: 20, onTheSpot: true }),
    ];
    const s = computeStatistics(spot, '2026-11-01', '2026-11-30', calendar);
    expect([s.county.sameDayConclusion, s.county.onTheSpotIntake]).toEqual([ratio(2, 3, 0.6667), 1]); // E, G of E, F, G
    expect([s.departments.FGW.sameDayConclusion, s.departments.FGW.onTheSpotIntake]).toEqual([ratio(1, 2, 0.5), 1]);
    expect([s.departments.GTJ.sameDayConclusion, s.departments.GTJ.onTheSpotIntake]).toEqual([ratio(1, 1, 1), 0]);
  });

  test('when a rate is formed, then it is rounded to four decimals and has no value over zero', () => {
    expect(rate(2, 3)).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
    expect(rate(1, 8)).toEqual({ numerator: 1, denominator: 8, value: 0.125 });
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  test('when percentiles are taken, then the nearest-rank method is used', () => {
    expect(percentile([5, 1, 3, 2, 4, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([], 90)).toBeNull();
  });
});
