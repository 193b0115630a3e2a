/**
 * Critical-path forecast (预计办结日期): the date by which the consolidated reply is due if every
 * department uses its full limit, walked through the prerequisite chain with the same clock as the
 * task workflow (domain/clock): an item's start day is not counted, and an item is pushed — so starts
 * its clock — on the day its last prerequisite concludes. The reply is due when the last item concludes.
 *
 * For a running project the items that have concluded count at their real dates and the open ones at
 * their current due dates (which already include suspensions); only the items not yet pushed are
 * projected. Pure and deterministic: `today` is an input, never read from the system clock.
 */
import {
  compareDates,
  computeDeadline,
  type ClockUnit,
  type IsoDate,
  type Suspension,
  type WorkCalendar,
} from './clock';

/** Which limit every department is assumed to use in full. */
export type ForecastBasis = 'promised' | 'statutory' | 'greenChannel';

export interface ForecastItem {
  id: string;
  /** Prerequisites among the forecast's own items; others are ignored (selectItems already drops them). */
  prerequisites: readonly string[];
  statutoryDays: number;
  promisedDays: number;
  greenChannelDays?: number | null;
  limitUnit?: ClockUnit;
}

/**
 * What has happened to one item of a running project. Absent = not pushed yet (waiting on a
 * prerequisite), projected like a plan item.
 */
export type ItemProgress =
  /** Decided: concluded on `concludedOn`. */
  | { state: 'concluded'; startedOn: IsoDate | null; concludedOn: IsoDate }
  /** Never runs (cancelled before it started, or blocked by a rejected prerequisite): holds nothing up. */
  | { state: 'void' }
  /**
   * Pushed and open. `dueDate` is the task's current due date on the basis asked for; null while an
   * open suspension has frozen the clock, in which case the deadline is recomputed as if the
   * suspension ended `today` (the earliest the applicant can still supply the materials).
   */
  | { state: 'open'; startedOn: IsoDate; dueDate: IsoDate | null; days: number; unit: ClockUnit; suspensions: readonly Suspension[] };

/** How an item's forecast end was obtained. */
export type ForecastSource = 'limit' | 'actual' | 'current_due' | 'paused' | 'void';

export interface ForecastedItem {
  itemId: string;
  /** Day the item is (or was) pushed to its department; not counted. null for a void item. */
  startDate: IsoDate | null;
  /** Day the item concludes at the latest (or did conclude). null for a void item. */
  dueDate: IsoDate | null;
  /** Limit used, in `unit`; null when the real conclusion date was used. */
  days: number | null;
  unit: ClockUnit;
  source: ForecastSource;
  critical: boolean;
  /** The due date depends on a year whose holiday schedule is not yet official. */
  provisional: boolean;
}

export interface Forecast {
  basis: ForecastBasis;
  submittedOn: IsoDate;
  /** Latest conclusion over all items: the consolidated reply is due then. null when nothing runs. */
  replyDueDate: IsoDate | null;
  /** Item ids from the first item of the chain to the last one to conclude. */
  criticalPath: string[];
  items: ForecastedItem[];
  provisional: boolean;
}

export class ForecastError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForecastError';
  }
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) >= 0 ? a : b);

/**
 * The day a filed project's first-wave clocks start (or will start): its acceptance day (受理日).
 * A project awaiting materials (待补齐材料) runs no clock and is accepted today at the earliest, so
 * its forecast counts from today, never from the intake date; once accepted, from the acceptance day.
 * Projects filed before acceptance was recorded have no acceptance day: intake was acceptance.
 */
export function clockStartDay(project: { awaitingMaterials: boolean; submittedOn: IsoDate; acceptedOn: IsoDate | null }, today: IsoDate): IsoDate {
  if (project.awaitingMaterials) return later(today, project.submittedOn);
  return project.acceptedOn ?? project.submittedOn;
}

/** The limit each basis uses; the green channel falls back to the promised limit, as the project workflow does. */
export function limitFor(item: ForecastItem, basis: ForecastBasis): number {
  if (basis === 'statutory') return item.statutoryDays;
  if (basis === 'greenChannel' && item.greenChannelDays) return item.greenChannelDays;
  return item.promisedDays;
}

/** Items in an order where every prerequisite comes first; throws on a cycle (the catalogue refuses them, but be safe). */
function topologicalOrder(items: readonly ForecastItem[]): ForecastItem[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: ForecastItem[] = [];
  const visit = (item: ForecastItem): void => {
    if (done.has(item.id)) return;
    if (visiting.has(item.id)) throw new ForecastError(`审批事项前置关系形成循环：${item.id}`);
    visiting.add(item.id);
    for (const p of item.prerequisites) {
      const pre = byId.get(p);
      if (pre) visit(pre);
    }
    visiting.delete(item.id);
    done.add(item.id);
    out.push(item);
  };
  items.forEach(visit);
  return out;
}

export interface ForecastInput {
  items: readonly ForecastItem[];
  submittedOn: IsoDate;
  basis: ForecastBasis;
  /** Running project only: what happened to each item so far, by item id. */
  progress?: ReadonlyMap<string, ItemProgress>;
  /** Running project only: today's date (Shanghai); a still-open item cannot conclude before it. */
  today?: IsoDate;
}

export function forecast(input: ForecastInput, calendar: WorkCalendar): Forecast {
  const { items, submittedOn, basis, progress, today } = input;
  const ids = new Set(items.map((i) => i.id));
  const results = new Map<string, ForecastedItem>();
  // The prerequisite whose conclusion pushed each item: the back-pointer of the critical path.
  const pushedBy = new Map<string, string | null>();

  for (const item of topologicalOrder(items)) {
    const unit = item.limitUnit ?? 'workingDays';
    const p = progress?.get(item.id);
    const prerequisites = item.prerequisites.filter((id) => ids.has(id));
    let result: ForecastedItem;
    if (p?.state === 'void') {
      result = { itemId: item.id, startDate: null, dueDate: null, days: null, unit, source: 'void', critical: false, provisional: false };
    } else if (p?.state === 'concluded') {
      result = { itemId: item.id, startDate: p.startedOn, dueDate: p.concludedOn, days: null, unit, source: 'actual', critical: false, provisional: false };
    } else if (p?.state === 'open') {
      result = openItem(item.id, p, today, calendar);
    } else {
      // Not pushed yet: starts the day its last prerequisite concludes (submission day when it has none).
      let start = submittedOn;
      let by: string | null = null;
      for (const pre of prerequisites) {
        const end = results.get(pre)?.dueDate;
        if (end && compareDates(end, start) > 0) {
          start = end;
          by = pre;
        }
      }
      pushedBy.set(item.id, by);
      const days = limitFor(item, basis);
      const d = computeDeadline({ startDate: start, workingDays: days, unit }, calendar);
      if (d.state !== 'due') throw new ForecastError(`无法推算事项 ${item.id} 的办结日期`);
      result = { itemId: item.id, startDate: start, dueDate: d.dueDate, days, unit, source: 'limit', critical: false, provisional: d.provisional };
    }
    if (!pushedBy.has(item.id)) pushedBy.set(item.id, latestPrerequisite(prerequisites, results));
    results.set(item.id, result);
  }

  // The last item to conclude (catalogue order breaks ties), then back through what pushed each one.
  let last: ForecastedItem | null = null;
  for (const item of items) {
    const r = results.get(item.id)!;
    if (r.dueDate && (!last || compareDates(r.dueDate, last.dueDate!) > 0)) last = r;
  }
  const criticalPath: string[] = [];
  for (let id: string | null = last?.itemId ?? null; id !== null; id = pushedBy.get(id) ?? null) {
    criticalPath.unshift(id);
    results.get(id)!.critical = true;
  }
  const ordered = items.map((i) => results.get(i.id)!);
  return {
    basis,
    submittedOn,
    replyDueDate: last?.dueDate ?? null,
    criticalPath,
    items: ordered,
    provisional: ordered.some((r) => r.provisional),
  };
}

/** For an item already pushed: the prerequisite that concluded last (what held it up), if any. */
function latestPrerequisite(prerequisites: readonly string[], results: ReadonlyMap<string, ForecastedItem>): string | null {
  let by: string | null = null;
  let end: IsoDate | null = null;
  for (const pre of prerequisites) {
    const d = results.get(pre)?.dueDate;
    if (d && (end === null || compareDates(d, end) > 0)) {
      end = d;
      by = pre;
    }
  }
  return by;
}

function openItem(itemId: string, p: Extract<ItemProgress, { state: 'open' }>, today: IsoDate | undefined, calendar: WorkCalendar): ForecastedItem {
  let due = p.dueDate;
  let provisional = false;
  let source: ForecastSource = 'current_due';
  if (due === null) {
    // Frozen by an open suspension: assume the materials arrive today, so the clock resumes tomorrow.
    const resumeOn = today ?? p.startedOn;
    const suspensions = p.suspensions.map((s) => (s.to ? s : { ...s, to: later(resumeOn, s.from) }));
    const d = computeDeadline({ startDate: p.startedOn, workingDays: p.days, unit: p.unit, suspensions }, calendar);
    if (d.state !== 'due') throw new ForecastError(`无法推算事项 ${itemId} 的办结日期`);
    due = d.dueDate;
    provisional = d.provisional;
    source = 'paused';
  }
  // An overdue open item has not concluded yet: it concludes today at the earliest.
  if (today && compareDates(today, due) > 0) due = today;
  return { itemId, startDate: p.startedOn, dueDate: due, days: p.days, unit: p.unit, source, critical: false, provisional };
}
