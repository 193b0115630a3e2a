// Expected dates are worked out by hand from the 2026 calendar (国办 2025-11-04 notice), never from
// the code under test. The clock's start day is not counted; an item starts the day its last
// prerequisite concludes.
//
//       February 2026            March 2026              April 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//                    1                     1         1  2  3  4  5
//  2  3  4  5  6  7  8   2  3  4  5  6  7  8   6  7  8  9 10 11 12
//  9 10 11 12 13 14 15   9 10 11 12 13 14 15  13 14 15 16 17 18 19
// 16 17 18 19 20 21 22  16 17 18 19 20 21 22  20 21 22 23 24 25 26
// 23 24 25 26 27 28     23 24 25 26 27 28 29  27 28 29 30
//                       30 31
//      September 2026          October 2026
// Mo Tu We Th Fr Sa Su  Mo Tu We Th Fr Sa Su
//     1  2  3  4  5  6            1  2  3  4
//  7  8  9 10 11 12 13   5  6  7  8  9 10 11
// 14 15 16 17 18 19 20  12 13 14 15 16 17 18
// 21 22 23 24 25 26 27  19 20 21 22 23 24 25
// 28 29 30              26 27 28 29 30 31
//
// Off: 2/15–2/23, 4/4–4/6, 9/25–9/27, 10/1–10/7.  Work: Sat 2/14, Sat 2/28, Sun 9/20, Sat 10/10.

import { OFFICIAL_SCHEDULES } from '../../domain/calendar/official';
import { createWorkCalendar, type Suspension } from '../../domain/clock';
import { clockStartDay, forecast, ForecastError, type ForecastItem, type ItemProgress } from '../../domain/forecast';

const cal = createWorkCalendar(OFFICIAL_SCHEDULES);

const item = (id: string, promisedDays: number, prerequisites: string[] = [], more: Partial<ForecastItem> = {}): ForecastItem => ({
  id,
  prerequisites,
  statutoryDays: promisedDays * 2,
  promisedDays,
  ...more,
});

const dues = (f: ReturnType<typeof forecast>) => Object.fromEntries(f.items.map((i) => [i.itemId, [i.startDate, i.dueDate]]));

describe('critical-path forecast (plan)', () => {
  // A(5) → B(3) → C(2) → D(4), and E(10) in parallel; submitted Mon 2026-09-21.
  const chain = [item('A', 5), item('B', 3, ['A']), item('C', 2, ['B']), item('D', 4, ['C']), item('E', 10)];

  it('when a 4-item chain runs across Mid-Autumn and National Day, then each item starts the day its prerequisite is due and the reply is due 2026-10-16', () => {
    const f = forecast({ items: chain, submittedOn: '2026-09-21', basis: 'promised' }, cal);
    expect(dues(f)).toEqual({
      // A: 9/22, 9/23, 9/24, (9/25–27 off), 9/28, 9/29.
      A: ['2026-09-21', '2026-09-29'],
      // B: 9/30, (10/1–7 off), 10/8, 10/9.
      B: ['2026-09-29', '2026-10-09'],
      // C: Sat 10/10 is a make-up working day, (Sun 10/11), Mon 10/12.
      C: ['2026-10-09', '2026-10-12'],
      // D: 10/13 … 10/16.
      D: ['2026-10-12', '2026-10-16'],
      // E: 9/22–24 (3), 9/28–30 (6), 10/8–10 (9), 10/12 (10).
      E: ['2026-09-21', '2026-10-12'],
    });
    expect(f.replyDueDate).toBe('2026-10-16');
    expect(f.criticalPath).toEqual(['A', 'B', 'C', 'D']);
    expect(f.items.filter((i) => i.critical).map((i) => i.itemId)).toEqual(['A', 'B', 'C', 'D']);
    expect(f.provisional).toBe(false);
  });

  it('when a prerequisite concludes on a make-up Saturday, then its dependant starts that Saturday and counts past the Spring Festival', () => {
    // Submitted Mon 2/9. P(5): 2/10, 2/11, 2/12, 2/13, Sat 2/14 (make-up) → 2/14.
    // Q(3 working days) from 2/14: (2/15–2/23 off) 2/24, 2/25, 2/26 → 2/26.
    // R(7 natural days) from 2/14: 2/15 … 2/21 is a holiday → rolls to the day after the run of days off, 2/24.
    const items = [item('P', 5), item('Q', 3, ['P']), item('R', 7, ['P'], { limitUnit: 'naturalDays' })];
    const f = forecast({ items, submittedOn: '2026-02-09', basis: 'promised' }, cal);
    expect(dues(f)).toEqual({
      P: ['2026-02-09', '2026-02-14'],
      Q: ['2026-02-14', '2026-02-26'],
      R: ['2026-02-14', '2026-02-24'],
    });
    expect(f.replyDueDate).toBe('2026-02-26');
    expect(f.criticalPath).toEqual(['P', 'Q']);
  });

  describe('green channel vs promised vs statutory (submitted Mon 2026-03-02)', () => {
    // X → Y, Z in parallel.
    const items: ForecastItem[] = [
      { id: 'X', prerequisites: [], statutoryDays: 20, promisedDays: 10, greenChannelDays: 5 },
      { id: 'Y', prerequisites: ['X'], statutoryDays: 15, promisedDays: 8, greenChannelDays: null },
      { id: 'Z', prerequisites: [], statutoryDays: 30, promisedDays: 14, greenChannelDays: 14 },
    ];
    const run = (basis: 'greenChannel' | 'promised' | 'statutory') => forecast({ items, submittedOn: '2026-03-02', basis }, cal);

    it('when on the green channel, then X takes 5 days, Y falls back to its promised 8, and the parallel Z is critical', () => {
      const f = run('greenChannel');
      // X: 3/3–3/6, 3/9 → 3/9. Y: 3/10–3/13, 3/16–3/19 → 3/19. Z(14): 3/3 … 3/20 → 3/20.
      expect(dues(f)).toEqual({ X: ['2026-03-02', '2026-03-09'], Y: ['2026-03-09', '2026-03-19'], Z: ['2026-03-02', '2026-03-20'] });
      expect(f.replyDueDate).toBe('2026-03-20');
      expect(f.criticalPath).toEqual(['Z']);
      expect(f.items.find((i) => i.itemId === 'Y')!.days).toBe(8);
    });

    it('when on promised limits, then the X → Y chain is critical and the reply is due 3/26', () => {
      const f = run('promised');
      // X(10): 3/3 … 3/16. Y(8): 3/17–3/20, 3/23–3/26 → 3/26. Z(14) → 3/20.
      expect(dues(f)).toEqual({ X: ['2026-03-02', '2026-03-16'], Y: ['2026-03-16', '2026-03-26'], Z: ['2026-03-02', '2026-03-20'] });
      expect(f.replyDueDate).toBe('2026-03-26');
      expect(f.criticalPath).toEqual(['X', 'Y']);
    });

    it('when on statutory limits, then Y crosses Qingming and the reply is due 4/21', () => {
      const f = run('statutory');
      // X(20): 3/30. Y(15): 3/31, 4/1–4/3 (4), (4/4–4/6 off), 4/7–4/10 (8), 4/13–4/17 (13), 4/20, 4/21.
      // Z(30): 3/30 is the 20th, then 3/31, 4/1–4/3, 4/7–4/10, 4/13, 4/14 → 4/14.
      expect(dues(f)).toEqual({ X: ['2026-03-02', '2026-03-30'], Y: ['2026-03-30', '2026-04-21'], Z: ['2026-03-02', '2026-04-14'] });
      expect(f.replyDueDate).toBe('2026-04-21');
      expect(f.criticalPath).toEqual(['X', 'Y']);
    });
  });

  it('when there are no items, then there is no reply date and no critical path', () => {
    const f = forecast({ items: [], submittedOn: '2026-03-02', basis: 'promised' }, cal);
    expect(f).toMatchObject({ replyDueDate: null, criticalPath: [], items: [] });
  });

  it('when the prerequisites form a cycle, then a Chinese error names an item', () => {
    const cyclic = () => forecast({ items: [item('A', 1, ['B']), item('B', 1, ['A'])], submittedOn: '2026-03-02', basis: 'promised' }, cal);
    expect(cyclic).toThrow(ForecastError);
    expect(cyclic).toThrow(/审批事项前置关系形成循环：[AB]/);
  });
});

describe('critical-path forecast (running project)', () => {
  // A(5) → B(3) → C(2) → D(4) and E(10), submitted 9/21, as in the plan case.
  const chain = [item('A', 5), item('B', 3, ['A']), item('C', 2, ['B']), item('D', 4, ['C']), item('E', 10)];
  const open = (startedOn: string, dueDate: string | null, days: number, suspensions: Suspension[] = []): ItemProgress => ({
    state: 'open',
    startedOn,
    dueDate,
    days,
    unit: 'workingDays',
    suspensions,
  });

  it('when the first item concluded early, then its real date pushes the rest of the chain earlier', () => {
    // A decided Thu 9/24. B(3) from 9/24: 9/28, 9/29, 9/30. C(2) from 9/30: 10/8, 10/9. D(4) from 10/9: Sat 10/10, 10/12, 10/13, 10/14.
    const progress = new Map<string, ItemProgress>([
      ['A', { state: 'concluded', startedOn: '2026-09-21', concludedOn: '2026-09-24' }],
      ['E', open('2026-09-21', '2026-10-12', 10)],
    ]);
    const f = forecast({ items: chain, submittedOn: '2026-09-21', basis: 'promised', progress, today: '2026-09-24' }, cal);
    expect(dues(f)).toMatchObject({ A: ['2026-09-21', '2026-09-24'], B: ['2026-09-24', '2026-09-30'], C: ['2026-09-30', '2026-10-09'], D: ['2026-10-09', '2026-10-14'] });
    expect(f.items.find((i) => i.itemId === 'A')!.source).toBe('actual');
    expect(f.replyDueDate).toBe('2026-10-14');
    expect(f.criticalPath).toEqual(['A', 'B', 'C', 'D']);
  });

  it('when an open item was paused for correction, then its due date moves by the suspended days and the chain moves with it', () => {
    // A received 9/21, one-time notice 9/22 (day lost), materials back 9/24: counting resumes 9/28 → 9/28, 9/29, 9/30, 10/8, 10/9.
    // B(3) from 10/9: Sat 10/10, 10/12, 10/13. C(2): 10/14, 10/15. D(4): 10/16, 10/19, 10/20, 10/21.
    const progress = new Map<string, ItemProgress>([['A', open('2026-09-21', '2026-10-09', 5, [{ kind: 'correction', from: '2026-09-22', to: '2026-09-24' }])]]);
    const f = forecast({ items: chain, submittedOn: '2026-09-21', basis: 'promised', progress, today: '2026-09-28' }, cal);
    expect(f.items.find((i) => i.itemId === 'A')).toMatchObject({ dueDate: '2026-10-09', source: 'current_due' });
    expect(f.replyDueDate).toBe('2026-10-21');
  });

  it('when an open item is still paused, then its deadline is projected as if the materials arrived today', () => {
    // A received 9/21, notice 9/22, still open on 9/24: assume back 9/24 → same dates as the case above.
    const progress = new Map<string, ItemProgress>([['A', open('2026-09-21', null, 5, [{ kind: 'correction', from: '2026-09-22' }])]]);
    const f = forecast({ items: chain, submittedOn: '2026-09-21', basis: 'promised', progress, today: '2026-09-24' }, cal);
    expect(f.items.find((i) => i.itemId === 'A')).toMatchObject({ dueDate: '2026-10-09', source: 'paused' });
    expect(f.replyDueDate).toBe('2026-10-21');
  });

  it('when an open item is past its due date, then it concludes today at the earliest and its dependants start no earlier', () => {
    // A was due 9/29 and is still open on Thu 10/8. B(3) from 10/8: 10/9, Sat 10/10, 10/12.
    const progress = new Map<string, ItemProgress>([['A', open('2026-09-21', '2026-09-29', 5)]]);
    const f = forecast({ items: chain.slice(0, 2), submittedOn: '2026-09-21', basis: 'promised', progress, today: '2026-10-08' }, cal);
    expect(dues(f)).toEqual({ A: ['2026-09-21', '2026-10-08'], B: ['2026-10-08', '2026-10-12'] });
  });

  it('when a prerequisite was rejected and its dependants will never run, then they hold nothing up', () => {
    const progress = new Map<string, ItemProgress>([
      ['A', { state: 'concluded', startedOn: '2026-09-21', concludedOn: '2026-09-23' }],
      ['B', { state: 'void' }],
      ['C', { state: 'void' }],
      ['D', { state: 'void' }],
      ['E', open('2026-09-21', '2026-10-12', 10)],
    ]);
    const f = forecast({ items: chain, submittedOn: '2026-09-21', basis: 'promised', progress, today: '2026-09-24' }, cal);
    expect(f.replyDueDate).toBe('2026-10-12');
    expect(f.criticalPath).toEqual(['E']);
    expect(f.items.find((i) => i.itemId === 'B')).toMatchObject({ source: 'void', dueDate: null });
  });
});

describe('the day a filed project is counted from (受理日)', () => {
  const base = { submittedOn: '2026-09-21', acceptedOn: null };

  test('when the project still awaits materials, then its forecast counts from today, not from the intake date', () => {
    expect(clockStartDay({ ...base, awaitingMaterials: true }, '2026-09-29')).toBe('2026-09-29');
    // A(5) filed Mon 9/21, still awaiting on Tue 9/29: 9/30, then after 国庆 10/8, 10/9, 10/10 (make-up Sat), 10/12.
    const f = forecast({ items: [item('A', 5)], submittedOn: clockStartDay({ ...base, awaitingMaterials: true }, '2026-09-29'), basis: 'promised' }, cal);
    expect(f.replyDueDate).toBe('2026-10-12');
  });

  test('when the project was accepted later than it was filed, then it counts from the acceptance day', () => {
    expect(clockStartDay({ ...base, acceptedOn: '2026-09-24', awaitingMaterials: false }, '2026-09-29')).toBe('2026-09-24');
  });

  test('when the project was accepted at intake (or before acceptance was recorded), then it counts from the intake date', () => {
    expect(clockStartDay({ ...base, acceptedOn: '2026-09-21', awaitingMaterials: false }, '2026-09-29')).toBe('2026-09-21');
    expect(clockStartDay({ ...base, awaitingMaterials: false }, '2026-09-29')).toBe('2026-09-21');
  });
});
