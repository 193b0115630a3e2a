/**
 * Efficiency statistics (效能评价) computed from the event log alone, so that a department can
 * reproduce its own score from the events it receives. Every figure's formula is written next
 * to it and in the API documentation (getStatistics). Dates are Asia/Shanghai calendar dates;
 * a range [from, to] includes both ends; an event belongs to the range by its occurrence date.
 *
 * Per task, from its events:
 *  - receipt       = the `task.received` event (start day, not counted);
 *  - conclusion    = the `task.decided` event;
 *  - suspensions   = each `task.supplement_requested` (from its date) up to the next
 *                    `task.supplement_received` (to its date), and each `task.excluded_period_started`
 *                    up to its `task.excluded_period_ended` (Art. 45), both days excluded, as in the clock;
 *  - working time  = elapsedWorkingDays(receipt, conclusion, calendar, suspensions);
 *  - limits        = `promisedDays` / `statutoryDays` from the `task.received` payload;
 *  - on time       = working time <= limit; for a natural-day item (`limitUnit: naturalDays` in
 *                    the payload) the conclusion is before the deadline computed in natural days
 *                    (a last day off rolls over), since "days used <= N" cannot express the rollover.
 *                    Averages and percentiles stay in working days for every item.
 *  - 现场办结     = decided on the receipt day, or `onTheSpot: true` in the receipt payload (an item the
 *                    catalogue marks 即办, in a project whose materials were complete at intake);
 *  - extension     = the days of a `task.deadline_extended` event (延期办结, approved) are added to
 *                    both limits before judging "on time", as the clock does; 延期率 (`extended`) =
 *                    concluded tasks with an approved extension ÷ concluded tasks.
 */
import { countByKind, isExcludedKind, type ExcludedKind } from './excluded-time';
import { computeDeadline, elapsedWorkingDays, shanghaiDateOf, type ClockUnit, type IsoDate, type Suspension, type WorkCalendar } from './clock';

export interface StatEvent {
  type: string;
  occurredAt: number;
  taskId?: string | null;
  projectId?: string | null;
  departmentId?: string | null;
  payload: Record<string, unknown>;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator / denominator rounded to 4 decimals; null when the denominator is 0. */
  value: number | null;
}

export interface Figures {
  tasksReceived: number;
  tasksConcluded: number;
  onTimePromised: Rate;
  onTimeStatutory: Rate;
  averageWorkingDays: number | null;
  p90WorkingDays: number | null;
  overdue: number;
  yellow: number;
  red: number;
  /** 现场办结率: concluded tasks decided on their receipt day, or 即办件 accepted on the spot, ÷ concluded tasks. */
  sameDayConclusion: Rate;
  /** Concluded 即办件 whose project was accepted on the spot (materials complete at the first submission). */
  onTheSpotIntake: number;
  /** 延期率: concluded tasks whose deadline was extended (approved) ÷ concluded tasks. */
  extended: Rate;
  /** Excluded periods (Art. 45) started in the range, by kind. */
  excludedPeriods: Record<ExcludedKind, number>;
  noticeViolations: number;
  deemedAcceptances: number;
  complaintsReceived: number;
  complaintsResolvedOnTime: Rate;
  satisfaction: Rate;
}

export interface Statistics {
  from: IsoDate;
  to: IsoDate;
  county: Figures;
  departments: Record<string, Figures>;
}

interface TaskFacts {
  departmentId: string;
  projectId?: string;
  receivedAt?: number;
  decidedAt?: number;
  promisedDays?: number;
  statutoryDays?: number;
  limitUnit?: ClockUnit;
  suspensions: Suspension[];
  /** Days added by an approved deadline extension (0 when none). */
  extensionDays: number;
  /** 即办件 accepted on the spot (`onTheSpot` in the task.received payload). */
  onTheSpot?: boolean;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function taskFacts(events: readonly StatEvent[]): Map<string, TaskFacts> {
  const tasks = new Map<string, TaskFacts>();
  const ordered = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const e of ordered) {
    if (!e.taskId || !e.departmentId) continue;
    const t = tasks.get(e.taskId) ?? { departmentId: e.departmentId, projectId: e.projectId ?? undefined, suspensions: [], extensionDays: 0 };
    tasks.set(e.taskId, t);
    const date = shanghaiDateOf(e.occurredAt);
    if (e.type === 'task.received' && t.receivedAt === undefined) {
      t.receivedAt = e.occurredAt;
      if (typeof e.payload.promisedDays === 'number') t.promisedDays = e.payload.promisedDays;
      if (typeof e.payload.statutoryDays === 'number') t.statutoryDays = e.payload.statutoryDays;
      if (e.payload.limitUnit === 'naturalDays') t.limitUnit = 'naturalDays';
      if (e.payload.onTheSpot === true) t.onTheSpot = true;
    } else if (e.type === 'task.supplement_requested') {
      t.suspensions.push({ kind: 'correction', from: date, to: null });
    } else if (e.type === 'task.supplement_received') {
      const open = t.suspensions.find((s) => s.kind === 'correction' && s.to === null);
      if (open) open.to = date < open.from ? open.from : date;
    } else if (e.type === 'task.excluded_period_started') {
      t.suspensions.push({ kind: 'excludedTime', from: date, to: null });
    } else if (e.type === 'task.excluded_period_ended') {
      const open = t.suspensions.find((s) => s.kind === 'excludedTime' && s.to === null);
      if (open) open.to = date < open.from ? open.from : date;
    } else if (e.type === 'task.deadline_extended') {
      const days = (e.payload.extension as { days?: unknown } | undefined)?.days;
      if (typeof days === 'number') t.extensionDays = days;
    } else if (e.type === 'task.decided' && t.decidedAt === undefined) {
      t.decidedAt = e.occurredAt;
    }
  }
  return tasks;
}

function inRange(instant: number, from: IsoDate, to: IsoDate): boolean {
  const d = shanghaiDateOf(instant);
  return d >= from && d <= to;
}

function figures(
  tasks: readonly TaskFacts[],
  events: readonly StatEvent[],
  from: IsoDate,
  to: IsoDate,
  calendar: WorkCalendar,
): Figures {
  const received = tasks.filter((t) => t.receivedAt !== undefined && inRange(t.receivedAt, from, to));
  const concluded = tasks.filter((t) => t.receivedAt !== undefined && t.decidedAt !== undefined && inRange(t.decidedAt, from, to));
  const used = concluded.map((t) => ({ t, days: elapsedWorkingDays(t.receivedAt!, t.decidedAt!, calendar, t.suspensions).workingDays }));
  const onTime = ({ t, days }: { t: TaskFacts; days: number }, granted: number): boolean => {
    const limit = granted + t.extensionDays;
    if (t.limitUnit !== 'naturalDays') return days <= limit;
    const due = computeDeadline({ startDate: shanghaiDateOf(t.receivedAt!), workingDays: limit, unit: 'naturalDays', suspensions: t.suspensions }, calendar);
    return due.state === 'paused' || t.decidedAt! < due.dueInstant;
  };
  const withPromised = used.filter((u) => u.t.promisedDays !== undefined);
  const withStatutory = used.filter((u) => u.t.statutoryDays !== undefined);
  const inRangeEvents = events.filter((e) => inRange(e.occurredAt, from, to));
  const distinctTasks = (type: string, to?: string) =>
    new Set(inRangeEvents.filter((e) => e.type === type && (to === undefined || e.payload.to === to)).map((e) => e.taskId)).size;
  const count = (type: string) => inRangeEvents.filter((e) => e.type === type).length;
  const resolved = inRangeEvents.filter((e) => e.type === 'complaint.resolved');
  const ratings = inRangeEvents.filter((e) => e.type === 'satisfaction.recorded');
  const days = used.map((u) => u.days);
  const excludedPeriods = countByKind();
  for (const e of inRangeEvents) if (e.type === 'task.excluded_period_started' && isExcludedKind(e.payload.kind)) excludedPeriods[e.payload.kind]++;
  return {
    tasksReceived: received.length,
    tasksConcluded: concluded.length,
    onTimePromised: rate(withPromised.filter((u) => onTime(u, u.t.promisedDays!)).length, withPromised.length),
    onTimeStatutory: rate(withStatutory.filter((u) => onTime(u, u.t.statutoryDays!)).length, withStatutory.length),
    averageWorkingDays: days.length === 0 ? null : Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 100) / 100,
    p90WorkingDays: percentile(days, 90),
    overdue: withPromised.filter((u) => !onTime(u, u.t.promisedDays!)).length,
    yellow: distinctTasks('task.light_changed', 'yellow'),
    red: distinctTasks('task.light_changed', 'red'),
    sameDayConclusion: rate(concluded.filter((t) => t.onTheSpot || shanghaiDateOf(t.receivedAt!) === shanghaiDateOf(t.decidedAt!)).length, concluded.length),
    onTheSpotIntake: concluded.filter((t) => t.onTheSpot).length,
    extended: rate(concluded.filter((t) => t.extensionDays > 0).length, concluded.length),
    excludedPeriods,
    noticeViolations: count('task.notice_violation'),
    deemedAcceptances: count('task.deemed_accepted'),
    complaintsReceived: count('complaint.filed'),
    complaintsResolvedOnTime: rate(resolved.filter((e) => e.payload.onTime === true).length, resolved.length),
    satisfaction: rate(
      ratings.filter((e) => e.payload.rating === 'satisfied' || e.payload.rating === 'basically_satisfied').length,
      ratings.length,
    ),
  };
}

/**
 * `events` must hold every event up to `to` of the tasks concerned (a task received before the
 * range and concluded in it needs its receipt and suspension events).
 */
export function computeStatistics(events: readonly StatEvent[], from: IsoDate, to: IsoDate, calendar: WorkCalendar): Statistics {
  const facts = taskFacts(events);
  const all = [...facts.values()];
  const departmentIds = [...new Set([...all.map((t) => t.departmentId), ...events.flatMap((e) => (e.departmentId ? [e.departmentId] : []))])].sort();
  // Satisfaction is rated per project: a department is credited with the ratings of the projects it worked on.
  const projectsOf = (dept: string) => new Set(all.filter((t) => t.departmentId === dept).map((t) => t.projectId));
  const departments: Record<string, Figures> = {};
  for (const dept of departmentIds) {
    const projects = projectsOf(dept);
    const deptEvents = events.filter(
      (e) => e.departmentId === dept || (e.type === 'satisfaction.recorded' && e.projectId && projects.has(e.projectId)),
    );
    departments[dept] = figures(
      all.filter((t) => t.departmentId === dept),
      deptEvents,
      from,
      to,
      calendar,
    );
  }
  return { from, to, county: figures(all, events, from, to, calendar), departments };
}
