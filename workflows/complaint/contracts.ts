/**
 * Contract of the complaint workflow (效能投诉; one per complaint, id `complaint-<complaintId>`).
 * The gateway imports this module and the workflow *type* only.
 *
 * The ladder, on the legal clock (working days, assignment day not counted, a deadline ends at
 * 24:00 of its last working day):
 *   filed ──assign──▶ assigned ──(yellow point)──▶ 催办 (complaint.reminded)
 *     due date passes unresolved ──▶ complaint.overdue + accountability `complaint_overdue`,
 *       status explanation_required (or explained when the unit already explained)
 *     explanation due passes without one ──▶ complaint.explanation_overdue (second 催办)
 *     escalation date passes unresolved ──▶ complaint.escalated + accountability `complaint_escalated`
 *   resolve (any open state) ──▶ resolved; the follow-up window (回访期) takes the complainant's
 *   feedback and supervision's 通报 mark, then ──▶ closed and the workflow ends.
 */
import type { COMPLAINT_CATEGORIES, COMPLAINT_FINDINGS } from '../../domain/vocabulary';
import { queryDef, updateDef } from '../define';
import type { SatisfactionRating } from '../tracking/contracts';
import type { Actor } from '../shared';

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_CATEGORY_LABEL: Record<ComplaintCategory, string> = {
  overdue: '超时未办',
  buck_passing: '推诿扯皮',
  illegal_fees: '乱收费',
  attitude: '态度问题',
  extortion: '吃拿卡要',
  other: '其他',
};

import type { ComplaintStatus } from '../../domain/vocabulary';
export type { ComplaintStatus };
/** States in which the handling clock runs (assigned and not yet resolved). */
export const HANDLING: readonly ComplaintStatus[] = ['assigned', 'explanation_required', 'explained', 'escalated'];

export type ComplaintFinding = (typeof COMPLAINT_FINDINGS)[number];
export const FINDING_LABEL: Record<ComplaintFinding, string> = { substantiated: '属实', partially_substantiated: '部分属实', unsubstantiated: '不属实' };

export interface Complainant {
  name: string;
  phone: string;
  email?: string;
}

/** Working-day settings fixed into the workflow when the complaint is filed (from lib/config.ts). */
export interface ComplaintSettings {
  explanationDays: number;
  escalationDays: number;
  followUpDays: number;
  /** Share of the handling time after which the unit is reminded (integer 1–99). */
  yellowPercent: number;
}

export interface ComplaintWorkflowInput {
  complaintId: string;
  departmentId: string;
  projectId?: string;
  taskId?: string;
  category: ComplaintCategory;
  description: string;
  complainant: Complainant;
  filedBy: Actor;
  settings: ComplaintSettings;
}

/** The handling schedule, fixed at assignment. Dates are Asia/Shanghai; instants are 24:00 of them. */
export interface ComplaintSchedule {
  startDate: string;
  workingDays: number;
  dueDate: string;
  dueAt: number;
  reminderDate: string;
  remindAt: number;
  explanationDueDate: string;
  explanationDueAt: number;
  escalationDate: string;
  escalateAt: number;
  provisional: boolean;
}

export interface ComplaintState {
  complaintId: string;
  status: ComplaintStatus;
  departmentId: string;
  unitId?: string;
  filedAt: number;
  assignedAt?: number;
  schedule?: ComplaintSchedule;
  remindedAt?: number;
  overdueAt?: number;
  explanationChasedAt?: number;
  escalatedAt?: number;
  explanation?: { text: string; late: boolean; explainedAt: number; explainedBy: Actor };
  resolution?: {
    finding: ComplaintFinding;
    detail: string;
    action: string;
    late: boolean;
    workingDaysOver: number;
    resolvedAt: number;
    resolvedBy: Actor;
  };
  /** End of the follow-up window (回访期), set at resolution. */
  followUpEndsAt?: number;
  feedback?: { rating: SatisfactionRating; comment?: string; recordedAt: number; recordedBy: Actor };
  notice?: { reason: string; markedAt: number; markedBy: Actor };
  closedAt?: number;
}

export interface AssignComplaintInput {
  actor: Actor;
  unitId: string;
  workingDays: number;
  note?: string;
}
export interface ExplainComplaintInput {
  actor: Actor;
  explanation: string;
}
export interface ResolveComplaintInput {
  actor: Actor;
  finding: ComplaintFinding;
  detail: string;
  action: string;
}
export interface ComplaintFeedbackInput {
  actor: Actor;
  rating: SatisfactionRating;
  comment?: string;
}
export interface ComplaintNoticeInput {
  actor: Actor;
  reason: string;
}

/** Resolves once the filing is in the read model, so the caller reads its own write. */
export const complaintFiledUpdate = updateDef<ComplaintState, []>('complaintFiled');
/** Each resolves once the read model holds the change. */
export const assignComplaintUpdate = updateDef<ComplaintState, [AssignComplaintInput]>('assignComplaint');
export const explainComplaintUpdate = updateDef<ComplaintState, [ExplainComplaintInput]>('explainComplaint');
export const resolveComplaintUpdate = updateDef<ComplaintState, [ResolveComplaintInput]>('resolveComplaint');
export const recordComplaintFeedbackUpdate = updateDef<ComplaintState, [ComplaintFeedbackInput]>('recordComplaintFeedback');
export const markComplaintForNoticeUpdate = updateDef<ComplaintState, [ComplaintNoticeInput]>('markComplaintForNotice');
export const complaintStateQuery = queryDef<ComplaintState>('complaintState');

export function complaintWorkflowId(complaintId: string): string {
  return `complaint-${complaintId}`;
}
