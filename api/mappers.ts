/** Read-model rows → the contract's shapes (openapi/openapi.yaml). */
import type { components } from './generated/openapi';
import { actorLabel } from '../lib/actors';
import type { Actor } from '../workflows/shared';
import type { DeadlineExtension, Delegation, SupplementNotice } from '../workflows/task/contracts';

type Schemas = components['schemas'];
export type ApiProject = Schemas['Project'];
export type ApiTask = Schemas['Task'];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** Who acted (unit and 经办人), and for whom when a deputy acted during a delegation (职位代理). */
export interface TaskRow {
  id: string;
  projectId: string;
  itemId: string;
  departmentId: string;
  status: string;
  light: string;
  greenChannel: boolean;
  receivedAt: Date | null;
  acceptedAt: Date | null;
  deemedAccepted: boolean;
  decidedAt: Date | null;
  decision: string | null;
  decisionDetail: unknown;
  statutoryDueDate: string | null;
  promisedDueDate: string | null;
  provisional: boolean;
  clock: unknown;
  assignee: unknown;
  notice: unknown;
  version: number;
  updatedAt: Date;
  project: { code: string; name: string; nationalCode: string | null };
  item: { name: string; prerequisites: unknown; limitUnit: string };
}

export function toApiTask(t: TaskRow): ApiTask {
  const detail = (t.decisionDetail ?? {}) as { reasons?: string[]; permitNumber?: string | null; conditions?: string[]; decidedBy?: Actor };
  const delegation = t.assignee as (Delegation & { assignedAt: number }) | null;
  const notice = t.notice as SupplementNotice | null;
  const clock = (t.clock ?? null) as Partial<ApiTask['clock']> | null;
  return {
    id: t.id,
    projectId: t.projectId,
    projectCode: t.project.code,
    projectNationalCode: t.project.nationalCode,
    projectName: t.project.name,
    itemId: t.itemId,
    itemName: t.item.name,
    departmentId: t.departmentId,
    status: t.status as ApiTask['status'],
    light: t.light as ApiTask['light'],
    greenChannel: t.greenChannel,
    prerequisites: (t.item.prerequisites as string[]) ?? [],
    receivedAt: iso(t.receivedAt),
    acceptedAt: iso(t.acceptedAt),
    deemedAccepted: t.deemedAccepted,
    decision:
      t.decision && t.decidedAt
        ? {
            decision: t.decision as Schemas['Decision'],
            reasons: detail.reasons ?? [],
            permitNumber: detail.permitNumber ?? null,
            conditions: detail.conditions ?? [],
            decidedBy: actorLabel(detail.decidedBy),
            decidedAt: t.decidedAt.toISOString(),
          }
        : null,
    clock: {
      // Every task workflow writes its clock with its first record; without one the task never started.
      state: clock?.state ?? 'not_started',
      // Clocks written before units existed were working-day clocks; a task not started yet will count in its item's unit.
      unit: clock?.unit ?? (clock ? 'workingDays' : (t.item.limitUnit as ApiTask['clock']['unit'])),
      startDate: clock?.startDate ?? null,
      statutoryDueDate: t.statutoryDueDate,
      promisedDueDate: t.promisedDueDate,
      provisional: t.provisional,
      workingDaysUsed: clock?.workingDaysUsed ?? 0,
      workingDaysRemaining: clock?.workingDaysRemaining ?? null,
      suspensions: clock?.suspensions ?? [],
      explanation: clock?.explanation ?? [],
    },
    assignee: delegation
      ? {
          delegateId: delegation.delegateId,
          delegateName: delegation.delegateName,
          until: delegation.until,
          reason: delegation.reason,
          assignedBy: actorLabel(delegation.assignedBy),
          assignedAt: new Date(delegation.assignedAt).toISOString(),
          ...(delegation.absence ? { absence: { ...delegation.absence } } : {}),
        }
      : null,
    supplementNotice: notice
      ? {
          id: notice.noticeId,
          items: notice.items,
          note: notice.note ?? null,
          issuedAt: new Date(notice.issuedAt).toISOString(),
          issuedBy: actorLabel(notice.issuedBy),
          fulfilledAt: notice.resolvedAt ? new Date(notice.resolvedAt).toISOString() : null,
        }
      : null,
    deadlineExtension: extensionOf((t.clock as { extension?: DeadlineExtension } | null)?.extension),
    version: t.version,
    updatedAt: t.updatedAt.toISOString(),
  };
}

function extensionOf(x: DeadlineExtension | undefined): ApiTask['deadlineExtension'] {
  if (!x) return null;
  return {
    id: x.id,
    status: x.status,
    days: x.days,
    maxDays: x.maxDays,
    reason: x.reason,
    legalBasis: x.legalBasis,
    requestedAt: new Date(x.requestedAt).toISOString(),
    requestedBy: actorLabel(x.requestedBy),
    statutoryDueDateBefore: x.statutoryDueDateBefore,
    promisedDueDateBefore: x.promisedDueDateBefore,
    decidedAt: x.decidedAt === undefined ? null : new Date(x.decidedAt).toISOString(),
    decidedBy: x.decidedBy ? actorLabel(x.decidedBy) : null,
    decisionNote: x.decisionNote ?? null,
    statutoryDueDate: x.statutoryDueDate ?? null,
    promisedDueDate: x.promisedDueDate ?? null,
  };
}

export interface ProjectRow {
  id: string;
  code: string;
  name: string;
  type: string;
  location: string;
  investmentWan: { toNumber(): number } | number;
  applicantName: string;
  applicantUscc: string;
  applicantContact: unknown;
  greenChannel: boolean;
  firstInquiryStaff: string;
  firstInquiryOfficerId?: string | null;
  agentId: string | null;
  servicePointId: string | null;
  status: string;
  light: string;
  materials: unknown;
  submittedAt: Date;
  repliedAt: Date | null;
  withdrawnAt: Date | null;
  version: number;
  updatedAt: Date;
  leadDepartmentId: string | null;
  catalogueVersion: number | null;
  nationalCode: string | null;
  acceptedAt?: Date | null;
  missingMaterials?: unknown;
  leadDepartment?: { name: string } | null;
}

/** Include clause that loads what toApiProject needs beyond the row (the lead department's name). */
export const projectInclude = { leadDepartment: { select: { name: true } } } as const;

/** Everything but the live forecast, which needs the catalogue and calendar (api/project-view.ts). */
/** 首问负责 as read beside the row (api/project-view.ts): the officer's current name. */
export interface FirstInquiryView {
  officerName: string | null;
  post: Schemas['FirstInquiryPostRef'] | null;
}

export function toApiProject(p: ProjectRow, tasks: TaskRow[], firstInquiry: FirstInquiryView = { officerName: null, post: null }): Omit<ApiProject, 'forecast'> {
  return {
    id: p.id,
    leadDepartmentId: p.leadDepartmentId,
    leadDepartmentName: p.leadDepartment?.name ?? null,
    catalogueVersion: p.catalogueVersion,
    nationalProjectCode: p.nationalCode,
    code: p.code,
    name: p.name,
    type: p.type,
    location: p.location,
    investmentWan: typeof p.investmentWan === 'number' ? p.investmentWan : p.investmentWan.toNumber(),
    greenChannel: p.greenChannel,
    applicant: { name: p.applicantName, uscc: p.applicantUscc, contact: p.applicantContact as Schemas['Contact'] },
    // The officer's current name wins over the one written at intake (a renamed account stays one person).
    firstInquiryStaff: firstInquiry.officerName ?? p.firstInquiryStaff,
    firstInquiryOfficerId: p.firstInquiryOfficerId ?? null,
    firstInquiryOfficerName: firstInquiry.officerName,
    firstInquiryPost: firstInquiry.post,
    agentId: p.agentId,
    servicePointId: p.servicePointId,
    status: p.status as ApiProject['status'],
    light: p.light as ApiProject['light'],
    materials: p.materials as Schemas['Material'][],
    submittedAt: p.submittedAt.toISOString(),
    // Projects taken in before the materials check were accepted at intake.
    acceptedAt: p.status === 'awaiting_materials' ? null : (p.acceptedAt ?? p.submittedAt).toISOString(),
    missingMaterials: p.status === 'awaiting_materials' ? ((p.missingMaterials ?? []) as Schemas['IntakeMissingMaterials'][]) : [],
    repliedAt: iso(p.repliedAt),
    withdrawnAt: iso(p.withdrawnAt),
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
    tasks: tasks.map(toApiTask),
  };
}

/** Include clause that loads what toApiTask needs. */
export const taskInclude = {
  project: { select: { code: true, name: true, nationalCode: true } },
  item: { select: { name: true, prerequisites: true, limitUnit: true } },
} as const;
