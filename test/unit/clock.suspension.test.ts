// Suspension semantics (see domain/clock/counting.ts): a suspension [S, E] excludes S..E inclusive,
// counting resumes on E+1; an open suspension pauses the clock unless the deadline was reached before S.
//
//        March 2026           February 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//                    1                     1
//  2  3  4  5  6  7  8   2  3  4  5  6  7  8
//  9 10 11 12 13 14 15   9 10 11 12 13 14 15
// 16 17 18 19 20 21 22  16 17 18 19 20 21 22   (2/14 Sat work, 2/15–2/23 off, 2/28 Sat work)
// 23 24 25 26 27 28 29  23 24 25 26 27 28
// 30 31
//
// Baseline: accepted Monday 3/2, N=10 → 3/3..3/6 = 1..4, 3/9..3/13 = 5..9, 3/16 = 10.

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { computeDeadline, createWorkCalendar, type Suspension } from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);
const clock = (suspensions: Suspension[], workingDays = 10, startDate = '2026-03-02') =>
  computeDeadline({ startDate, workingDays, suspensions }, cal);

describe('suspensions', () => {
  it('when there is no suspension, then the baseline is due Monday 3/16', () => {
    expect(clock([])).toMatchObject({ state: 'due', dueDate: '2026-03-16' });
  });

  it('when 补正 runs Thursday 3/5 to Wednesday 3/11, then 5 working days are excluded and the deadline moves to Monday 3/23', () => {
    // 3/3=1 3/4=2 · 3/5–3/11 suspended · 3/12=3 3/13=4 · 3/16..3/20=5..9 · 3/23=10
    const r = clock([{ kind: 'correction', from: '2026-03-05', to: '2026-03-11' }]);
    expect(r).toMatchObject({ state: 'due', dueDate: '2026-03-23' });
    const e = r.explanation;
    expect(e.suspendedDaysSkipped.map((d) => d.date)).toEqual([
      '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11',
    ]);
    expect(e.suspendedDaysSkipped.filter((d) => d.dayKind === 'workday')).toHaveLength(5);
    expect(e.suspendedDaysSkipped[0]).toEqual({ date: '2026-03-05', dayKind: 'workday', suspension: 0, kind: 'correction' });
    expect(e.weekendsSkipped).toEqual(['2026-03-14', '2026-03-15', '2026-03-21', '2026-03-22']);
    expect(e.countedDays.slice(0, 3)).toEqual(['2026-03-03', '2026-03-04', '2026-03-12']);
  });

  it('when a suspension starts and ends on the same day 3/5, then only that day is excluded and the deadline is 3/17', () => {
    // 3/3=1 3/4=2 · 3/5 suspended · 3/6=3 · 3/9..3/13=4..8 · 3/16=9 3/17=10
    expect(clock([{ kind: 'correction', from: '2026-03-05', to: '2026-03-05' }])).toMatchObject({ dueDate: '2026-03-17' });
  });

  it('when expert review (excluded time) overlaps Spring Festival, then holiday days are not deducted twice', () => {
    // From 2/13, N=10. Review 2/20–2/25 covers holidays 2/20–2/23 and workdays 2/24, 2/25.
    // 2/14=1 · 2/15–2/19 off · 2/20–2/25 suspended · 2/26=2 2/27=3 2/28(Sat)=4 · 3/2..3/6=5..9 · 3/9=10
    const r = clock([{ kind: 'excludedTime', reason: '专家评审', from: '2026-02-20', to: '2026-02-25' }], 10, '2026-02-13');
    expect(r).toMatchObject({ state: 'due', dueDate: '2026-03-09' });
    expect(r.explanation.suspendedDaysSkipped.map((d) => d.dayKind)).toEqual(['holiday', 'holiday', 'holiday', 'holiday', 'workday', 'workday']);
    expect(r.explanation.suspendedDaysSkipped[0].reason).toBe('专家评审');
  });

  it('when two suspensions overlap (3/4–3/6 and 3/5–3/9), then their union is excluded once: N=2 is due 3/10', () => {
    // 3/3=1 · 3/4–3/9 suspended · 3/10=2
    const r = clock(
      [
        { kind: 'correction', from: '2026-03-04', to: '2026-03-06' },
        { kind: 'excludedTime', from: '2026-03-05', to: '2026-03-09' },
      ],
      2,
    );
    expect(r).toMatchObject({ dueDate: '2026-03-10' });
    // 3/4–3/6 by the first, 3/7–3/9 by the second
    expect(r.explanation.suspendedDaysSkipped.map((d) => d.suspension)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('when a suspension starts on the start day 3/2 and ends 3/3, then counting resumes 3/4 (N=1 → 3/4)', () => {
    expect(clock([{ kind: 'correction', from: '2026-03-02', to: '2026-03-03' }], 1)).toMatchObject({ dueDate: '2026-03-04' });
  });

  it('when a suspension ended before the start day, then it has no effect', () => {
    expect(clock([{ kind: 'correction', from: '2026-02-24', to: '2026-02-26' }])).toMatchObject({ dueDate: '2026-03-16' });
  });

  it('when a suspension is still open from 3/5, then the clock is paused with 2 days counted and 8 remaining', () => {
    const r = clock([{ kind: 'correction', from: '2026-03-05', to: null }]);
    expect(r).toMatchObject({ state: 'paused', pausedSince: '2026-03-05', suspension: 0, workingDaysCounted: 2, workingDaysRemaining: 8 });
    expect(r.explanation.countedDays).toEqual(['2026-03-03', '2026-03-04']);
    expect('dueDate' in r).toBe(false);
  });

  it('when the open suspension is later closed on 3/11, then the deadline is the same as the closed-interval case (3/23)', () => {
    const open: Suspension = { kind: 'correction', from: '2026-03-05' };
    expect(clock([open])).toMatchObject({ state: 'paused' });
    expect(clock([{ ...open, to: '2026-03-11' }])).toMatchObject({ state: 'due', dueDate: '2026-03-23' });
  });

  it('when an open suspension starts on the would-be due date, then that day is lost and the clock is paused', () => {
    // N=3 baseline: 3/3, 3/4, 3/5. Suspension from 3/5 → only 3/3, 3/4 counted.
    expect(clock([{ kind: 'correction', from: '2026-03-05' }], 3)).toMatchObject({ state: 'paused', workingDaysCounted: 2 });
  });

  it('when an open suspension starts after the deadline was already reached, then the deadline stands (3/5)', () => {
    expect(clock([{ kind: 'correction', from: '2026-03-06' }], 3)).toMatchObject({ state: 'due', dueDate: '2026-03-05' });
  });
});
