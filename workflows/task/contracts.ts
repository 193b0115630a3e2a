/**
 * Contract of the approval-task workflow (one per department task, id `task-<taskId>`).
 * The gateway imports this module and the workflow *type* only.
 */
import type { ClockUnit, YearSchedule } from '../../domain/clock';
import type { ExcludedKind } from '../../domain/excluded-time';
import { queryDef, signalDef, updateDef } from '../define';
import type { Actor, MaterialRef } from '../shared';
import type { IntermediaryOutcome, IntermediaryRef } from '../intermediary/contracts';

import type { Decision, ExtensionStatus, Light, TaskStatus } from '../../domain/vocabulary';
export type { Decision, ExtensionStatus, Light, TaskStatus };
import type { EXTENSION_APPROVERS, TypeOf, clockSuspension, deadlineExtension, decisionRecord, delegationRecord, missingMaterial } from '../../domain/vocabulary';

export type MissingMaterial = TypeOf<typeof missingMaterial>;

export interface SupplementNotice {
  noticeId: string;
  issuedAt: number;
  issuedBy: Actor;
  items: MissingMaterial[];
  note?: string;
  /** A second notice on one task breaks 一次性告知; recorded for supervision. */
  violation: boolean;
  resolvedAt?: number;
  materials?: MaterialRef[];
}

/** 审批决定, 职位代理: typed once in domain/vocabulary (the event payloads carry them as they are). */
export type DecisionRecord = TypeOf<typeof decisionRecord>;
export type Delegation = TypeOf<typeof delegationRecord>;

export type AbsenceKind = 'leave' | 'training';

/**
 * Where a department's task goes while one of its officers (A 角) is away: to the deputy (B 角),
 * or further along the AB chain when the deputy is away too; no `deputy` means nobody of the
 * department is available, and the task is flagged to the department's head.
 */
export interface AbsenceRouting {
  absenceId: string;
  kind: AbsenceKind;
  officerId: string;
  officerName: string;
  /** The absence's last day (YYYY-MM-DD): the delegation ends at 24:00 and the task returns. */
  until: string;
  deputy?: { id: string; name: string };
}

export interface TaskWorkflowInput {
  taskId: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  itemId: string;
  itemName: string;
  departmentId: string;
  statutoryDays: number;
  promisedDays: number;
  /**
   * Unit of both limits, from the catalogue item (法律依据写“日” → naturalDays). Optional so
   * workflows started before it existed replay unchanged: absent = working days.
   */
  limitUnit?: ClockUnit;
  greenChannel: boolean;
  /** 即办件 of a project accepted on the spot (受理材料核验): counts toward 现场办结率; absent otherwise. */
  onTheSpot?: true;
  /** Schedules of every year the clock may touch (official where published, provisional otherwise). */
  calendar: YearSchedule[];
  /** Share of the promised working time after which the light turns yellow (integer 1–99). */
  yellowPercent: number;
  /**
   * Receipt instant when it predates the workflow (tests, replays, migrated tasks); never later
   * than the workflow start. Alarms that fell due in between fire at once, in legal order.
   */
  receivedAt?: number;
  /**
   * The project wrote this task's receipt in registerProject, from this same input and `receivedAt`
   * (first wave, since the project's `lean-intake` patch): the task does not record it again.
   */
  receiptRecorded?: true;
  /**
   * Tell the project only of light changes: it learns the conclusion from the task's result, and no
   * other change moves its light or its intake answer (since the project's `lean-intake` patch).
   */
  quietParent?: true;
}

/** not_started is the read model's state for tasks whose workflow has not begun. */
export type ClockRunState = 'running' | 'suspended' | 'stopped';

/** One entry of the suspension ledger (domain/vocabulary `clockSuspension`). */
export type ClockSuspension = TypeOf<typeof clockSuspension>;

export interface TaskClock {
  state: ClockRunState;
  /** Receipt date: not counted, counting starts the next day. */
  startDate: string;
  statutoryDays: number;
  promisedDays: number;
  /** Unit of statutoryDays and promisedDays. */
  unit: ClockUnit;
  /** null while an open suspension froze the clock before the deadline was reached. */
  statutoryDueDate: string | null;
  promisedDueDate: string | null;
  /** Yellow from 24:00 of this date; null while paused. */
  yellowDate: string | null;
  /** Last day of the running deemed-acceptance window (行政许可法 Art. 32); null once it cannot apply. */
  deemedAcceptanceDate: string | null;
  /** A due date depends on a provisional year and may move when the official schedule is published. */
  provisional: boolean;
  suspensions: ClockSuspension[];
  statutoryBreachedAt?: number;
}

/** 延期办结 (行政许可法 Art. 42), typed in domain/vocabulary (`deadlineExtension`). */
export type DeadlineExtension = TypeOf<typeof deadlineExtension>;

export interface TaskState {
  taskId: string;
  status: TaskStatus;
  version: number;
  light: Light;
  receivedAt?: number;
  acceptedAt?: number;
  deemedAccepted: boolean;
  notices: SupplementNotice[];
  decision?: DecisionRecord;
  delegation?: Delegation;
  /** Absent on tasks that never asked for one (and on workflows older than the feature). */
  extension?: DeadlineExtension;
  /** The open intermediary period (中介服务), if any; its excluded period has the same id. */
  intermediary?: OpenIntermediaryPeriod;
  clock: TaskClock;
}

export interface OpenIntermediaryPeriod {
  periodId: string;
  intermediaryId: string;
  intermediaryName: string;
  serviceKind: string;
  limitDays: number;
}

export interface TaskOutcome {
  taskId: string;
  itemId: string;
  status: 'decided' | 'cancelled';
  decision?: DecisionRecord;
}

interface Guarded {
  /** The task version the caller saw (ETag); a stale version is refused. */
  expectedVersion: number;
  actor: Actor;
}

export interface AcceptInput extends Guarded {
  note?: string;
}
export interface RequestSupplementInput extends Guarded {
  items: MissingMaterial[];
  note?: string;
}
export interface SupplyMaterialsInput {
  actor: Actor;
  materials: MaterialRef[];
}
export interface DecideInput extends Guarded {
  decision: Decision;
  reasons: string[];
  permitNumber?: string;
  conditions?: string[];
}
export interface ReassignInput extends Guarded {
  delegateId: string;
  delegateName: string;
  until: string;
  reason: string;
}

export interface RequestDeadlineExtensionInput extends Guarded {
  days: number;
  reason: string;
}
/** Who may decide: the department's head (负责人, Art. 42) or the efficiency office; checked by the gateway, recorded here. */
export type ExtensionApprover = (typeof EXTENSION_APPROVERS)[number];
export interface DecideDeadlineExtensionInput extends Guarded {
  approve: boolean;
  note?: string;
  approver: ExtensionApprover;
}

export interface StartExcludedPeriodInput extends Guarded {
  kind: ExcludedKind;
  /** Why, and what is done (written into the notice to the applicant). */
  reason: string;
  /** Planned length in the clock's unit, told to the applicant (Art. 45: 所需时间书面告知申请人). */
  plannedDays: number;
}
export interface EndExcludedPeriodInput extends Guarded {
  note?: string;
}

/** An intermediary from the catalogue starts work: a 中介服务 excluded period plus the intermediary's own clock. */
export interface StartIntermediaryPeriodInput extends Guarded {
  intermediary: IntermediaryRef;
  serviceKind: string;
  /** The intermediary's promised limit (working days), from the catalogue. */
  limitDays: number;
  reason: string;
  yellowPercent: number;
}
/** The intermediary's result and the department's rating end the period (and the excluded time). */
export interface RecordIntermediaryResultInput extends Guarded, Omit<IntermediaryOutcome, 'actor'> {}

export const acceptTaskUpdate = updateDef<TaskState, [AcceptInput]>('acceptTask');
export const requestSupplementUpdate = updateDef<TaskState, [RequestSupplementInput]>('requestSupplement');
export const supplyMaterialsUpdate = updateDef<TaskState, [SupplyMaterialsInput]>('supplyMaterials');
export const decideTaskUpdate = updateDef<TaskState, [DecideInput]>('decideTask');
export const reassignTaskUpdate = updateDef<TaskState, [ReassignInput]>('reassignTask');
export const requestDeadlineExtensionUpdate = updateDef<TaskState, [RequestDeadlineExtensionInput]>('requestDeadlineExtension');
export const startExcludedPeriodUpdate = updateDef<TaskState, [StartExcludedPeriodInput]>('startExcludedPeriod');
export const endExcludedPeriodUpdate = updateDef<TaskState, [EndExcludedPeriodInput]>('endExcludedPeriod');
export const startIntermediaryPeriodUpdate = updateDef<TaskState, [StartIntermediaryPeriodInput]>('startIntermediaryPeriod');
export const recordIntermediaryResultUpdate = updateDef<TaskState, [RecordIntermediaryResultInput]>('recordIntermediaryResult');
export const decideDeadlineExtensionUpdate = updateDef<TaskState, [DecideDeadlineExtensionInput]>('decideDeadlineExtension');

/** From the project workflow when the applicant withdraws; no answer needed. */
export const cancelTaskSignal = signalDef<[{ actor: Actor; reason: string }]>('cancelTask');

/** A year's schedule was published or corrected: replaces that year and re-projects open deadlines. */
export const calendarUpdatedSignal = signalDef<[{ schedule: YearSchedule }]>('calendarUpdated');

/**
 * From the project workflow when the efficiency office grants the green channel: the promised limit
 * becomes the item's green-channel limit (when shorter). No answer needed; a concluded task ignores it.
 */
export const greenChannelSignal = signalDef<[{ greenChannelDays: number | null; reason: string; actor: Actor }]>('greenChannel');

/** From officerAbsenceWorkflow when an absence begins: the task moves to the deputy (or is flagged). */
export const absenceRoutedSignal = signalDef<[AbsenceRouting]>('absenceRouted');
/**
 * From officerAbsenceWorkflow when the officer comes back early (shortenOfficerAbsence): a task this
 * absence delegated returns at once when `until` (the new last day away) is already past, otherwise
 * its delegation now ends at 24:00 of `until`.
 */
export interface AbsenceEnded {
  absenceId: string;
  until: string;
}
export const absenceEndedSignal = signalDef<[AbsenceEnded]>('absenceEnded');

export const taskStateQuery = queryDef<TaskState>('taskState');

export function taskWorkflowId(taskId: string): string {
  return `task-${taskId}`;
}
