/**
 * 中介机构效能评价: the efficiency record of intermediaries from their periods. Pure, so the JSON
 * answer, the CSV and the tests compute it the same way.
 *   on-time rate  = completed periods ended before 24:00 of their deadline ÷ completed periods
 *   average days  = mean working days used by completed periods (1 decimal)
 *   average rating = mean of the departments' ratings 1–5 (2 decimals)
 *   overdue       = completed late + still open past the deadline (light red)
 * Cancelled periods (project withdrawn) count as periods but in no rate.
 */
import { rate, type Rate } from './statistics';

export interface PeriodFacts {
  intermediaryId: string;
  status: string; // open | completed | cancelled
  light: string; // green | yellow | red
  onTime: boolean | null;
  daysUsed: number | null;
  rating: number | null;
}

export interface IntermediaryEfficiency {
  periods: number;
  open: number;
  completed: number;
  cancelled: number;
  overdue: number;
  onTime: Rate;
  averageDays: number | null;
  averageRating: number | null;
  ratings: number;
}

const mean = (values: number[], decimals: number): number | null => {
  if (values.length === 0) return null;
  const f = 10 ** decimals;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * f) / f;
};

export function efficiencyOf(periods: readonly PeriodFacts[]): IntermediaryEfficiency {
  const completed = periods.filter((p) => p.status === 'completed');
  const rated = completed.map((p) => p.rating).filter((r): r is number => r !== null);
  return {
    periods: periods.length,
    open: periods.filter((p) => p.status === 'open').length,
    completed: completed.length,
    cancelled: periods.filter((p) => p.status === 'cancelled').length,
    overdue: completed.filter((p) => p.onTime === false).length + periods.filter((p) => p.status === 'open' && p.light === 'red').length,
    onTime: rate(completed.filter((p) => p.onTime === true).length, completed.length),
    averageDays: mean(completed.map((p) => p.daysUsed).filter((d): d is number => d !== null), 1),
    averageRating: mean(rated, 2),
    ratings: rated.length,
  };
}

/** Efficiency per intermediary id, for every id in `ids` (those without periods get zeros). */
export function efficiencyByIntermediary(ids: readonly string[], periods: readonly PeriodFacts[]): Map<string, IntermediaryEfficiency> {
  return new Map(ids.map((id) => [id, efficiencyOf(periods.filter((p) => p.intermediaryId === id))]));
}
