// Natural-day limits (法律依据写“日”而非“工作日”, e.g. 环境影响评价法 第二十二条: 报告书 60 日、报告表 30 日).
// Expected dates are worked out by hand from the printed calendar and the 国办 2025-11-04 notice,
// never from the code under test.
//
//       February 2026          September 2026          October 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//                    1      1  2  3  4  5  6            1  2  3  4
//  2  3  4  5  6  7  8   7  8  9 10 11 12 13   5  6  7  8  9 10 11
//  9 10 11 12 13 14 15  14 15 16 17 18 19 20  12 13 14 15 16 17 18
// 16 17 18 19 20 21 22  21 22 23 24 25 26 27  19 20 21 22 23 24 25
// 23 24 25 26 27 28     28 29 30              26 27 28 29 30 31
//
// Off: 春节 2/15–2/23, 中秋 9/25–9/27, 国庆 10/1–10/7. Work: Sat 2/14, Sat 2/28, Sun 9/20, Sat 10/10.
// Rule for a last day that is a day off: 民法典 第二百零三条 — the period ends on the day after the
// days off end (weekends included; 调休 Saturdays are working days, not days off).

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import {
  computeDeadline,
  computeTaskClocks,
  computeWarningSchedule,
  createWorkCalendar,
  elapsedWorkingDays,
  explanationLines,
  summarizeDeadline,
  type DeadlineResult,
  type DueDeadline,
  type Suspension,
} from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);
const sh = (local: string): number => Date.parse(`${local}+08:00`);

function natural(startDate: string, days: number, suspensions: Suspension[] = []): DeadlineResult {
  return computeDeadline({ startDate, workingDays: days, unit: 'naturalDays', suspensions }, cal);
}

function due(r: DeadlineResult): DueDeadline {
  if (r.state !== 'due') throw new Error('expected a due deadline');
  return r;
}

describe('natural-day limits around Spring Festival 2026', () => {
  it('when a 5-day period starting Tue 2/10 ends on Sun 2/15 (春节), then it rolls over the whole holiday to Tue 2/24', () => {
    const r = due(natural('2026-02-10', 5));
    expect(r.explanation.countedDays).toEqual(['2026-02-11', '2026-02-12', '2026-02-13', '2026-02-14', '2026-02-15']);
    expect(r.explanation.rollOver).toEqual({ lastDay: '2026-02-15', to: '2026-02-24' });
    expect(r.dueDate).toBe('2026-02-24');
    expect(r.dueInstant).toBe(sh('2026-02-25T00:00:00'));
    expect(r.explanation.holidaysSkipped.map((d) => d.date)).toEqual([
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ]);
  });

  it('when the last day is the 调休 Saturday 2/14, then it is a working day and the period ends there', () => {
    const r = due(natural('2026-02-08', 6));
    expect(r.dueDate).toBe('2026-02-14');
    expect(r.explanation.rollOver).toBeNull();
  });

  it('when a 30-day 报告表 period starts Tue 1/20, then day 30 is 2/19 inside 春节 and the period ends Tue 2/24', () => {
    // Jan 21–31 = 11 days, Feb 1–19 = 19 days.
    const r = due(natural('2026-01-20', 30));
    expect(r.explanation.lastCountedDay).toBe('2026-02-19');
    expect(r.dueDate).toBe('2026-02-24');
  });

  it('when 15 natural days run through the whole holiday, then holidays count and day 15 is the 调休 Saturday 2/28', () => {
    const r = due(natural('2026-02-13', 15));
    expect(r.explanation.workingDaysCounted).toBe(15);
    expect(r.dueDate).toBe('2026-02-28');
    expect(r.explanation.holidaysSkipped).toEqual([]);
  });

  it('when the same 15 days are working days, then the holiday is skipped instead (contrast)', () => {
    // Working days after 2/13: 2/14(调休) 2/24 2/25 2/26 2/27 2/28(调休) 3/2 3/3 3/4 3/5 3/6 3/9 3/10 3/11 3/12.
    const r = due(computeDeadline({ startDate: '2026-02-13', workingDays: 15 }, cal));
    expect(r.dueDate).toBe('2026-03-12');
  });
});

describe('natural-day limits around National Day 2026', () => {
  it('when a 60-day 报告书 period starts Wed 8/5, then day 60 is 10/4 (国庆) and the period ends Thu 10/8', () => {
    // Aug 6–31 = 26, Sep 1–30 = 30, Oct 1–4 = 4.
    const r = due(natural('2026-08-05', 60));
    expect(r.explanation.lastCountedDay).toBe('2026-10-04');
    expect(r.explanation.rollOver).toEqual({ lastDay: '2026-10-04', to: '2026-10-08' });
    expect(r.dueDate).toBe('2026-10-08');
    expect(summarizeDeadline(r)).toContain('依《民法典》第二百零三条顺延');
    expect(summarizeDeadline(r)).toContain('60日（自然日）');
    expect(explanationLines(r.explanation).join('\n')).toContain('2026-10-04 为法定休假日');
  });

  it('when day 30 is the 调休 Saturday 10/10, then there is no rollover', () => {
    // Sep 11–30 = 20, Oct 1–10 = 10.
    const r = due(natural('2026-09-10', 30));
    expect(r.dueDate).toBe('2026-10-10');
    expect(r.explanation.rollOver).toBeNull();
  });

  it('when the last day is an ordinary Saturday, then the period ends the following Monday', () => {
    const r = due(natural('2026-03-02', 5));
    expect(r.dueDate).toBe('2026-03-09');
    expect(r.explanation.weekendsSkipped).toEqual(['2026-03-08']);
  });

  it('when a 补正 suspension 9/10–9/14 interrupts a 30-day period from 9/1, then its days are excluded and day 30 (10/6) rolls to 10/8', () => {
    // 9/2–9/9 = 8; 9/10–9/14 excluded; 9/15–9/30 = 16 (24); 10/1–10/6 = 6 (30).
    const r = due(natural('2026-09-01', 30, [{ kind: 'correction', from: '2026-09-10', to: '2026-09-14' }]));
    expect(r.explanation.suspendedDaysSkipped.map((d) => d.date)).toEqual(['2026-09-10', '2026-09-11', '2026-09-12', '2026-09-13', '2026-09-14']);
    expect(r.explanation.lastCountedDay).toBe('2026-10-06');
    expect(r.dueDate).toBe('2026-10-08');
  });

  it('when a 补正 suspension is still open, then the clock is paused with natural days counted and remaining', () => {
    const r = natural('2026-09-01', 30, [{ kind: 'correction', from: '2026-09-10', to: null }]);
    expect(r.state).toBe('paused');
    if (r.state !== 'paused') return;
    expect(r.workingDaysCounted).toBe(8);
    expect(r.workingDaysRemaining).toBe(22);
    expect(summarizeDeadline(r)).toContain('剩余22日（自然日）');
  });

  it('when a 10-day promised clock starts 9/28, then yellow (80 %) is 24:00 of the 8th natural day 10/6 and red 10/8', () => {
    const w = computeWarningSchedule({ startDate: '2026-09-28', workingDays: 10, unit: 'naturalDays' }, cal, { yellowPercent: 80 });
    expect(w).toMatchObject({ state: 'scheduled', yellowDate: '2026-10-06', dueDate: '2026-10-08', redAt: sh('2026-10-09T00:00:00') });
  });

  it('when both task clocks are natural days, then they share the unit', () => {
    const c = computeTaskClocks({ startDate: '2026-08-05', statutoryWorkingDays: 60, promisedWorkingDays: 30, unit: 'naturalDays' }, cal);
    // Promised: Aug 6–31 = 26, Sep 1–4 = 4 → Fri 9/4.
    expect([due(c.statutory).dueDate, due(c.promised).dueDate]).toEqual(['2026-10-08', '2026-09-04']);
  });

  it('when elapsed time is measured in natural days across 国庆, then every day counts', () => {
    const from = sh('2026-09-30T10:00:00');
    const to = sh('2026-10-08T09:00:00');
    expect(elapsedWorkingDays(from, to, cal, [], 'naturalDays').workingDays).toBe(8);
    expect(elapsedWorkingDays(from, to, cal, []).workingDays).toBe(1);
  });

  it('when the unit is unknown, then the input is refused with a Chinese message', () => {
    expect(() => computeDeadline({ startDate: '2026-09-01', workingDays: 3, unit: 'hours' as never }, cal)).toThrow('时限单位必须是');
  });
});
