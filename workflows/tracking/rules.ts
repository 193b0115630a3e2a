/**
 * Milestone rules and the overdue-reminder schedule of the tracking workflow, as pure functions
 * of the state and an instant (deterministic; the rules are listed in ./contracts.ts).
 */
import { addDays, compareDates, daysBetween, isIsoDate, shanghaiDateOf, shanghaiEndOfDay, type EpochMs, type IsoDate } from '../../domain/clock';
import type { RejectionReason } from '../shared';
import {
  MAX_OVERDUE_REMINDERS,
  MILESTONE_LABEL,
  MILESTONE_ORDER,
  OVERDUE_REPEAT_DAYS,
  type MilestoneKind,
  type MilestoneState,
  type RecordMilestoneInput,
  type TrackingState,
} from './contracts';

export interface Refusal {
  reason: Extract<RejectionReason, 'invalid_input' | 'milestone_out_of_order'>;
  message: string;
}

const rank = (kind: MilestoneKind) => MILESTONE_ORDER.indexOf(kind);
const find = (state: TrackingState, kind: MilestoneKind) => state.milestones.find((m) => m.kind === kind);

/** The milestone as it would be after the request; an omitted actual date keeps a recorded one. */
function merged(state: TrackingState, req: RecordMilestoneInput): { plannedDate: IsoDate; actualDate?: IsoDate } {
  return { plannedDate: req.plannedDate, actualDate: req.actualDate ?? find(state, req.kind)?.actualDate };
}

/** Why the request must be refused, or undefined when it may be recorded. */
export function checkMilestone(state: TrackingState, req: RecordMilestoneInput, now: EpochMs): Refusal | undefined {
  const label = MILESTONE_LABEL[req.kind];
  if (!isIsoDate(req.plannedDate) || (req.actualDate !== undefined && !isIsoDate(req.actualDate))) {
    return { reason: 'invalid_input', message: '日期无效，应为 YYYY-MM-DD' };
  }
  const today = shanghaiDateOf(now);
  if (req.actualDate !== undefined && compareDates(req.actualDate, today) > 0) {
    return { reason: 'invalid_input', message: `实际${label}日期 ${req.actualDate} 晚于今天（${today}），不能登记尚未发生的节点` };
  }
  const current = find(state, req.kind);
  const next = merged(state, req);
  const planChanged = current?.plannedDate !== req.plannedDate;
  const pending = next.actualDate === undefined;
  if (planChanged && pending && compareDates(req.plannedDate, today) < 0) {
    return { reason: 'invalid_input', message: `计划${label}日期 ${req.plannedDate} 早于今天（${today}）；已发生的请登记实际日期` };
  }

  if (req.actualDate !== undefined) {
    for (const earlier of MILESTONE_ORDER.slice(0, rank(req.kind))) {
      const e = find(state, earlier);
      if (!e?.actualDate) {
        return { reason: 'milestone_out_of_order', message: `请先登记实际${MILESTONE_LABEL[earlier]}日期，再登记实际${label}日期` };
      }
      if (compareDates(req.actualDate, e.actualDate) < 0) {
        return { reason: 'milestone_out_of_order', message: `实际${label}日期 ${req.actualDate} 早于实际${MILESTONE_LABEL[earlier]}日期 ${e.actualDate}` };
      }
    }
    for (const later of MILESTONE_ORDER.slice(rank(req.kind) + 1)) {
      const l = find(state, later);
      if (l?.actualDate && compareDates(req.actualDate, l.actualDate) > 0) {
        return { reason: 'milestone_out_of_order', message: `实际${label}日期 ${req.actualDate} 晚于已登记的实际${MILESTONE_LABEL[later]}日期 ${l.actualDate}` };
      }
    }
  }

  if (planChanged && pending) {
    const before = MILESTONE_ORDER.slice(0, rank(req.kind))
      .map((k) => find(state, k))
      .filter((m): m is MilestoneState => m !== undefined)
      .at(-1);
    const bound = before ? (before.actualDate ?? before.plannedDate) : undefined;
    if (before && bound && compareDates(req.plannedDate, bound) < 0) {
      const what = before.actualDate ? '实际' : '计划';
      return {
        reason: 'milestone_out_of_order',
        message: `计划${label}日期 ${req.plannedDate} 早于${what}${MILESTONE_LABEL[before.kind]}日期 ${bound}`,
      };
    }
  }
  return undefined;
}

/**
 * Applies a checked request to the state. Returns undefined when nothing changes (a repeated PUT),
 * otherwise the milestone as now recorded and the planned date it replaced.
 */
export function applyMilestone(
  state: TrackingState,
  req: RecordMilestoneInput,
  now: EpochMs,
): { milestone: MilestoneState; previousPlannedDate?: IsoDate } | undefined {
  const current = find(state, req.kind);
  const next = merged(state, req);
  if (current && current.plannedDate === next.plannedDate && current.actualDate === next.actualDate) return undefined;
  const milestone: MilestoneState = {
    kind: req.kind,
    plannedDate: next.plannedDate,
    actualDate: next.actualDate,
    recordedAt: now,
    recordedBy: req.actor,
    remindersSent: current && current.plannedDate === next.plannedDate ? current.remindersSent : 0,
  };
  state.milestones = [...state.milestones.filter((m) => m.kind !== req.kind), milestone].sort((a, b) => rank(a.kind) - rank(b.kind));
  return { milestone, previousPlannedDate: current?.plannedDate };
}

/** Tracking is complete once the last milestone (投产) has happened. */
export function isComplete(state: TrackingState): boolean {
  return find(state, 'production_start')?.actualDate !== undefined;
}

/** The nth reminder (1-based) falls due at 24:00 of the planned date, then every week after. */
export function reminderDueAt(plannedDate: IsoDate, nth: number): EpochMs {
  return shanghaiEndOfDay(addDays(plannedDate, OVERDUE_REPEAT_DAYS * (nth - 1)));
}

export interface DueReminder {
  kind: MilestoneKind;
  at: EpochMs;
}

/** Earliest reminder still owed by a milestone whose planned date has no actual date; ties in milestone order. */
export function nextReminder(state: TrackingState): DueReminder | undefined {
  let best: DueReminder | undefined;
  for (const m of state.milestones) {
    if (m.actualDate !== undefined || m.remindersSent >= MAX_OVERDUE_REMINDERS) continue;
    const at = reminderDueAt(m.plannedDate, m.remindersSent + 1);
    if (!best || at < best.at || (at === best.at && rank(m.kind) < rank(best.kind))) best = { kind: m.kind, at };
  }
  return best;
}

/** Reminders due by `now`; after a late wake (worker down) the missed ones are folded into one. */
export function remindersDueBy(plannedDate: IsoDate, now: EpochMs): number {
  const late = daysBetween(plannedDate, shanghaiDateOf(now));
  if (late <= 0) return 0;
  return Math.min(MAX_OVERDUE_REMINDERS, Math.floor((late - 1) / OVERDUE_REPEAT_DAYS) + 1);
}

export function overdueMessage(code: string, m: MilestoneState, nth: number, now: EpochMs): { daysOverdue: number; message: string } {
  const label = MILESTONE_LABEL[m.kind];
  const daysOverdue = daysBetween(m.plannedDate, shanghaiDateOf(now));
  const last = nth >= MAX_OVERDUE_REMINDERS ? '，此为最后一次自动催办' : '';
  return {
    daysOverdue,
    message: `【催办】项目 ${code} 计划于 ${m.plannedDate} ${label}，已逾期 ${daysOverdue} 天仍未登记实际${label}日期（第 ${nth} 次催办${last}），请登记实际日期或调整计划`,
  };
}
