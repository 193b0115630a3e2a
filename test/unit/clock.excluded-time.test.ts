// Excluded time (行政许可法 Art. 45) on the official 2026 calendar, computed by hand.
//
//        September 2026              October 2026        中秋 9/25–9/27 off, 国庆 10/1–10/7 off,
//  Mo Tu We Th Fr Sa Su       Mo Tu We Th Fr Sa Su       9/20 (Sun) and 10/10 (Sat) are 调休上班.
//  14 15 16 17 18 19 20        5  6  7  8  9 10 11
//  21 22 23 24 25 26 27       12 13 14 15 16 17 18
//  28 29 30  1  2  3  4       19 20 21 22 23 24 25
//                             26 27 28 29 30 31
// Receipt Fri 9/18 (not counted). Without excluded time: 9/20 = 1, 9/21–9/24 = 2–5, 9/28–9/30 = 6–8,
// 10/8 = 9, 10/9 = 10 → promised 10 due 10/09; 10/10 = 11, 10/12–10/16 = 12–16, 10/19–10/22 = 17–20 →
// statutory 20 due 10/22.
import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { computeTaskClocks, createWorkCalendar, summarizeDeadline, type Suspension } from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);
const clocks = (suspensions: Suspension[]) =>
  computeTaskClocks({ startDate: '2026-09-18', statutoryWorkingDays: 20, promisedWorkingDays: 10, suspensions }, cal);

describe('excluded time across 中秋 and 国庆 2026', () => {
  it('when there is no excluded time, then promised is due 10/09 and statutory 10/22', () => {
    const c = clocks([]);
    expect([c.promised, c.statutory]).toMatchObject([{ dueDate: '2026-10-09' }, { dueDate: '2026-10-22' }]);
  });

  it('when 专家评审 runs Tue 9/22 to Tue 9/29, then five working days are excluded: promised 10/15, statutory 10/29', () => {
    // 9/20 = 1, 9/21 = 2 · 9/22–9/29 excluded (9/22, 9/23, 9/24, 9/28, 9/29 would have counted) ·
    // 9/30 = 3, 10/8 = 4, 10/9 = 5, 10/10 = 6, 10/12–10/15 = 7–10 → promised 10/15;
    // 10/16 = 11, 10/19–10/23 = 12–16, 10/26–10/29 = 17–20 → statutory 10/29.
    const c = clocks([{ kind: 'excludedTime', from: '2026-09-22', to: '2026-09-29', reason: '专家评审' }]);
    expect([c.promised, c.statutory]).toMatchObject([{ dueDate: '2026-10-15' }, { dueDate: '2026-10-29' }]);
    expect(summarizeDeadline(c.statutory, { startEvent: '收件' })).toContain('扣除专家评审期间2026-09-22至2026-09-29（');
  });

  it('when 听证 runs over 国庆 (9/30 to 10/9), then only the three working days inside it are lost: promised 10/13, statutory 10/27', () => {
    // 9/20 = 1, 9/21–9/24 = 2–5, 9/28 = 6, 9/29 = 7 · 9/30–10/9 excluded (9/30, 10/8, 10/9 would have counted) ·
    // 10/10 (调休 Saturday) = 8, 10/12 = 9, 10/13 = 10 → promised 10/13.
    const c = clocks([{ kind: 'excludedTime', from: '2026-09-30', to: '2026-10-09', reason: '听证' }]);
    // Statutory: 10/14–10/16 = 11–13, 10/19–10/23 = 14–18, 10/26 = 19, 10/27 = 20.
    expect([c.promised, c.statutory]).toMatchObject([{ dueDate: '2026-10-13' }, { dueDate: '2026-10-27' }]);
  });

  it('when 检验检测检疫 is still running, then both clocks are paused with the days counted so far', () => {
    const c = clocks([{ kind: 'excludedTime', from: '2026-09-28', to: null, reason: '检验检测检疫' }]);
    // 9/20 = 1, 9/21–9/24 = 2–5; paused from 9/28.
    expect(c.promised).toMatchObject({ state: 'paused', pausedSince: '2026-09-28', workingDaysCounted: 5, workingDaysRemaining: 5 });
    expect(c.statutory).toMatchObject({ state: 'paused', workingDaysCounted: 5, workingDaysRemaining: 15 });
  });
});
