// Expected dates are worked out by hand from the printed 2026 calendar below plus the
// 国办 2025-11-04 notice — never from the code under test.
//
//       January 2026          February 2026           March 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//           1  2  3  4                     1                     1
//  5  6  7  8  9 10 11   2  3  4  5  6  7  8   2  3  4  5  6  7  8
// 12 13 14 15 16 17 18   9 10 11 12 13 14 15   9 10 11 12 13 14 15
// 19 20 21 22 23 24 25  16 17 18 19 20 21 22  16 17 18 19 20 21 22
// 26 27 28 29 30 31     23 24 25 26 27 28     23 24 25 26 27 28 29
//                                             30 31
//        April 2026             May 2026              June 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//        1  2  3  4  5               1  2  3   1  2  3  4  5  6  7
//  6  7  8  9 10 11 12   4  5  6  7  8  9 10   8  9 10 11 12 13 14
// 13 14 15 16 17 18 19  11 12 13 14 15 16 17  15 16 17 18 19 20 21
// 20 21 22 23 24 25 26  18 19 20 21 22 23 24  22 23 24 25 26 27 28
// 27 28 29 30           25 26 27 28 29 30 31  29 30
//      September 2026          October 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//     1  2  3  4  5  6            1  2  3  4
//  7  8  9 10 11 12 13   5  6  7  8  9 10 11
// 14 15 16 17 18 19 20  12 13 14 15 16 17 18
// 21 22 23 24 25 26 27  19 20 21 22 23 24 25
// 28 29 30              26 27 28 29 30 31
//
// Off: 1/1–1/3, 2/15–2/23, 4/4–4/6, 5/1–5/5, 6/19–6/21, 9/25–9/27, 10/1–10/7.
// Work: Sun 1/4, Sat 2/14, Sat 2/28, Sat 5/9, Sun 9/20, Sat 10/10.

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import {
  computeDeadline,
  computeDeemedAcceptance,
  computeTaskClocks,
  createWorkCalendar,
  daysBetween,
  type DeadlineResult,
  type DueDeadline,
} from '../../domain/clock';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);
const sh = (local: string): number => Date.parse(`${local}+08:00`);

function due(startDate: string, workingDays: number): DueDeadline {
  const r = computeDeadline({ startDate, workingDays }, cal);
  if (r.state !== 'due') throw new Error('expected a due deadline');
  return r;
}

function assertPartition(r: DeadlineResult): void {
  const e = r.explanation;
  const scanned = e.countedDays.length + e.weekendsSkipped.length + e.holidaysSkipped.length + e.suspendedDaysSkipped.length;
  if (r.state === 'due') expect(scanned).toBe(daysBetween(e.startDate, r.dueDate));
}

describe('deadline on ordinary days', () => {
  it('when received on Monday 3/9 with N=1, then the start day is not counted and the deadline is Tuesday 3/10 24:00', () => {
    const r = due('2026-03-09', 1);
    expect(r.dueDate).toBe('2026-03-10');
    expect(r.dueInstant).toBe(sh('2026-03-11T00:00:00'));
    expect(r.provisional).toBe(false);
  });

  it('when received on Friday 3/6 with N=1, then the weekend is skipped and the deadline is Monday 3/9', () => {
    const r = due('2026-03-06', 1);
    expect(r.dueDate).toBe('2026-03-09');
    expect(r.explanation.weekendsSkipped).toEqual(['2026-03-07', '2026-03-08']);
  });

  it('when received on Saturday 3/7 (online), then counting still starts the next day and the deadline is Monday 3/9', () => {
    expect(due('2026-03-07', 1).dueDate).toBe('2026-03-09');
  });
});

describe('deadline with 2026 make-up working days', () => {
  it('when received on holiday 1/1 with N=3, then Sunday 1/4 counts: 1/4, 1/5, 1/6 → due 1/6', () => {
    const r = due('2026-01-01', 3);
    expect(r.dueDate).toBe('2026-01-06');
    expect(r.explanation.countedDays).toEqual(['2026-01-04', '2026-01-05', '2026-01-06']);
    expect(r.explanation.makeupDaysUsed).toEqual([{ date: '2026-01-04', name: '元旦' }]);
    expect(r.explanation.holidaysSkipped.map((h) => h.date)).toEqual(['2026-01-02', '2026-01-03']);
  });

  it('when received on Friday 2/13 with N=1, then make-up Saturday 2/14 is the deadline', () => {
    expect(due('2026-02-13', 1).dueDate).toBe('2026-02-14');
  });

  it('when received on Friday 2/27 with N=1, then make-up Saturday 2/28 is the deadline', () => {
    expect(due('2026-02-27', 1).dueDate).toBe('2026-02-28');
  });

  it('when received on Saturday 9/19 with N=1, then make-up Sunday 9/20 is the deadline', () => {
    expect(due('2026-09-19', 1).dueDate).toBe('2026-09-20');
  });

  it('when received on Friday 10/9 with N=1, then make-up Saturday 10/10 is the deadline', () => {
    expect(due('2026-10-09', 1).dueDate).toBe('2026-10-10');
  });
});

describe('deadline spanning 2026 holidays', () => {
  it('when accepted Friday 2/13 before Spring Festival with N=10, then due Thursday 3/5', () => {
    // 2/14(Sat,调休)=1 · 2/15–2/23 off · 2/24=2 2/25=3 2/26=4 2/27=5 · 2/28(Sat,调休)=6 · 3/1 Sun · 3/2=7 3/3=8 3/4=9 3/5=10
    const r = due('2026-02-13', 10);
    expect(r.dueDate).toBe('2026-03-05');
    expect(r.dueInstant).toBe(sh('2026-03-06T00:00:00'));
    expect(r.explanation).toMatchObject({
      startDate: '2026-02-13',
      workingDays: 10,
      workingDaysCounted: 10,
      firstCountedDay: '2026-02-14',
      lastCountedDay: '2026-03-05',
      weekendsSkipped: ['2026-03-01'],
      makeupDaysUsed: [
        { date: '2026-02-14', name: '春节' },
        { date: '2026-02-28', name: '春节' },
      ],
      suspendedDaysSkipped: [],
      calendarYears: [{ year: 2026, source: 'official' }],
      provisionalYears: [],
    });
    expect(r.explanation.holidaysSkipped).toHaveLength(9);
    assertPartition(r);
  });

  it('when received Tuesday 2/10 with the statutory 20 days, then due Monday 3/16', () => {
    // 2/11=1 2/12=2 2/13=3 2/14(Sat)=4 · off · 2/24..2/27=5..8 · 2/28(Sat)=9 · 3/2..3/6=10..14 · 3/9..3/13=15..19 · 3/16=20
    const r = due('2026-02-10', 20);
    expect(r.dueDate).toBe('2026-03-16');
    assertPartition(r);
  });

  it('when received Friday 9/18 with N=12, then 中秋 and 国庆 are skipped, 9/20 and 10/10 count, due Monday 10/12', () => {
    // 9/19 Sat · 9/20(Sun,调休)=1 · 9/21..9/24=2..5 · 9/25–9/27 中秋 · 9/28..9/30=6..8 · 10/1–10/7 国庆 ·
    // 10/8=9 10/9=10 · 10/10(Sat,调休)=11 · 10/11 Sun · 10/12=12
    const r = due('2026-09-18', 12);
    expect(r.dueDate).toBe('2026-10-12');
    expect(r.explanation.makeupDaysUsed.map((d) => d.date)).toEqual(['2026-09-20', '2026-10-10']);
    expect(r.explanation.weekendsSkipped).toEqual(['2026-09-19', '2026-10-11']);
    expect(r.explanation.holidaysSkipped.filter((h) => h.name === '中秋节')).toHaveLength(3);
    expect(r.explanation.holidaysSkipped.filter((h) => h.name === '国庆节')).toHaveLength(7);
    assertPartition(r);
  });

  it('when received Wednesday 4/29 with N=5, then 劳动节 is skipped and make-up Saturday 5/9 is the 5th day', () => {
    // 4/30=1 · 5/1–5/5 off · 5/6=2 5/7=3 5/8=4 5/9(Sat,调休)=5
    const r = due('2026-04-29', 5);
    expect(r.dueDate).toBe('2026-05-09');
    expect(r.explanation.countedDays).toEqual(['2026-04-30', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09']);
  });

  it('when received Friday 4/3 with N=1, then 清明 4/4–4/6 is skipped, due Tuesday 4/7', () => {
    expect(due('2026-04-03', 1).dueDate).toBe('2026-04-07');
  });

  it('when received Thursday 6/18 with N=1, then 端午 6/19–6/21 is skipped, due Monday 6/22', () => {
    expect(due('2026-06-18', 1).dueDate).toBe('2026-06-22');
  });

  it('when counting all 248 working days of 2026 from New Year, then the deadline is Thursday 12/31', () => {
    const r = due('2026-01-01', 248);
    expect(r.dueDate).toBe('2026-12-31');
    assertPartition(r);
  });
});

describe('task clocks and green channel', () => {
  it('when a task has statutory 20 and promised 10 days from 2/13, then 法定 is due 3/19 and 承诺 3/5', () => {
    // Continuing from 3/5 = 10: 3/6=11 · 3/9..3/13=12..16 · 3/16=17 3/17=18 3/18=19 3/19=20
    const { statutory, promised } = computeTaskClocks(
      { startDate: '2026-02-13', statutoryWorkingDays: 20, promisedWorkingDays: 10 },
      cal,
    );
    expect(statutory).toMatchObject({ state: 'due', dueDate: '2026-03-19' });
    expect(promised).toMatchObject({ state: 'due', dueDate: '2026-03-05' });
  });

  it('when the green channel shortens N to 3 from 2/13, then due 2/25 (2/14, 2/24, 2/25)', () => {
    expect(due('2026-02-13', 3).dueDate).toBe('2026-02-25');
  });
});

describe('deemed acceptance (行政许可法 Art. 32)', () => {
  it('when received Monday 3/2, then deemed accepted at the end of Monday 3/9 (3/3, 3/4, 3/5, 3/6, 3/9)', () => {
    const d = computeDeemedAcceptance('2026-03-02', cal);
    expect(d.dueDate).toBe('2026-03-09');
    expect(d.deemedAcceptedAt).toBe(sh('2026-03-10T00:00:00'));
  });

  it('when received Tuesday 9/29 before 国庆, then deemed accepted at the end of Monday 10/12', () => {
    // 9/30=1 · 10/1–10/7 off · 10/8=2 10/9=3 10/10(Sat,调休)=4 · 10/11 Sun · 10/12=5
    const d = computeDeemedAcceptance('2026-09-29', cal);
    expect(d.dueDate).toBe('2026-10-12');
    expect(d.deemedAcceptedAt).toBe(sh('2026-10-13T00:00:00'));
    expect(d.provisional).toBe(false);
  });
});
