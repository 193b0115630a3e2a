/** Efficiency statistics (效能评价) and the quarterly report, computed from the event log. */
import { Router } from 'express';
import { createWorkCalendar, shanghaiDateOf, shanghaiEndOfDay, shanghaiStartOfDay } from '../../domain/clock';
import { EXCLUDED_KIND_LABEL, EXCLUDED_KINDS } from '../../domain/excluded-time';
import { computeStatistics, type Figures, type Rate, type Statistics } from '../../domain/statistics';
import { loadSchedules } from '../../lib/calendar';
import type { Db } from '../../lib/db/client';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { respond, validated } from '../http/validation';

const STAT_EVENT_TYPES = [
  'task.received',
  'task.decided',
  'task.supplement_requested',
  'task.supplement_received',
  'task.light_changed',
  'task.notice_violation',
  'task.deemed_accepted',
  'task.deadline_extended',
  'task.excluded_period_started',
  'task.excluded_period_ended',
  'complaint.filed',
  'complaint.resolved',
  'satisfaction.recorded',
];

const QUARTERS: Record<number, [string, string]> = { 1: ['01-01', '03-31'], 2: ['04-01', '06-30'], 3: ['07-01', '09-30'], 4: ['10-01', '12-31'] };

/** Keeps `IN (…)` lists well below SQLite's and PostgreSQL's bind-parameter limits. */
const ID_CHUNK = 500;

/**
 * The events the figures for [from, to] need, and no more: the range's own events, plus the
 * earlier history (receipt, suspensions) of the tasks those events concern and of the tasks of
 * projects rated in the range. Cost follows the range, not the size of the whole log.
 */
async function eventsFor(db: Db, from: string, to: string) {
  const start = new Date(shanghaiStartOfDay(from));
  const end = new Date(shanghaiEndOfDay(to));
  const inRange = await db.event.findMany({ where: { type: { in: STAT_EVENT_TYPES }, occurredAt: { gte: start, lt: end } } });
  const taskIds = [...new Set(inRange.flatMap((e) => (e.taskId ? [e.taskId] : [])))];
  const ratedProjects = [...new Set(inRange.flatMap((e) => (e.type === 'satisfaction.recorded' && e.projectId ? [e.projectId] : [])))];
  const earlier = { type: { in: STAT_EVENT_TYPES }, occurredAt: { lt: start } };
  const history = [];
  for (let i = 0; i < taskIds.length; i += ID_CHUNK) {
    history.push(...(await db.event.findMany({ where: { ...earlier, taskId: { in: taskIds.slice(i, i + ID_CHUNK) } } })));
  }
  for (let i = 0; i < ratedProjects.length; i += ID_CHUNK) {
    history.push(...(await db.event.findMany({ where: { ...earlier, taskId: { not: null }, projectId: { in: ratedProjects.slice(i, i + ID_CHUNK) } } })));
  }
  const unique = new Map([...history, ...inRange].map((e) => [e.seq, e]));
  return [...unique.values()].sort((a, b) => a.seq - b.seq);
}

export async function statisticsFor(db: Db, from: string, to: string): Promise<Statistics> {
  const rows = await eventsFor(db, from, to);
  const events = rows.map((r) => ({ ...r, occurredAt: r.occurredAt.getTime(), payload: (r.payload ?? {}) as Record<string, unknown> }));
  const firstYear = rows.length > 0 ? Number(shanghaiDateOf(rows[0].occurredAt.getTime()).slice(0, 4)) : Number(from.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  const years = Array.from({ length: Math.max(1, lastYear - firstYear + 1) }, (_, i) => Math.min(firstYear, lastYear) + i);
  return computeStatistics(events, from, to, createWorkCalendar(await loadSchedules(db, years)));
}

const pct = (r: Rate) => (r.value === null ? '' : `${(r.value * 100).toFixed(2)}%`);

function csvRow(scope: string, f: Figures): string[] {
  return [
    scope,
    String(f.tasksReceived),
    String(f.tasksConcluded),
    pct(f.onTimePromised),
    pct(f.onTimeStatutory),
    f.averageWorkingDays === null ? '' : String(f.averageWorkingDays),
    f.p90WorkingDays === null ? '' : String(f.p90WorkingDays),
    String(f.overdue),
    String(f.yellow),
    String(f.red),
    pct(f.sameDayConclusion),
    String(f.onTheSpotIntake),
    pct(f.extended),
    ...EXCLUDED_KINDS.map((k) => String(f.excludedPeriods[k])),
    String(f.noticeViolations),
    String(f.deemedAcceptances),
    String(f.complaintsReceived),
    pct(f.complaintsResolvedOnTime),
    pct(f.satisfaction),
  ];
}

const CSV_HEADER = [
  '范围', '受理数', '办结数', '按时办结率（承诺）', '按时办结率（法定）', '平均用时（工作日）', '90%用时（工作日）', '超期办结数',
  '黄灯数', '红灯数', '现场办结率', '当场受理即办件数', '延期率', ...EXCLUDED_KINDS.map((k) => `${EXCLUDED_KIND_LABEL[k]}期间数`), '一次性告知违规', '视为受理', '投诉数', '投诉按时办结率', '满意率',
];

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function statisticsRouter({ db }: ApiDeps): Router {
  const r = Router();

  r.get('/api/v1/statistics', async (req, res) => {
    const { query } = validated(req, 'getStatistics');
    // Any range the date schema allows: the cost follows the events inside it (eventsFor), and a
    // start after the end is an empty range whose figures are all zero.
    const stats = await statisticsFor(db, query.from, query.to);
    const principal = principalOf(req);
    if (principal.role === 'department') {
      // Fails closed: a department principal without its department sees no department's figures.
      const own = principal.departmentId;
      stats.departments = own && own in stats.departments ? { [own]: stats.departments[own] } : {};
    }
    respond(res, 'getStatistics', 200, stats);
  });

  r.get('/api/v1/statistics/export', async (req, res) => {
    const { query } = validated(req, 'exportStatistics');
    const [start, end] = QUARTERS[query.quarter];
    const stats = await statisticsFor(db, `${query.year}-${start}`, `${query.year}-${end}`);
    const name = `效能报告-${query.year}年第${query.quarter}季度`;
    if ((query.format ?? 'csv') === 'json') {
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}.json`);
      return respond(res, 'exportStatistics', 200, stats);
    }
    const departments = new Map((await db.department.findMany()).map((d) => [d.id, d.shortName]));
    const lines = [
      CSV_HEADER,
      csvRow('全县', stats.county),
      ...Object.entries(stats.departments).map(([id, f]) => csvRow(departments.get(id) ?? id, f)),
    ].map((row) => row.map(csvCell).join(','));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}.csv`);
    res.type('text/csv; charset=utf-8').send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  return r;
}
