/**
 * The working-day calendar (工作日历): what the clock uses for a year, and publishing a year's
 * schedule, after which every project under review re-projects its open deadlines.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { eventRow } from '../../activities/events';
import { isClockError, type ClockError, type YearSchedule } from '../../domain/clock';
import { OPEN_PROJECT_STATUSES, OPEN_TASK_STATUSES } from '../../domain/vocabulary';
import { listsFromSchedule, loadEffectiveYears, scheduleFromLists, type EffectiveYear } from '../../lib/calendar';
import { calendarUpdatedSignal } from '../../workflows/project/contracts';
import { actorOf, principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { ProblemError, type FieldError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { engineProblem, isWorkflowNotFound } from '../temporal-errors';

/** Enough to publish quickly without flooding the Temporal frontend with one burst per project. */
const SIGNAL_CONCURRENCY = 8;

function toApiCalendar(year: number, e: EffectiveYear) {
  const lists = e.row
    ? { holidays: [...(e.row.holidays as string[])].sort(), workdays: [...(e.row.workdays as string[])].sort() }
    : listsFromSchedule(e.schedule);
  return {
    year,
    official: e.schedule.source === 'official',
    origin: e.origin,
    ...lists,
    source: e.row?.source ?? e.schedule.reference ?? '',
    loadedAt: e.row ? e.row.loadedAt.toISOString() : null,
  };
}

/** Points at the date the clock refused, so the administrator sees which entry to correct. */
function fieldErrorOf(err: ClockError, year: number, body: { holidays: string[]; workdays: string[] }): FieldError {
  const date = err.details.date as string | undefined;
  const offending = (d: string) => d === date || !d.startsWith(`${year}-`);
  for (const list of ['workdays', 'holidays'] as const) {
    const i = body[list].findIndex(offending);
    if (i >= 0) return { in: 'body', pointer: `/${list}/${i}`, message: err.message };
  }
  return { in: 'body', pointer: '', message: err.message };
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export function calendarRouter({ db, temporal }: ApiDeps): Router {
  const r = Router();

  r.get('/api/v1/calendar/:year', async (req, res) => {
    const { path } = validated(req, 'getCalendarYear');
    const [effective] = await loadEffectiveYears(db, [path.year]);
    respond(res, 'getCalendarYear', 200, toApiCalendar(path.year, effective));
  });

  r.put('/api/v1/calendar/:year', async (req, res) => {
    const { path, body } = validated(req, 'putCalendarYear');
    const { year } = path;
    let schedule: YearSchedule;
    try {
      schedule = { ...scheduleFromLists(year, body.holidays, body.workdays, body.source), source: body.official ? 'official' : 'provisional' };
    } catch (err) {
      if (isClockError(err)) throw ProblemError.ruleViolated(fieldErrorOf(err, year, body).pointer ?? '', err.message);
      throw err;
    }
    const [current] = await loadEffectiveYears(db, [year]);
    if (!body.official && current.schedule.source === 'official') {
      throw ProblemError.conflict('already_exists', `${year}年已有官方放假安排，不能用预估安排替换`);
    }

    const row = { official: body.official, holidays: body.holidays, workdays: body.workdays, schedule: schedule as object, source: body.source, loadedAt: new Date() };
    await db.$transaction([
      db.calendarYear.upsert({ where: { year }, create: { year, ...row }, update: row }),
      db.event.create({
        data: eventRow({
          id: randomUUID(),
          type: 'calendar.updated',
          actor: actorOf(principalOf(req)),
          payload: {
            year,
            official: body.official,
            source: body.source,
            holidays: body.holidays,
            workdays: body.workdays,
            message: `${year}年工作日历已更新（${body.official ? '官方安排' : '预估安排'}，依据：${body.source}）`,
          },
          occurredAt: Date.now(),
        }),
      }),
    ]);

    // Re-project with what the clock now uses for the year (an estimate never displaces an official year).
    const [effective] = await loadEffectiveYears(db, [year]);
    const projects = await db.project.findMany({ where: { status: { in: [...OPEN_PROJECT_STATUSES] } }, select: { id: true, workflowId: true } });
    const affectedTasks = await db.task.count({ where: { projectId: { in: projects.map((p) => p.id) }, status: { in: [...OPEN_TASK_STATUSES] } } });
    let notified = 0;
    const failures: unknown[] = [];
    await forEachBounded(projects, SIGNAL_CONCURRENCY, async (p) => {
      try {
        await temporal.workflow.getHandle(p.workflowId).signal(calendarUpdatedSignal, { schedule: effective.schedule });
        notified++;
      } catch (err) {
        // Replied or withdrawn since the query: its deadlines no longer run.
        if (!isWorkflowNotFound(err)) failures.push(err);
      }
    });
    // The schedule is saved; a retried PUT re-signals, and tasks ignore a schedule they already have.
    if (failures.length > 0) throw engineProblem(failures[0], '项目流程');

    respond(res, 'putCalendarYear', 200, {
      calendar: toApiCalendar(year, effective),
      reprojection: { status: notified > 0 ? 'scheduled' : 'not_needed', affectedTasks, notifiedProjects: notified },
    });
  });

  return r;
}
