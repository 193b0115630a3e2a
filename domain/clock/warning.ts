/*
 * Traffic lights on the promised (承诺) clock.
 *
 * Yellow: with N promised working days and yellow percentage X (integer 1–99, default 80),
 *   let m = floor(N × X / 100). The light turns yellow at 24:00 of the m-th counted working day
 *   (m = 0 means 24:00 of the start day, i.e. as soon as counting begins). At that instant m/N of
 *   the working time is used: exactly X % when N × X / 100 is whole, otherwise the last whole-day
 *   boundary before the X % mark — we warn slightly early, never late. Because X < 100, m < N
 *   and yellow always precedes red, even for one-day (green-channel) clocks.
 * Red: at the promised dueInstant (24:00 of the N-th counted day) and after.
 * Paused: an open suspension froze the clock; the light is 'paused' whatever was shown before,
 *   and `yellowReached` tells the UI whether the warning had already been earned.
 * Intervals are half-open: green [start, yellowAt), yellow [yellowAt, redAt), red [redAt, ∞).
 */

import { type WorkCalendar } from './calendar';
import { type ClockInput } from './counting';
import { assertInstant, shanghaiEndOfDay, type EpochMs, type IsoDate } from './dates';
import { computeDeadline } from './deadline';
import { ClockError } from './errors';

export const DEFAULT_YELLOW_PERCENT = 80;

export interface WarningOptions {
  /** Integer percentage of promised working time after which the light turns yellow. */
  yellowPercent?: number;
}

export type WarningSchedule =
  | {
      state: 'scheduled';
      /** m = floor(N × X / 100): the counted working day at whose end the light turns yellow. */
      yellowWorkingDay: number;
      yellowDate: IsoDate;
      yellowAt: EpochMs;
      dueDate: IsoDate;
      redAt: EpochMs;
      provisional: boolean;
    }
  | {
      state: 'paused';
      pausedSince: IsoDate;
      yellowWorkingDay: number;
      workingDaysCounted: number;
      workingDaysRemaining: number;
      yellowReached: boolean;
      provisional: boolean;
    };

export type Light = 'green' | 'yellow' | 'red' | 'paused';

export function yellowWorkingDay(workingDays: number, yellowPercent: number = DEFAULT_YELLOW_PERCENT): number {
  if (typeof yellowPercent !== 'number' || !Number.isInteger(yellowPercent) || yellowPercent < 1 || yellowPercent > 99) {
    throw new ClockError('INVALID_PERCENT', `黄灯预警比例必须是1至99之间的整数（百分比）：${String(yellowPercent)}`, {
      value: yellowPercent,
    });
  }
  // N × X is an exact integer, so this floor is exact (no 0.57 × 100 = 56.999… surprises).
  return Math.floor((workingDays * yellowPercent) / 100);
}

export function computeWarningSchedule(promised: ClockInput, calendar: WorkCalendar, options: WarningOptions = {}): WarningSchedule {
  const deadline = computeDeadline(promised, calendar);
  const m = yellowWorkingDay(promised.workingDays, options.yellowPercent ?? DEFAULT_YELLOW_PERCENT);
  if (deadline.state === 'paused') {
    return {
      state: 'paused',
      pausedSince: deadline.pausedSince,
      yellowWorkingDay: m,
      workingDaysCounted: deadline.workingDaysCounted,
      workingDaysRemaining: deadline.workingDaysRemaining,
      yellowReached: deadline.workingDaysCounted >= m,
      provisional: deadline.provisional,
    };
  }
  const yellowDate = m === 0 ? deadline.explanation.startDate : deadline.explanation.countedDays[m - 1];
  return {
    state: 'scheduled',
    yellowWorkingDay: m,
    yellowDate,
    yellowAt: shanghaiEndOfDay(yellowDate),
    dueDate: deadline.dueDate,
    redAt: deadline.dueInstant,
    provisional: deadline.provisional,
  };
}

export function classifyLight(schedule: WarningSchedule, instant: EpochMs): Light {
  assertInstant(instant, '判定时间');
  if (schedule.state === 'paused') return 'paused';
  if (instant >= schedule.redAt) return 'red';
  if (instant >= schedule.yellowAt) return 'yellow';
  return 'green';
}
