// Chinese one-line summaries. Dates as in clock.deadline/suspension tests (hand-computed there).

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { buildProvisionalYear } from '../../domain/calendar/provisional';
import { computeDeadline, computeDeemedAcceptance, createWorkCalendar, summarizeDeadline } from '../../domain/clock';

const cal = createWorkCalendar([...OFFICIAL_SCHEDULES, buildProvisionalYear(2027)]);

describe('summarizeDeadline', () => {
  it('when the clock spans Spring Festival, then the summary names the holiday, weekend count, 调休 days and the deadline', () => {
    expect(summarizeDeadline(computeDeadline({ startDate: '2026-02-13', workingDays: 10 }, cal))).toBe(
      '自2026-02-13受理次日起算10个工作日，跳过春节假期（2026-02-15至2026-02-23）、周末1天，' +
        '含调休上班日2026-02-14、2026-02-28，截止2026-03-05 24:00',
    );
  });

  it('when the clock spans 中秋 and 国庆, then both holiday runs are listed in order', () => {
    expect(summarizeDeadline(computeDeadline({ startDate: '2026-09-18', workingDays: 12 }, cal))).toBe(
      '自2026-09-18受理次日起算12个工作日，跳过中秋节假期（2026-09-25至2026-09-27）、国庆节假期（2026-10-01至2026-10-07）、周末2天，' +
        '含调休上班日2026-09-20、2026-10-10，截止2026-10-12 24:00',
    );
  });

  it('when a suspension was skipped, then the summary deducts it with its dates and length', () => {
    const r = computeDeadline(
      { startDate: '2026-03-02', workingDays: 10, suspensions: [{ kind: 'correction', from: '2026-03-05', to: '2026-03-11' }] },
      cal,
    );
    expect(summarizeDeadline(r)).toBe(
      '自2026-03-02受理次日起算10个工作日，跳过周末4天，扣除补正期间2026-03-05至2026-03-11（7天），截止2026-03-23 24:00',
    );
  });

  it('when the suspension has a reason, then the reason is used as the label', () => {
    const r = computeDeadline(
      { startDate: '2026-03-02', workingDays: 3, suspensions: [{ kind: 'excludedTime', reason: '专家评审', from: '2026-03-04', to: '2026-03-04' }] },
      cal,
    );
    // 3/3=1 · 3/4 suspended · 3/5=2 3/6=3
    expect(summarizeDeadline(r)).toBe('自2026-03-02受理次日起算3个工作日，扣除专家评审期间2026-03-04（1天），截止2026-03-06 24:00');
  });

  it('when the clock is paused, then the summary states days counted, pause date and days remaining', () => {
    const r = computeDeadline({ startDate: '2026-03-02', workingDays: 10, suspensions: [{ kind: 'correction', from: '2026-03-05' }] }, cal);
    expect(summarizeDeadline(r)).toBe('自2026-03-02受理次日起算10个工作日，已计2个工作日，自2026-03-05起暂停，剩余8个工作日待恢复后计算');
  });

  it('when a provisional year is touched, then the summary says so', () => {
    expect(summarizeDeadline(computeDeadline({ startDate: '2026-12-24', workingDays: 10 }, cal))).toBe(
      '自2026-12-24受理次日起算10个工作日，跳过元旦假期（2027-01-01）、周末4天，截止2027-01-08 24:00（2027年按暂定日历计算，官方安排公布后将重算）',
    );
  });

  it('when summarising deemed acceptance with startEvent 收件, then the event word is used', () => {
    expect(summarizeDeadline(computeDeemedAcceptance('2026-03-02', cal), { startEvent: '收件' })).toBe(
      '自2026-03-02收件次日起算5个工作日，跳过周末2天，截止2026-03-09 24:00',
    );
  });
});
