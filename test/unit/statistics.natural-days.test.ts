// On-time rates for natural-day items (法律依据写“日”): the conclusion is compared with the deadline
// counted in natural days, where a last day off rolls over (民法典 第二百零三条). Hand-computed on
// the official 2026 calendar (国庆 10/1–10/7 off).
import { createWorkCalendar } from '../../domain/clock';
import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { computeStatistics, type StatEvent } from '../../domain/statistics';

const at = (local: string) => Date.parse(`${local}+08:00`);
const calendar = createWorkCalendar(OFFICIAL_SCHEDULES);
const ev = (type: string, when: string, taskId: string, payload: Record<string, unknown> = {}): StatEvent => ({
  type, occurredAt: at(when), taskId, departmentId: 'STHJ', projectId: `P-${taskId}`, payload,
});
const natural = { promisedDays: 30, statutoryDays: 60, limitUnit: 'naturalDays' };

describe('statistics for natural-day items', () => {
  test('when a 60-day item is decided on the rolled-over last day 10/8, then it is on time though 64 natural days passed', () => {
    // Received 8/5. Promised 30: Aug 6–31 = 26, Sep 1–4 → Fri 9/4. Statutory 60 → 10/4 (国庆) → 10/8.
    const events = [
      ev('task.received', '2026-08-05T10:00:00', 'A', natural),
      ev('task.decided', '2026-10-08T16:00:00', 'A'),
      // B: decided the day after the rolled-over deadline — late on both clocks.
      ev('task.received', '2026-08-05T10:00:00', 'B', natural),
      ev('task.decided', '2026-10-09T09:00:00', 'B'),
      // C: decided Fri 9/4, the 30th natural day — on time on both clocks.
      ev('task.received', '2026-08-05T10:00:00', 'C', natural),
      ev('task.decided', '2026-09-04T17:00:00', 'C'),
    ];
    const s = computeStatistics(events, '2026-08-01', '2026-10-31', calendar).county;
    expect(s.onTimeStatutory).toMatchObject({ numerator: 2, denominator: 3 });
    expect(s.onTimePromised).toMatchObject({ numerator: 1, denominator: 3 });
    expect(s.overdue).toBe(2);
  });

  test('when the same item counted working days, then 10/8 would be within 60 working days (contrast)', () => {
    const events = [
      ev('task.received', '2026-08-05T10:00:00', 'A', { promisedDays: 30, statutoryDays: 60 }),
      ev('task.decided', '2026-10-09T09:00:00', 'A'),
    ];
    expect(computeStatistics(events, '2026-08-01', '2026-10-31', calendar).county.onTimeStatutory).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
