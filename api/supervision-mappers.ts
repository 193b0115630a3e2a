/** Read-model rows of efficiency supervision → the contract's shapes (openapi/openapi.yaml, tag supervision). */
import type { components } from './generated/openapi';
import { actorLabel } from '../lib/actors';
import { COMPLAINT_CATEGORY_LABEL, type ComplaintCategory, type ComplaintState } from '../workflows/complaint/contracts';
import type { SupervisionOrderState } from '../workflows/supervision-order/contracts';
import type { AccountabilityKind } from '../activities/supervision';
import { ACCOUNTABILITY_KIND_LABEL } from '../lib/accountability';

type Schemas = components['schemas'];
export type ApiComplaint = Schemas['Complaint'];
export type ApiSupervisionOrder = Schemas['SupervisionOrder'];
export type ApiAccountabilityRecord = Schemas['AccountabilityRecord'];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const at = (ms: number) => new Date(ms).toISOString();
/** Department id → display name (short name), for every mapper below. */
export type DepartmentNames = ReadonlyMap<string, string>;

export interface ComplaintRow {
  id: string;
  departmentId: string;
  unitId: string | null;
  projectId: string | null;
  taskId: string | null;
  category: string;
  description: string;
  complainant: unknown;
  filedBy: unknown;
  filedAt: Date;
  status: string;
  workingDays: number | null;
  assignedAt: Date | null;
  dueDate: string | null;
  reminderDate: string | null;
  explanationDueDate: string | null;
  escalationDate: string | null;
  provisional: boolean;
  overdueAt: Date | null;
  escalatedAt: Date | null;
  explanation: unknown;
  resolution: unknown;
  feedback: unknown;
  notice: unknown;
  closedAt: Date | null;
  updatedAt: Date;
}

/** The complainant's contact is the one field withheld from everyone but supervisors and admins. */
export function toApiComplaint(c: ComplaintRow, names: DepartmentNames, showContact: boolean): ApiComplaint {
  const explanation = c.explanation as ComplaintState['explanation'] | null;
  const resolution = c.resolution as ComplaintState['resolution'] | null;
  const feedback = c.feedback as ComplaintState['feedback'] | null;
  const notice = c.notice as ComplaintState['notice'] | null;
  return {
    id: c.id,
    departmentId: c.departmentId,
    departmentName: names.get(c.departmentId) ?? c.departmentId,
    unitId: c.unitId,
    unitName: c.unitId ? (names.get(c.unitId) ?? c.unitId) : null,
    projectId: c.projectId,
    taskId: c.taskId,
    category: c.category as ComplaintCategory,
    categoryLabel: COMPLAINT_CATEGORY_LABEL[c.category as ComplaintCategory] ?? c.category,
    description: c.description,
    ...(showContact ? { complainant: c.complainant as Schemas['Complainant'] } : {}),
    filedBy: actorLabel(c.filedBy),
    filedAt: c.filedAt.toISOString(),
    status: c.status as Schemas['ComplaintStatus'],
    workingDays: c.workingDays,
    assignedAt: iso(c.assignedAt),
    dueDate: c.dueDate,
    reminderDate: c.reminderDate,
    explanationDueDate: c.explanationDueDate,
    escalationDate: c.escalationDate,
    provisional: c.provisional,
    overdueAt: iso(c.overdueAt),
    escalatedAt: iso(c.escalatedAt),
    explanation: explanation
      ? { text: explanation.text, late: explanation.late, explainedAt: at(explanation.explainedAt), explainedBy: actorLabel(explanation.explainedBy) }
      : null,
    resolution: resolution
      ? {
          finding: resolution.finding,
          detail: resolution.detail,
          action: resolution.action,
          late: resolution.late,
          workingDaysOver: resolution.workingDaysOver,
          resolvedAt: at(resolution.resolvedAt),
          resolvedBy: actorLabel(resolution.resolvedBy),
        }
      : null,
    feedback: feedback
      ? { rating: feedback.rating, comment: feedback.comment ?? null, recordedAt: at(feedback.recordedAt), recordedBy: actorLabel(feedback.recordedBy) }
      : null,
    notice: notice ? { reason: notice.reason, markedAt: at(notice.markedAt), markedBy: actorLabel(notice.markedBy) } : null,
    closedAt: iso(c.closedAt),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export interface SupervisionOrderRow {
  id: string;
  taskId: string;
  projectId: string;
  departmentId: string;
  directive: string;
  workingDays: number;
  issuedAt: Date;
  issuedBy: unknown;
  dueDate: string;
  reminderDate: string;
  provisional: boolean;
  status: string;
  overdueAt: Date | null;
  response: unknown;
  updatedAt: Date;
}

export function toApiSupervisionOrder(o: SupervisionOrderRow): ApiSupervisionOrder {
  const response = o.response as SupervisionOrderState['response'] | null;
  return {
    id: o.id,
    taskId: o.taskId,
    projectId: o.projectId,
    departmentId: o.departmentId,
    directive: o.directive,
    workingDays: o.workingDays,
    issuedAt: o.issuedAt.toISOString(),
    issuedBy: actorLabel(o.issuedBy),
    dueDate: o.dueDate,
    reminderDate: o.reminderDate,
    provisional: o.provisional,
    status: o.status as Schemas['SupervisionOrderStatus'],
    overdueAt: iso(o.overdueAt),
    response: response
      ? { text: response.text, late: response.late, workingDaysOver: response.workingDaysOver, respondedAt: at(response.respondedAt), respondedBy: actorLabel(response.respondedBy) }
      : null,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export interface AccountabilityRow {
  id: string;
  departmentId: string;
  kind: string;
  taskId: string | null;
  projectId: string | null;
  complaintId: string | null;
  supervisionOrderId: string | null;
  dueDate: string | null;
  daysOver: number;
  settledAt: Date | null;
  occurredAt: Date;
  detail: string;
}

/** `daysOver` is passed in: for open records it is computed at read time (lib/accountability.ts). */
export function toApiAccountabilityRecord(r: AccountabilityRow, names: DepartmentNames, daysOver: number): ApiAccountabilityRecord {
  const kind = r.kind as AccountabilityKind;
  return {
    id: r.id,
    departmentId: r.departmentId,
    departmentName: names.get(r.departmentId) ?? r.departmentId,
    kind,
    kindLabel: ACCOUNTABILITY_KIND_LABEL[kind] ?? r.kind,
    taskId: r.taskId,
    projectId: r.projectId,
    complaintId: r.complaintId,
    supervisionOrderId: r.supervisionOrderId,
    dueDate: r.dueDate,
    daysOver,
    settled: r.settledAt !== null,
    occurredAt: r.occurredAt.toISOString(),
    detail: r.detail,
  };
}
