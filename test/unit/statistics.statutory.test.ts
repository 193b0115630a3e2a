// 延期率, excluded time by kind, and 按时办结率 on the adjusted time, counted by hand.
// November 2026 has no holidays: Mon 11/2, working days 11/3–11/6, 11/9–11/13.
import { createWorkCalendar } from '../../domain/clock';
import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { computeStatistics, type StatEvent } from '../../domain/statistics';

const at = (local: string) => Date.parse(`${local}+08:00`);
const ev = (type: string, when: string, taskId: string, payload: Record<string, unknown> = {}): StatEvent => ({
  type, occurredAt: at(when), taskId, departmentId: 'ZJJ', projectId: 'P1', payload,
});

const events: StatEvent[] = [
  // E: promised 5, extended by 3 (approved), decided Thu 11/12 after 8 counted days (11/3–11/6, 11/9–11/12):
  // late against 5, on time against 5 + 3.
  ev('task.received', '2026-11-02T09:00:00', 'E', { promisedDays: 5, statutoryDays: 10 }),
  ev('task.deadline_extended', '2026-11-05T10:00:00', 'E', { extension: { days: 3, status: 'approved' } }),
  ev('task.decided', '2026-11-12T16:00:00', 'E'),
  // F: promised 3; 专家评审 Tue 11/3 to Fri 11/6 (both ends excluded); decided Wed 11/11 after 11/9, 11/10, 11/11 = 3 days.
  ev('task.received', '2026-11-02T09:00:00', 'F', { promisedDays: 3, statutoryDays: 5 }),
  ev('task.excluded_period_started', '2026-11-03T09:00:00', 'F', { kind: 'expert_review' }),
  ev('task.excluded_period_ended', '2026-11-06T17:00:00', 'F', { kind: 'expert_review' }),
  ev('task.decided', '2026-11-11T16:00:00', 'F'),
  // G: a hearing started and still running; not concluded.
  ev('task.received', '2026-11-02T09:00:00', 'G', { promisedDays: 10, statutoryDays: 20 }),
  ev('task.excluded_period_started', '2026-11-04T09:00:00', 'G', { kind: 'hearing' }),
];

describe('statistics with extensions and excluded time', () => {
  const { county } = computeStatistics(events, '2026-11-01', '2026-11-30', createWorkCalendar(OFFICIAL_SCHEDULES));

  test('when one of two concluded tasks was extended, then 延期率 is 1/2 and it counts as on time within the extended limit', () => {
    expect(county.extended).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(county.onTimePromised).toEqual({ numerator: 2, denominator: 2, value: 1 });
    expect(county.overdue).toBe(0);
  });

  test('when excluded periods ran, then their days are not working time and they are counted by kind', () => {
    expect(county.averageWorkingDays).toBe(5.5); // (8 + 3) / 2
    expect(county.excludedPeriods).toEqual({ hearing: 1, tendering_auction: 0, testing_inspection_quarantine: 0, expert_review: 1, intermediary_service: 0 });
  });
});
