/**
 * Read-model activities of efficiency supervision (效能监察): complaints, supervision orders (督办)
 * and the accountability records their ladders write. Same idempotency rule as the lifecycle: the
 * workflow chooses the event id, a write whose event already exists is a no-op, and an
 * accountability record takes the id of the event that established it.
 */
import type { YearSchedule } from '../domain/clock';
import { loadSchedules } from '../lib/calendar';
import type { Db } from '../lib/db/client';
import type { Actor } from '../workflows/shared';
import type { Complainant, ComplaintCategory, ComplaintStatus } from '../workflows/complaint/contracts';
import type { SupervisionOrderStatus } from '../workflows/supervision-order/contracts';
import { eventExists, eventRow, type EventInput } from './events';

export interface SupervisionDeps {
  db: Db;
}

export type AccountabilityKind =
  | 'statutory_breach'
  | 'deemed_acceptance'
  | 'notice_violation'
  | 'complaint_overdue'
  | 'complaint_escalated'
  | 'supervision_order_overdue'
  | 'countersign_overdue';

export interface AccountabilityInput {
  departmentId: string;
  kind: AccountabilityKind;
  taskId?: string;
  projectId?: string;
  complaintId?: string;
  supervisionOrderId?: string;
  /** The missed deadline; lateness is counted in working days after it. */
  dueDate?: string;
  daysOver: number;
  /** False while the object is open and the lateness still grows. */
  settled: boolean;
  /** Chinese, one line. */
  detail: string;
}

/** Fixes the lateness of the object's open records when it concludes. */
export interface Settlement {
  daysOver: number;
  at: number;
}

export interface ComplaintFiling {
  departmentId: string;
  projectId?: string;
  taskId?: string;
  category: ComplaintCategory;
  description: string;
  complainant: Complainant;
  filedBy: Actor;
  filedAt: number;
  workflowId: string;
}

/** Json columns hold epoch instants as numbers and actors as Actor objects (see api/supervision-mappers.ts). */
export interface ComplaintPatch {
  status?: ComplaintStatus;
  unitId?: string;
  workingDays?: number;
  assignedAt?: number;
  dueDate?: string;
  reminderDate?: string;
  explanationDueDate?: string;
  escalationDate?: string;
  provisional?: boolean;
  overdueAt?: number;
  escalatedAt?: number;
  explanation?: object;
  resolution?: object;
  feedback?: object;
  notice?: object;
  closedAt?: number;
}

export interface ComplaintWrite {
  complaintId: string;
  /** Only with the complaint.filed event: the row to create. */
  filing?: ComplaintFiling;
  patch?: ComplaintPatch;
  event: EventInput;
  related?: EventInput[];
  accountability?: AccountabilityInput;
  settle?: Settlement;
}

export interface OrderIssue {
  taskId: string;
  projectId: string;
  departmentId: string;
  directive: string;
  workingDays: number;
  issuedAt: number;
  issuedBy: Actor;
  dueDate: string;
  reminderDate: string;
  provisional: boolean;
  workflowId: string;
}

export interface OrderPatch {
  status?: SupervisionOrderStatus;
  overdueAt?: number;
  response?: object;
}

export interface OrderWrite {
  orderId: string;
  issue?: OrderIssue;
  patch?: OrderPatch;
  event: EventInput;
  related?: EventInput[];
  accountability?: AccountabilityInput;
  settle?: Settlement;
}

const toDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function createSupervisionActivities({ db }: SupervisionDeps) {
  /** The record goes after its event in the transaction: it references the event row. */
  function accountabilityOf(event: EventInput, a: AccountabilityInput | undefined) {
    if (!a) return [];
    return [
      db.accountabilityRecord.create({
        data: {
          id: event.id,
          departmentId: a.departmentId,
          kind: a.kind,
          taskId: a.taskId ?? null,
          projectId: a.projectId ?? null,
          complaintId: a.complaintId ?? null,
          supervisionOrderId: a.supervisionOrderId ?? null,
          dueDate: a.dueDate ?? null,
          daysOver: a.daysOver,
          settledAt: a.settled ? new Date(event.occurredAt) : null,
          occurredAt: new Date(event.occurredAt),
          detail: a.detail,
        },
      }),
    ];
  }

  const events = (event: EventInput, related: EventInput[] = []) => [event, ...related].map((e) => db.event.create({ data: eventRow(e) }));

  return {
    /** Calendars reach the supervision workflows as data, like the task clock's (lib/calendar.ts). */
    loadSupervisionCalendar({ years }: { years: number[] }): Promise<YearSchedule[]> {
      return loadSchedules(db, years);
    },

    async recordComplaint({ complaintId, filing, patch = {}, event, related, accountability, settle }: ComplaintWrite): Promise<void> {
      if (await eventExists(db, event.id)) return;
      const data = {
        status: patch.status,
        unitId: patch.unitId,
        workingDays: patch.workingDays,
        assignedAt: toDate(patch.assignedAt),
        dueDate: patch.dueDate,
        reminderDate: patch.reminderDate,
        explanationDueDate: patch.explanationDueDate,
        escalationDate: patch.escalationDate,
        provisional: patch.provisional,
        overdueAt: toDate(patch.overdueAt),
        escalatedAt: toDate(patch.escalatedAt),
        explanation: patch.explanation,
        resolution: patch.resolution,
        feedback: patch.feedback,
        notice: patch.notice,
        closedAt: toDate(patch.closedAt),
      };
      const row = filing
        ? db.complaint.create({
            data: {
              id: complaintId,
              departmentId: filing.departmentId,
              projectId: filing.projectId ?? null,
              taskId: filing.taskId ?? null,
              category: filing.category,
              description: filing.description,
              complainant: filing.complainant as unknown as object,
              filedBy: filing.filedBy as unknown as object,
              filedByKeyId: filing.filedBy.keyId,
              filedByAgentId: filing.filedBy.role === 'agent' ? (filing.filedBy.agentId ?? null) : null,
              filedAt: new Date(filing.filedAt),
              workflowId: filing.workflowId,
              ...data,
              status: patch.status ?? 'filed',
            },
          })
        : db.complaint.update({ where: { id: complaintId }, data });
      await db.$transaction([
        row,
        ...events(event, related),
        ...accountabilityOf(event, accountability),
        ...(settle
          ? [db.accountabilityRecord.updateMany({ where: { complaintId, settledAt: null }, data: { daysOver: settle.daysOver, settledAt: new Date(settle.at) } })]
          : []),
      ]);
    },

    async recordSupervisionOrder({ orderId, issue, patch = {}, event, related, accountability, settle }: OrderWrite): Promise<void> {
      if (await eventExists(db, event.id)) return;
      const data = { status: patch.status, overdueAt: toDate(patch.overdueAt), response: patch.response };
      const row = issue
        ? db.supervisionOrder.create({
            data: {
              id: orderId,
              taskId: issue.taskId,
              projectId: issue.projectId,
              departmentId: issue.departmentId,
              directive: issue.directive,
              workingDays: issue.workingDays,
              issuedAt: new Date(issue.issuedAt),
              issuedBy: issue.issuedBy as unknown as object,
              dueDate: issue.dueDate,
              reminderDate: issue.reminderDate,
              provisional: issue.provisional,
              workflowId: issue.workflowId,
              ...data,
              status: patch.status ?? 'open',
            },
          })
        : db.supervisionOrder.update({ where: { id: orderId }, data });
      await db.$transaction([
        row,
        ...events(event, related),
        ...accountabilityOf(event, accountability),
        ...(settle
          ? [
              db.accountabilityRecord.updateMany({
                where: { supervisionOrderId: orderId, settledAt: null },
                data: { daysOver: settle.daysOver, settledAt: new Date(settle.at) },
              }),
            ]
          : []),
      ]);
    },
  };
}

export type SupervisionActivities = ReturnType<typeof createSupervisionActivities>;
