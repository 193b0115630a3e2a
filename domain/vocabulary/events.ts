/**
 * Every event type the system writes to its outbox, with the payload each one carries. Producers
 * (workflows through one builder, activities, routes) are typed by this map; the contract's
 * `Event` union and its payload schemas are generated from it (scripts/gen-event-schemas.ts) and
 * test/unit/event-vocabulary.test.ts fails when the two drift apart.
 *
 * Order is the contract's order. A new event type goes here, then `npm run gen:api`.
 */
import { EXCLUDED_KINDS } from '../excluded-time';
import { bool, count, date, dateTime, epochMs, int, list, nullable, object, oneOf, optional, record, str, text, type TypeOf } from './schema';
import { COMPLAINT_STATUSES, COUNTERSIGN_STATUSES, DECISIONS, EXTENSION_STATUSES, LIGHTS, SUPERVISION_ORDER_STATUSES, TASK_STATUSES } from './statuses';
import { ROLES } from './roles';

const message = text('中文说明，可直接展示或推送');
const light = oneOf(LIGHTS);
const dueDate = nullable(date);

export const materialRef = object({ name: str, copies: optional(int), note: optional(str) });
export const missingMaterial = object({ material: str, reason: str });
/** 受理材料核验: what one item of the project still lacks at intake. */
export const missingIntakeMaterials = object({ itemId: str, itemName: str, departmentId: str, materials: list(str) });

export const MILESTONE_KINDS = ['construction_start', 'completion', 'production_start'] as const;
export const SATISFACTION_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const COMPLAINT_CATEGORIES = ['overdue', 'buck_passing', 'illegal_fees', 'attitude', 'extortion', 'other'] as const;
export const COMPLAINT_FINDINGS = ['substantiated', 'partially_substantiated', 'unsubstantiated'] as const;
export const MEETING_KINDS = ['joint_meeting', 'consultation', 'joint_review'] as const;
export const MEETING_TRIGGERS = ['manual', 'red_task', 'disagreement', 'major_project'] as const;
export const REPLY_OUTCOMES = ['all_approved', 'partially_approved', 'all_rejected', 'withdrawn'] as const;
export const EXTENSION_APPROVERS = ['department_head', 'supervisor'] as const;

/** Every task event says where the task stands after it (a project-written one: version 1). */
const task = { status: oneOf(TASK_STATUSES), version: int };
const complaint = { complaintId: str, status: oneOf(COMPLAINT_STATUSES), category: oneOf(COMPLAINT_CATEGORIES) };
const order = { orderId: str, status: oneOf(SUPERVISION_ORDER_STATUSES) };
const countersign = { countersignId: str, title: str, status: oneOf(COUNTERSIGN_STATUSES) };


const officerRef = object({ id: str, name: str });

export const ABSENCE_KINDS = ['leave', 'training'] as const;

/**
 * Who acted, as history entries keep it (workflows/shared.ts `Actor`, checked against this there):
 * nested in decisions, delegations and extension requests.
 */
export const actor = object({
  role: oneOf(ROLES),
  /** API key id, or 'system' for timers. */
  keyId: str,
  name: optional(str),
  departmentId: optional(str),
  agentId: optional(str),
  /** A deputy acted for the task's department (职位代理). */
  onBehalfOf: optional(str),
  servicePointId: optional(str),
  /** An officer acted through a console session; `name` is then their unit. */
  officerId: optional(str),
  officerName: optional(str),
});

/** 计时暂停: one entry of a task's suspension ledger; dates Asia/Shanghai, both ends excluded from counting. */
export const clockSuspension = object({
  kind: oneOf(['correction', 'excludedTime']),
  from: date,
  /** Last excluded date; null while the applicant has not yet supplied the materials (or the period runs). */
  to: nullable(date),
  reason: str,
  /** The supplement notice or excluded period that opened it. */
  id: optional(str),
  /** Excluded time only (Art. 45): which kind. */
  excludedKind: optional(oneOf(EXCLUDED_KINDS)),
});

/** 审批决定 as the task records it. */
export const decisionRecord = object({
  decision: oneOf(DECISIONS),
  reasons: list(str),
  permitNumber: optional(str),
  conditions: list(str),
  decidedAt: epochMs,
  decidedBy: actor,
});

/** 职位代理: the deputy acting for the department until 24:00 of `until`. */
export const delegationRecord = object({
  delegateId: str,
  delegateName: str,
  until: date,
  reason: str,
  assignedBy: actor,
  assignedAt: epochMs,
  /** Set when the task was routed by an officer's absence (职位代理 AB 角), not delegated by hand. */
  absence: optional(object({ absenceId: str, officerId: str, officerName: str, kind: oneOf(ABSENCE_KINDS) })),
});

/** 延期办结 (行政许可法 Art. 42): requested once by the department, decided by its head or the efficiency office. */
export const deadlineExtension = object({
  id: str,
  status: oneOf(EXTENSION_STATUSES),
  /** Days asked for, in the clock's unit; at most maxDays. */
  days: int,
  maxDays: int,
  reason: str,
  legalBasis: str,
  requestedAt: epochMs,
  requestedBy: actor,
  /** Due dates when requested; after approval the new ones are in statutoryDueDate / promisedDueDate. */
  statutoryDueDateBefore: dueDate,
  promisedDueDateBefore: dueDate,
  decidedAt: optional(epochMs),
  decidedBy: optional(actor),
  decisionNote: optional(str),
  statutoryDueDate: optional(dueDate),
  promisedDueDate: optional(dueDate),
});

const suspension = clockSuspension;
const extension = deadlineExtension;
const delegation = delegationRecord;
const officerAbsence = object({
  absenceId: str,
  officerId: str,
  officerName: str,
  kind: oneOf(ABSENCE_KINDS),
  deputyId: optional(str),
  deputyName: optional(str),
});

export const INTERMEDIARY_RESULTS = ['delivered', 'terminated'] as const;
export const INTERMEDIARY_PERIOD_STATUSES = ['open', 'completed', 'cancelled'] as const;
/** A 中介服务 excluded period names the intermediary it waits for. */
const intermediaryLink = { intermediary: optional(object({ id: str, name: str })), serviceKind: optional(str) };
/** Every intermediary-period event (中介服务, its own clock) says which period and where it stands. */
const intermediaryPeriod = {
  periodId: str,
  intermediaryId: str,
  intermediaryName: str,
  serviceKind: str,
  status: oneOf(INTERMEDIARY_PERIOD_STATUSES),
  light,
};

export const EVENT_PAYLOADS = {
  'project.submitted': object({ code: str, items: list(str) }),
  'project.materials_supplemented': object({ ...task, noticeId: str, materials: list(materialRef), message }),
  /** Intake materials incomplete (Art. 32): the window's one-time notice; not yet accepted. */
  'project.materials_required': object({ missing: list(missingIntakeMaterials), message }),
  'project.intake_materials_received': object({ materials: list(str), missing: list(missingIntakeMaterials), message }),
  'project.accepted': object({ materials: list(str), message }),
  'project.withdrawn': object({ reason: str }),
  /** `version` and `outcome` are the reply's: compileReply numbers it when it writes the event. */
  'project.replied': object({ version: int, outcome: oneOf(REPLY_OUTCOMES) }),
  'project.light_changed': object({ from: light, to: light, cause: object({ taskId: str, status: str, light: str }), message }),
  'task.waiting': object({ ...task, itemId: str, prerequisites: list(str), message }),
  'task.received': object({
    ...task,
    itemId: str,
    parentWorkflowId: optional(str),
    statutoryDueDate: dueDate,
    promisedDueDate: dueDate,
    statutoryDays: int,
    promisedDays: int,
    limitUnit: optional(oneOf(['workingDays', 'naturalDays'])),
    greenChannel: bool,
    /** 即办件 accepted with complete materials at first submission: counts toward 现场办结率. */
    onTheSpot: optional(bool),
  }),
  'task.accepted': object({ ...task, note: optional(str) }),
  'task.deemed_accepted': object({ ...task, deemedFrom: date, windowEndDate: date, legalBasis: str }),
  'task.supplement_requested': object({ ...task, noticeId: str, items: list(missingMaterial), violation: bool, suspension }),
  'task.supplement_received': object({ ...task, materials: list(materialRef), suspension: optional(suspension), statutoryDueDate: dueDate, promisedDueDate: dueDate }),
  'task.decided': object({ ...task, decision: decisionRecord }),
  'task.not_started': object({ ...task, reason: oneOf(['prerequisite_rejected']) }),
  'task.cancelled': object({ ...task, reason: str, cause: oneOf(['project_withdrawn']), started: bool }),
  /** `absence`: routed to the deputy (B 角) because an officer of the department is away (职位代理 AB 角). */
  'task.reassigned': object({ ...task, delegation, absence: optional(officerAbsence), message: optional(str) }),
  /** Nobody of the department is available during an absence: flagged to the department's head. */
  'task.unstaffed': object({ ...task, departmentId: str, absence: officerAbsence, until: date, message }),
  /** The delegation lapsed by its date, or ended early because the officer came back (`endedEarly`). */
  'task.delegation_expired': object({ ...task, delegation, message, endedEarly: optional(bool) }),
  'task.light_changed': object({
    ...task,
    from: light,
    to: light,
    promisedDueDate: optional(dueDate),
    dueAt: optional(epochMs),
    reason: optional(oneOf(['calendar_revised', 'deadline_extended'])),
  }),
  'task.deadline_reprojected': object({
    ...task,
    statutory: optional(nullable(record<object>('法定时限的变化'))),
    promised: optional(nullable(record<object>('承诺时限的变化'))),
    dueDateChanged: bool,
    message,
  }),
  'task.reminder': object({ ...task, departmentId: str, delegateId: optional(str), light, promisedDueDate: dueDate, message }),
  'task.notice_violation': object({ ...task, noticeId: str, noticeCount: int, message }),
  'task.statutory_breached': object({
    ...task,
    departmentId: str,
    statutoryDueDate: date,
    dueAt: epochMs,
    statutoryDays: int,
    workingDaysOver: count,
    extensionLapsed: optional(extension),
  }),
  'task.deadline_extension_requested': object({ ...task, extension, message }),
  'task.deadline_extended': object({
    ...task,
    extension,
    approver: oneOf(EXTENSION_APPROVERS),
    statutoryDueDate: optional(dueDate),
    promisedDueDate: optional(dueDate),
    notice: oneOf(['applicant']),
    message,
  }),
  'task.deadline_extension_refused': object({ ...task, extension, approver: oneOf(EXTENSION_APPROVERS), message }),
  'task.excluded_period_started': object({
    ...task,
    periodId: str,
    kind: oneOf(EXCLUDED_KINDS),
    reason: str,
    plannedDays: int,
    suspension,
    legalBasis: str,
    notice: oneOf(['applicant']),
    ...intermediaryLink,
    message,
  }),
  'task.excluded_period_ended': object({
    ...task,
    periodId: str,
    kind: optional(oneOf(EXCLUDED_KINDS)),
    suspension,
    note: optional(str),
    statutoryDueDate: dueDate,
    promisedDueDate: dueDate,
    notice: oneOf(['applicant']),
    ...intermediaryLink,
    result: optional(oneOf(INTERMEDIARY_RESULTS)),
    rating: optional(int),
    message,
  }),
  'task.green_channel_granted': object({ ...task, reason: str, promisedDays: int, promisedDueDateBefore: dueDate, promisedDueDate: dueDate, message }),
  /** `rule`: granted by the catalogue's rule for the project type, not by the efficiency office. */
  'project.green_channel_granted': object({ reason: str, rule: optional(object({ projectTypeName: str })), message }),
  /** 首问负责: the efficiency office or an admin handed the project to another first-inquiry officer. */
  'project.first_inquiry_reassigned': object({ from: nullable(officerRef), to: officerRef, reason: str, message }),
  'supervision.alerted': object({ ...task, reason: oneOf(['promised_overdue', 'statutory_breached']), departmentId: str, itemId: str, message }),
  'intermediary.period_started': object({ ...intermediaryPeriod, limitDays: int, dueDate: date, yellowDate: date, message }),
  'intermediary.light_changed': object({ ...intermediaryPeriod, from: light, to: light, dueDate: date, message }),
  'intermediary.period_ended': object({ ...intermediaryPeriod, result: oneOf(INTERMEDIARY_RESULTS), rating: int, daysUsed: int, onTime: bool, dueDate: date, message }),
  'intermediary.period_cancelled': object({ ...intermediaryPeriod, reason: str, message }),
  'project.tracking_started': object({ repliedAt: dateTime }),
  'project.tracking_closed': object({ cause: oneOf(['completed', 'supervision']), reason: str }),
  'milestone.recorded': object({ kind: oneOf(MILESTONE_KINDS), plannedDate: date, actualDate: nullable(date), previousPlannedDate: nullable(date), message }),
  'milestone.overdue': object({ kind: oneOf(MILESTONE_KINDS), plannedDate: date, daysOverdue: count, reminder: count, agentId: nullable(str), message }),
  'satisfaction.recorded': object({ rating: oneOf(SATISFACTION_RATINGS), comment: nullable(str), message }),
  'calendar.updated': object({ year: int, official: bool, source: str, holidays: list(date), workdays: list(date), message }),
  'complaint.filed': object({ ...complaint, departmentId: optional(str), message }),
  'complaint.assigned': object({ ...complaint, unitId: str, workingDays: int, dueDate: date, note: nullable(str), message }),
  'complaint.reminded': object({ ...complaint, dueDate: date, message }),
  'complaint.overdue': object({ ...complaint, dueDate: date, explanationDueDate: date, message }),
  'complaint.explanation_overdue': object({ ...complaint, explanationDueDate: date, message }),
  'complaint.explained': object({ ...complaint, late: bool, message }),
  'complaint.escalated': object({ ...complaint, dueDate: date, workingDaysOver: count, explained: bool, message }),
  'complaint.resolved': object({ ...complaint, finding: oneOf(COMPLAINT_FINDINGS), late: bool, workingDaysOver: count, message }),
  'complaint.feedback_recorded': object({ ...complaint, rating: oneOf(SATISFACTION_RATINGS), comment: nullable(str), message }),
  'complaint.marked_for_notice': object({ ...complaint, reason: str, message }),
  'complaint.closed': object({ ...complaint, message }),
  'supervision_order.issued': object({ ...order, directive: str, workingDays: int, dueDate: date, message }),
  'supervision_order.reminded': object({ ...order, dueDate: date, message }),
  'supervision_order.overdue': object({ ...order, dueDate: date, message }),
  'supervision_order.responded': object({ ...order, late: bool, workingDaysOver: count, message }),
  'countersign.started': object({ ...countersign, dueDate: date, departmentIds: list(str), message }),
  'countersign.requested': object({ ...countersign, dueDate: date, draft: str, message }),
  'countersign.signed': object({ ...countersign, opinion: nullable(str), reasons: optional(list(str)), message }),
  'countersign.declined': object({ ...countersign, opinion: nullable(str), reasons: optional(list(str)), message }),
  'countersign.reminded': object({ ...countersign, dueDate: date, message }),
  'countersign.overdue': object({ ...countersign, dueDate: date, message }),
  'countersign.completed': object({ ...countersign, message }),
  'joint_meeting.scheduled': object({ meetingId: str, kind: oneOf(MEETING_KINDS), trigger: oneOf(MEETING_TRIGGERS), meetingDate: date, agenda: str, message }),
  'joint_meeting.confirmed': object({ meetingId: str, meetingDate: date, message }),
  'joint_meeting.minuted': object({ meetingId: str, commitments: list(str), message }),
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export type EventPayloads = { [T in EventType]: TypeOf<(typeof EVENT_PAYLOADS)[T]> };
export type EventPayload<T extends EventType> = EventPayloads[T];

export const isEventType = (v: unknown): v is EventType => typeof v === 'string' && Object.prototype.hasOwnProperty.call(EVENT_PAYLOADS, v);
