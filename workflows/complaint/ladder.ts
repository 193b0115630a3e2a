/*
 * The complaint ladder's schedule and alarms (pure, deterministic). The workflow asks for the next
 * alarm after every change, so alarms are derived, never stored: a resolution simply leaves none.
 */
import type { WorkCalendar } from '../../domain/clock';
import { deadlineAfter, handlingDeadline } from '../../domain/working-deadline';
import {
  COMPLAINT_CATEGORY_LABEL,
  HANDLING,
  type ComplaintSchedule,
  type ComplaintSettings,
  type ComplaintState,
  type ComplaintWorkflowInput,
} from './contracts';

export type LadderStep = 'remind' | 'overdue' | 'chase_explanation' | 'escalate' | 'close';

export interface LadderAlarm {
  step: LadderStep;
  at: number;
}

/**
 * Handling deadline from the assignment day (not counted); the explanation and escalation
 * deadlines count from the handling due date, so they are "N working days after the deadline".
 */
export function scheduleOf(calendar: WorkCalendar, assignedAt: number, workingDays: number, settings: ComplaintSettings): ComplaintSchedule {
  const h = handlingDeadline(calendar, assignedAt, workingDays, settings.yellowPercent);
  const explanation = deadlineAfter(calendar, h.dueDate, settings.explanationDays);
  const escalation = deadlineAfter(calendar, h.dueDate, settings.escalationDays);
  return {
    startDate: h.startDate,
    workingDays,
    dueDate: h.dueDate,
    dueAt: h.dueAt,
    reminderDate: h.reminderDate,
    remindAt: h.remindAt,
    explanationDueDate: explanation.date,
    explanationDueAt: explanation.at,
    escalationDate: escalation.date,
    escalateAt: escalation.at,
    provisional: h.provisional || explanation.provisional || escalation.provisional,
  };
}

/** Earliest pending step; ties resolve in ladder order (remind, overdue, chase, escalate). */
export function nextAlarm(state: ComplaintState): LadderAlarm | undefined {
  if (state.status === 'resolved') return state.followUpEndsAt === undefined ? undefined : { step: 'close', at: state.followUpEndsAt };
  const s = state.schedule;
  if (!s || !HANDLING.includes(state.status)) return undefined;
  const alarms: LadderAlarm[] = [];
  if (state.overdueAt === undefined) {
    if (state.remindedAt === undefined) alarms.push({ step: 'remind', at: s.remindAt });
    alarms.push({ step: 'overdue', at: s.dueAt });
  } else {
    if (state.status === 'explanation_required' && state.explanationChasedAt === undefined) alarms.push({ step: 'chase_explanation', at: s.explanationDueAt });
    if (state.escalatedAt === undefined) alarms.push({ step: 'escalate', at: s.escalateAt });
  }
  return alarms.reduce<LadderAlarm | undefined>((best, a) => (best === undefined || a.at < best.at ? a : best), undefined);
}

/** How staff and the feed name a complaint: 投诉 TS-2026-000001（推诿扯皮）. */
export function subjectOf(input: Pick<ComplaintWorkflowInput, 'complaintId' | 'category'>): string {
  return `投诉 ${input.complaintId}（${COMPLAINT_CATEGORY_LABEL[input.category]}）`;
}

export function ladderMessage(step: Exclude<LadderStep, 'close'>, subject: string, s: ComplaintSchedule, daysOver = 0, explained = false): string {
  switch (step) {
    case 'remind':
      return `【催办】${subject}办理时限将于${s.dueDate} 24:00届满，请抓紧办理`;
    case 'overdue':
      return explained
        ? `【逾期】${subject}已超过办理时限（${s.dueDate} 24:00），已记录责任追究`
        : `【逾期】${subject}已超过办理时限（${s.dueDate} 24:00），已记录责任追究，请于${s.explanationDueDate} 24:00前说明原因`;
    case 'chase_explanation':
      return `【催办】${subject}逾期未说明原因（应于${s.explanationDueDate} 24:00前说明），请立即说明`;
    case 'escalate':
      return `【责任追究】${subject}超过办理时限${daysOver}个工作日仍未办结${explained ? '' : '，且未说明原因'}，已升级追究责任`;
  }
}
