/**
 * What the lifecycle workflows send to the read-model activities (activities/lifecycle.ts): the inputs, the task and
 * project patches, and the task patch as table columns. Workflows import these types only.
 */
import { Prisma } from '../lib/db/client';
import type { CatalogueItem } from '../domain/routing';
import type { ExcludedKind } from '../domain/excluded-time';
import type { ClockUnit } from '../domain/clock';
import type { ProjectWorkflowInput, ProjectStatus } from '../workflows/project/contracts';
import type { ClockRunState, DeadlineExtension, DecisionRecord, Light, SupplementNotice, TaskStatus } from '../workflows/task/contracts';
import type { MaterialRef } from '../workflows/shared';
import type { MissingMaterials } from '../domain/intake-materials';
import type { EventInput } from './events';

export interface RoutingContext {
  catalogue: CatalogueItem[];
  /** Absent in histories recorded before catalogues were versioned. */
  catalogueVersion?: number;
  /** Absent in histories recorded before YELLOW_RATIO reached task clocks. */
  yellowPercent?: number;
}

export interface RegisterProjectInput {
  workflowId: string;
  input: ProjectWorkflowInput;
  items: CatalogueItem[];
  /** From loadRoutingContext; absent in older histories. */
  catalogueVersion?: number;
  submittedAt: number;
  event: EventInput;
  /** Materials incomplete (受理材料核验): the project is registered not yet accepted, with the window's notice. */
  awaiting?: { missing: MissingMaterials[]; notice: EventInput };
  /** Written in the same transaction, e.g. the catalogue rule's green-channel grant. */
  related?: EventInput[];
  /**
   * The first wave's receipts (收件), written with the registration (`receipts-at-registration`): those
   * task rows are created received, so the intake answer needs no second write after the tasks start.
   */
  receipts?: RecordReceiptsInput['receipts'];
}

/** The first wave's receipts (收件), each task's row and `task.received` as the task itself would write them. */
export interface RecordReceiptsInput {
  projectId: string;
  receipts: { taskId: string; patch: TaskPatch; event: EventInput<'task.received'> }[];
}

/** A task patch as task columns; absent fields stay as they are. */
export function taskPatchData(patch: TaskPatch) {
  return {
    status: patch.status,
    light: patch.light,
    version: patch.version,
    receivedAt: toDate(patch.receivedAt),
    acceptedAt: toDate(patch.acceptedAt),
    deemedAccepted: patch.deemedAccepted,
    noticeCount: patch.noticeCount,
    notice: patch.notice as object | undefined,
    assignee: patch.assignee === null ? Prisma.DbNull : (patch.assignee as object | undefined),
    statutoryDueDate: patch.statutoryDueDate,
    promisedDueDate: patch.promisedDueDate,
    provisional: patch.provisional,
    greenChannel: patch.greenChannel,
    clock: patch.clock as object | undefined,
    ...(patch.decision
      ? {
          decision: patch.decision.decision,
          decidedAt: new Date(patch.decision.decidedAt),
          decisionDetail: {
            reasons: patch.decision.reasons,
            permitNumber: patch.decision.permitNumber ?? null,
            conditions: patch.decision.conditions,
            decidedBy: patch.decision.decidedBy,
          } as object,
        }
      : {}),
  };
}

export interface TaskPatch {
  status?: TaskStatus;
  light?: Light;
  version: number;
  receivedAt?: number;
  acceptedAt?: number;
  deemedAccepted?: boolean;
  decision?: DecisionRecord;
  noticeCount?: number;
  /** The latest 一次性告知 notice (every notice is also in the event log). */
  notice?: SupplementNotice;
  /** null clears the delegate (the delegation lapsed); undefined leaves it. */
  assignee?: Record<string, unknown> | null;
  /** null while the clock is paused (the due date is not yet known). */
  statutoryDueDate?: string | null;
  promisedDueDate?: string | null;
  provisional?: boolean;
  clock?: TaskClockRecord;
  /** Set when the green channel is granted after intake (queue priority). */
  greenChannel?: true;
}

/** Task.clock Json; with the due-date columns it forms the OpenAPI `ClockState`. */
export interface TaskClockRecord {
  state: ClockRunState;
  startDate: string;
  /** `kind` is set on excluded periods (Art. 45): hearing, expert_review, … */
  suspensions: { from: string; to: string | null; reason: string; kind?: ExcludedKind }[];
  /** Chinese, one step per line. */
  explanation: string[];
  /** Unit of the days below and of the task's limits; absent in records written before units existed. */
  unit?: ClockUnit;
  workingDaysUsed: number;
  /** Against the promised deadline; negative once overdue. */
  workingDaysRemaining: number | null;
  /** 延期办结 request and outcome (mapped to the API task's `deadlineExtension`); absent when never requested. */
  extension?: DeadlineExtension;
}

export interface RecordTaskInput {
  taskId: string;
  patch: TaskPatch;
  event: EventInput;
  related?: EventInput[];
  supplement?: { projectId: string; materials: MaterialRef[]; submittedAt: number };
}

export interface ProjectPatch {
  status?: ProjectStatus;
  light?: Light;
  withdrawnAt?: number;
  /** Granted by the efficiency office (绿色通道): the project and all its tasks move up the queues. */
  greenChannel?: true;
  /** Materials completed (受理): the acceptance instant; null clears what was missing. */
  acceptedAt?: number;
  missingMaterials?: MissingMaterials[] | null;
}

export interface RecordProjectInput {
  projectId: string;
  patch: ProjectPatch;
  event: EventInput;
  materials?: { materials: MaterialRef[]; submittedAt: number };
}

export const toDate = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
