/** 中介机构效能评价 from hand-made periods (domain/intermediary.ts). */
import { efficiencyByIntermediary, efficiencyOf, type PeriodFacts } from '../../domain/intermediary';

const period = (over: Partial<PeriodFacts>): PeriodFacts => ({ intermediaryId: 'A', status: 'completed', light: 'green', onTime: true, daysUsed: 5, rating: 4, ...over });

describe('intermediary efficiency record', () => {
  test('when periods are on time, late, open past the deadline and cancelled, then each counts where the rules say', () => {
    const e = efficiencyOf([
      period({ daysUsed: 4, rating: 5 }),
      period({ daysUsed: 9, onTime: false, light: 'red', rating: 2 }),
      period({ daysUsed: 6, rating: null }),
      period({ status: 'open', light: 'red', onTime: null, daysUsed: null, rating: null }),
      period({ status: 'open', light: 'yellow', onTime: null, daysUsed: null, rating: null }),
      period({ status: 'cancelled', onTime: null, daysUsed: null, rating: null }),
    ]);
    expect(e).toEqual({
      periods: 6,
      open: 2,
      completed: 3,
      cancelled: 1,
      // One completed late, one still open past its deadline.
      overdue: 2,
      onTime: { numerator: 2, denominator: 3, value: 0.6667 },
      // (4 + 9 + 6) / 3 = 6.333… → 6.3
      averageDays: 6.3,
      // (5 + 2) / 2
      averageRating: 3.5,
      ratings: 2,
    });
  });

  test('when an intermediary has no periods, then its record is zeros and nulls, not a division by zero', () => {
    const byId = efficiencyByIntermediary(['A', 'B'], [period({ intermediaryId: 'A', rating: 3 })]);
    expect(byId.get('A')).toMatchObject({ periods: 1, averageRating: 3 });
    expect(byId.get('B')).toEqual({ periods: 0, open: 0, completed: 0, cancelled: 0, overdue: 0, onTime: { numerator: 0, denominator: 0, value: null }, averageDays: null, averageRating: null, ratings: 0 });
  });
});
