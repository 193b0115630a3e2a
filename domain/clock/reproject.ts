// Re-projection when a year's calendar changes (typically: the State Council publishes the
// official schedule for a year we had computed provisionally). The workflow keeps the previous
// result, recomputes with the new calendar and records the diff; nothing here mutates state.

import { type DayKind, type WorkCalendar } from './calendar';
import { type ClockInput } from './counting';
import { addDays, type EpochMs, type IsoDate, yearOf } from './dates';
import { computeDeadline, type DeadlineExplanation, type DeadlineResult } from './deadline';
import { ClockError } from './errors';
import { DAY_KIND_LABEL } from './summary';

export interface ReclassifiedDay {
  date: IsoDate;
  before: DayKind;
  after: DayKind;
}

export interface DeadlineDiff {
  oldState: DeadlineResult['state'];
  newState: DeadlineResult['state'];
  oldDueDate: IsoDate | null;
  newDueDate: IsoDate | null;
  oldDueInstant: EpochMs | null;
  newDueInstant: EpochMs | null;
  oldProvisional: boolean;
  newProvisional: boolean;
  reason: {
    code: 'CALENDAR_REVISED';
    /** Years whose schedule source changed or that contain reclassified days, within either window. */
    yearsRevised: number[];
    /** Days examined by both computations whose kind differs. Days only the new window reaches are not listed. */
    reclassifiedDays: ReclassifiedDay[];
    message: string;
  };
}

export interface Reprojection {
  next: DeadlineResult;
  /** Anything the workflow must record: due date, state, provisional flag or paused progress. */
  changed: boolean;
  dueDateChanged: boolean;
  diff: DeadlineDiff | null;
}

/** True if recomputing `result` could change once any of `years` gets a new schedule. */
export function isAffectedByYears(result: DeadlineResult, years: readonly number[]): boolean {
  // A paused clock will scan days it has not reached yet, so it is always worth recomputing.
  if (result.state === 'paused') return true;
  return result.explanation.calendarYears.some((y) => years.includes(y.year));
}

function kindsOf(e: DeadlineExplanation): Map<IsoDate, DayKind> {
  const kinds = new Map<IsoDate, DayKind>();
  for (const d of e.countedDays) kinds.set(d, 'workday');
  for (const d of e.makeupDaysUsed) kinds.set(d.date, 'makeup');
  for (const d of e.weekendsSkipped) kinds.set(d, 'weekend');
  for (const d of e.holidaysSkipped) kinds.set(d.date, 'holiday');
  for (const d of e.suspendedDaysSkipped) kinds.set(d.date, d.dayKind);
  return kinds;
}

/** Consecutive days with the same change collapse into one run so a 9-day 春节 reads as one phrase. */
function reclassifiedRuns(days: readonly ReclassifiedDay[]): (ReclassifiedDay & { from: IsoDate; to: IsoDate })[] {
  const runs: (ReclassifiedDay & { from: IsoDate; to: IsoDate })[] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last.before === d.before && last.after === d.after && addDays(last.to, 1) === d.date) last.to = d.date;
    else runs.push({ ...d, from: d.date, to: d.date });
  }
  return runs;
}

function dueOf(r: DeadlineResult): IsoDate | null {
  return r.state === 'due' ? r.dueDate : null;
}

function describe(r: DeadlineResult): string {
  return r.state === 'due' ? r.dueDate : `暂停（自${r.pausedSince}起）`;
}

export function reprojectDeadline(previous: DeadlineResult, input: ClockInput, calendar: WorkCalendar): Reprojection {
  const next = computeDeadline(input, calendar);
  const pe = previous.explanation;
  if (pe.startDate !== next.explanation.startDate || pe.workingDays !== next.explanation.workingDays || pe.unit !== next.explanation.unit) {
    throw new ClockError('INPUT_MISMATCH', '重算参数与原截止日的起算日期或工作日数不一致', {
      previous: { startDate: pe.startDate, workingDays: pe.workingDays },
      input: { startDate: input.startDate, workingDays: input.workingDays },
    });
  }

  const before = kindsOf(pe);
  const after = kindsOf(next.explanation);
  const reclassifiedDays: ReclassifiedDay[] = [];
  for (const [date, kind] of [...after].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const old = before.get(date);
    if (old !== undefined && old !== kind) reclassifiedDays.push({ date, before: old, after: kind });
  }
  const years = new Set(reclassifiedDays.map((d) => yearOf(d.date)));
  const oldSources = new Map(pe.calendarYears.map((y) => [y.year, y.source]));
  for (const y of next.explanation.calendarYears) if (oldSources.has(y.year) && oldSources.get(y.year) !== y.source) years.add(y.year);
  const yearsRevised = [...years].sort((a, b) => a - b);

  const dueDateChanged = dueOf(previous) !== dueOf(next);
  const pausedProgressChanged =
    previous.state === 'paused' && next.state === 'paused' && previous.workingDaysCounted !== next.workingDaysCounted;
  const changed = previous.state !== next.state || dueDateChanged || previous.provisional !== next.provisional || pausedProgressChanged;
  if (!changed) return { next, changed, dueDateChanged, diff: null };

  const cause = yearsRevised.length > 0 ? `因${yearsRevised.join('、')}年工作日历更新` : '因工作日历更新';
  const detail = reclassifiedRuns(reclassifiedDays)
    .map((r) => `${r.from === r.to ? r.from : `${r.from}至${r.to}`}由${DAY_KIND_LABEL[r.before]}改为${DAY_KIND_LABEL[r.after]}`)
    .join('、');
  const outcome = dueDateChanged || previous.state !== next.state
    ? `截止日由${describe(previous)}调整为${describe(next)}`
    : `截止日${describe(next)}不变`;
  const finality = previous.provisional && !next.provisional ? '，已转为正式' : next.provisional ? '，仍为暂定' : '';
  const message = `${cause}${detail ? `（${detail}）` : ''}，${outcome}${finality}`;

  return {
    next,
    changed,
    dueDateChanged,
    diff: {
      oldState: previous.state,
      newState: next.state,
      oldDueDate: dueOf(previous),
      newDueDate: dueOf(next),
      oldDueInstant: previous.state === 'due' ? previous.dueInstant : null,
      newDueInstant: next.state === 'due' ? next.dueInstant : null,
      oldProvisional: previous.provisional,
      newProvisional: next.provisional,
      reason: { code: 'CALENDAR_REVISED', yearsRevised, reclassifiedDays, message },
    },
  };
}
