// Chinese one-line explanations for operators and applicants. Built only from the serialisable
// explanation, so a summary can be regenerated from a stored result without the calendar.

import { type DayKind } from './calendar';
import { type ClockUnit, type SuspensionKind } from './counting';
import { addDays, type IsoDate } from './dates';
import { type DeadlineExplanation, type DeadlineResult } from './deadline';

export const DAY_KIND_LABEL: Readonly<Record<DayKind, string>> = {
  workday: '工作日',
  makeup: '调休上班日',
  weekend: '周末',
  holiday: '节假日',
};

export const SUSPENSION_KIND_LABEL: Readonly<Record<SuspensionKind, string>> = {
  correction: '补正',
  excludedTime: '法定不计算期间',
};

export interface SummaryOptions {
  /** What happened on the start day: '受理' (default), '收件', '申请'. */
  startEvent?: string;
}

function range(from: IsoDate, to: IsoDate): string {
  return from === to ? from : `${from}至${to}`;
}

/** Consecutive days with the same name become one run: 春节假期（2026-02-15至2026-02-23）. */
function holidayRuns(e: DeadlineExplanation): string[] {
  const runs: { name: string; from: IsoDate; to: IsoDate }[] = [];
  for (const h of e.holidaysSkipped) {
    const last = runs[runs.length - 1];
    if (last && last.name === h.name && addDays(last.to, 1) === h.date) last.to = h.date;
    else runs.push({ name: h.name, from: h.date, to: h.date });
  }
  return runs.map((r) => `${r.name}假期（${range(r.from, r.to)}）`);
}

function suspensionRuns(e: DeadlineExplanation): string[] {
  const byIndex = new Map<number, { label: string; from: IsoDate; to: IsoDate; days: number }>();
  for (const d of e.suspendedDaysSkipped) {
    const run = byIndex.get(d.suspension);
    if (run) {
      run.to = d.date;
      run.days++;
    } else {
      byIndex.set(d.suspension, { label: d.reason ?? SUSPENSION_KIND_LABEL[d.kind], from: d.date, to: d.date, days: 1 });
    }
  }
  return [...byIndex.values()].map((r) => `${r.label}期间${range(r.from, r.to)}（${r.days}天）`);
}

function body(e: DeadlineExplanation): string[] {
  const parts: string[] = [];
  const skipped = holidayRuns(e);
  if (e.weekendsSkipped.length > 0) skipped.push(`周末${e.weekendsSkipped.length}天`);
  // Natural days count weekends and holidays; only a rolled-over end passes days off.
  if (skipped.length > 0) parts.push(`${e.unit === 'naturalDays' ? '顺延经过' : '跳过'}${skipped.join('、')}`);
  if (e.makeupDaysUsed.length > 0) parts.push(`含调休上班日${e.makeupDaysUsed.map((d) => d.date).join('、')}`);
  const suspended = suspensionRuns(e);
  if (suspended.length > 0) parts.push(`扣除${suspended.join('、')}`);
  return parts;
}

function provisionalNote(e: DeadlineExplanation): string {
  if (e.provisionalYears.length === 0) return '';
  return `（${e.provisionalYears.join('、')}年按暂定日历计算，官方安排公布后将重算）`;
}

/** '个工作日' or '日（自然日）': the unit as the law writes it. */
export function unitLabel(unit: ClockUnit): string {
  return unit === 'naturalDays' ? '日（自然日）' : '个工作日';
}

export function summarizeDeadline(result: DeadlineResult, options: SummaryOptions = {}): string {
  const e = result.explanation;
  const u = unitLabel(e.unit);
  const head = `自${e.startDate}${options.startEvent ?? '受理'}次日起算${e.workingDays}${u}`;
  const parts = [head, ...body(e)];
  if (result.state === 'paused') {
    parts.push(`已计${result.workingDaysCounted}${u}`);
    parts.push(`自${result.pausedSince}起暂停，剩余${result.workingDaysRemaining}${u}待恢复后计算`);
    return parts.join('，') + provisionalNote(e);
  }
  if (e.rollOver) parts.push(`第${e.workingDays}日${e.rollOver.lastDay}为法定休假日，依《民法典》第二百零三条顺延至休假日结束的次日`);
  parts.push(`截止${result.dueDate} 24:00`);
  return parts.join('，') + provisionalNote(e);
}
