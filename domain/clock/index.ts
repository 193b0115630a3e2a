// Public API of the legal clock (限时办结). Deterministic: safe inside Temporal workflows.
// The provisional-year builder (domain/calendar/provisional.ts) is deliberately NOT re-exported:
// it pulls in the lunar library, which must stay out of the workflow bundle.

export { ClockError, isClockError, type ClockErrorCode } from './errors';
export {
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  isIsoDate,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
  type EpochMs,
  type IsoDate,
} from './dates';
export {
  classifyDay,
  createWorkCalendar,
  isWorkingDay,
  scheduleSourceOf,
  validateYearSchedule,
  withYearSchedule,
  type DayInfo,
  type DayKind,
  type HolidayRange,
  type MakeupWorkday,
  type ScheduleSource,
  type WorkCalendar,
  type YearSchedule,
} from './calendar';
export { DEFAULT_CLOCK_UNIT, isClockUnit, MAX_SCAN_DAYS, type ClockInput, type ClockUnit, type Suspension, type SuspensionKind } from './counting';
export {
  computeDeadline,
  computeDeemedAcceptance,
  computeTaskClocks,
  DEEMED_ACCEPTANCE_WORKING_DAYS,
  type DeadlineExplanation,
  type DeadlineResult,
  type DeemedAcceptance,
  type DueDeadline,
  type NamedDay,
  type PausedDeadline,
  type RollOver,
  type SuspendedDay,
  type TaskClockInput,
  type TaskClocks,
} from './deadline';
export {
  classifyLight,
  computeWarningSchedule,
  DEFAULT_YELLOW_PERCENT,
  yellowWorkingDay,
  type Light,
  type WarningOptions,
  type WarningSchedule,
} from './warning';
export { elapsedWorkingDays, type ElapsedWorkingTime } from './elapsed';
export { isAffectedByYears, reprojectDeadline, type DeadlineDiff, type ReclassifiedDay, type Reprojection } from './reproject';
export { DAY_KIND_LABEL, summarizeDeadline, SUSPENSION_KIND_LABEL, unitLabel, type SummaryOptions } from './summary';
export { explanationLines } from './explain';
