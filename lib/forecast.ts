/**
 * The critical-path forecast (domain/forecast) fed from the read model: the working calendar it
 * needs, a plan for a project not yet filed (the portal), and the live forecast of a running project
 * (getProject, the progress lookup) from its tasks' real dates and current due dates.
 */
import { createWorkCalendar, shanghaiDateOf, type ClockUnit, type IsoDate, type Suspension, type WorkCalendar } from '../domain/clock';
import { clockStartDay, forecast, type Forecast, type ForecastBasis, type ForecastItem, type ItemProgress } from '../domain/forecast';
import { loadSchedules } from './calendar';
import type { Db } from './db/client';

/** A chain of statutory limits spans well under two years; the clock needs every year it may touch. */
export async function forecastCalendar(db: Db, from: IsoDate, to: IsoDate): Promise<WorkCalendar> {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4)) + 2;
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return createWorkCalendar(await loadSchedules(db, years));
}

export type PlanForecasts = Record<ForecastBasis, Forecast>;

/** The three plans of a project not filed yet: every department uses its full limit. */
export function planForecasts(items: readonly ForecastItem[], submittedOn: IsoDate, calendar: WorkCalendar): PlanForecasts {
  const run = (basis: ForecastBasis) => forecast({ items, submittedOn, basis }, calendar);
  return { promised: run('promised'), statutory: run('statutory'), greenChannel: run('greenChannel') };
}

/** What the live forecast needs of a task row (api/mappers TaskRow is a superset). */
export interface ForecastTaskRow {
  itemId: string;
  status: string;
  receivedAt: Date | null;
  decidedAt: Date | null;
  statutoryDueDate: string | null;
  promisedDueDate: string | null;
  clock: unknown;
}

export interface ProjectForecastView {
  computedOn: IsoDate;
  promised: Forecast;
  statutory: Forecast;
}

/**
 * The live forecast of a filed project; null once withdrawn (no reply date to promise). Item limits
 * come from the catalogue rows the tasks refer to (soft-deleted rows included), prerequisites from
 * the same rows restricted to the project's own items — what selectItems routed at intake.
 */
export async function projectForecast(
  db: Db,
  project: { status: string; greenChannel: boolean; submittedAt: Date; acceptedAt?: Date | null },
  tasks: readonly ForecastTaskRow[],
  now: number = Date.now(),
): Promise<ProjectForecastView | null> {
  if (project.status === 'withdrawn') return null;
  const today = shanghaiDateOf(now);
  // Counted from the acceptance day: today while the project still awaits materials (domain/forecast).
  const submittedOn = clockStartDay(
    {
      awaitingMaterials: project.status === 'awaiting_materials',
      submittedOn: shanghaiDateOf(project.submittedAt.getTime()),
      acceptedOn: project.acceptedAt ? shanghaiDateOf(project.acceptedAt.getTime()) : null,
    },
    today,
  );
  const rows = await db.approvalItem.findMany({ where: { id: { in: tasks.map((t) => t.itemId) } }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  const ids = new Set(rows.map((r) => r.id));
  const items: ForecastItem[] = rows.map((r) => ({
    id: r.id,
    prerequisites: (r.prerequisites as string[]).filter((p) => ids.has(p)),
    statutoryDays: r.statutoryDays,
    promisedDays: r.promisedDays,
    greenChannelDays: r.greenChannelDays,
    limitUnit: r.limitUnit as ClockUnit,
  }));
  const byId = new Map(items.map((i) => [i.id, i]));
  const calendar = await forecastCalendar(db, submittedOn, today);
  // A green-channel project's promised clocks run on the green-channel limit (as the project workflow starts them).
  const promisedBasis: ForecastBasis = project.greenChannel ? 'greenChannel' : 'promised';
  const run = (basis: ForecastBasis, dueOf: (t: ForecastTaskRow) => string | null, daysOf: (i: ForecastItem) => number) => {
    const progress = new Map<string, ItemProgress>();
    for (const t of tasks) {
      const item = byId.get(t.itemId);
      const p = item && taskProgress(t, dueOf(t), daysOf(item), item.limitUnit ?? 'workingDays');
      if (p) progress.set(t.itemId, p);
    }
    return forecast({ items, submittedOn, basis, progress, today }, calendar);
  };
  const promisedDays = (i: ForecastItem) => (project.greenChannel && i.greenChannelDays ? i.greenChannelDays : i.promisedDays);
  return {
    computedOn: today,
    promised: run(promisedBasis, (t) => t.promisedDueDate, promisedDays),
    statutory: run('statutory', (t) => t.statutoryDueDate, (i) => i.statutoryDays),
  };
}

interface StoredClock {
  startDate?: string;
  unit?: ClockUnit;
  suspensions?: { from: string; to?: string | null; reason?: string }[];
}

function taskProgress(t: ForecastTaskRow, dueDate: string | null, days: number, itemUnit: ClockUnit): ItemProgress | undefined {
  const date = (d: Date | null) => (d ? shanghaiDateOf(d.getTime()) : null);
  switch (t.status) {
    case 'decided':
      return { state: 'concluded', startedOn: date(t.receivedAt), concludedOn: date(t.decidedAt) ?? date(t.receivedAt)! };
    case 'not_started':
    case 'cancelled':
      return { state: 'void' };
    case 'received':
    case 'accepted':
    case 'supplement_requested': {
      const clock = (t.clock ?? {}) as StoredClock;
      const startedOn = clock.startDate ?? date(t.receivedAt);
      if (!startedOn) return undefined;
      const suspensions: Suspension[] = (clock.suspensions ?? []).map((s) => ({ kind: 'correction', from: s.from, to: s.to ?? null }));
      return { state: 'open', startedOn, dueDate, days, unit: clock.unit ?? itemUnit, suspensions };
    }
    default:
      // waiting: not pushed yet, projected from its prerequisites.
      return undefined;
  }
}
