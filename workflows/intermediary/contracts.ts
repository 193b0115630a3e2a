/**
 * Contract of the intermediary-period workflow (中介服务; one per period, id `intermediary-<periodId>`).
 * An intermediary from the catalogue (e.g. the firm writing an 环评 report) works for the applicant
 * while the task's 中介服务 excluded period stops the task clock; this workflow runs the
 * intermediary's own clock on its promised service limit (working days, same light rules as tasks:
 * yellow at YELLOW_RATIO of the limit, red at the deadline) until the result is recorded.
 * Started and ended by the approval-task workflow (workflows/task/intermediary.ts), which owns the
 * excluded period; the gateway imports this module and the workflow *type* only.
 */
import { queryDef, signalDef, updateDef } from '../define';
import type { Actor } from '../shared';

export type IntermediaryPeriodStatus = 'open' | 'completed' | 'cancelled';
export type IntermediaryLight = 'green' | 'yellow' | 'red';
/** delivered: the intermediary's result (report, drawing, test) was delivered; terminated: the work stopped without it. */
export type IntermediaryResult = 'delivered' | 'terminated';

/** The catalogue entry as it was when the period started. */
export interface IntermediaryRef {
  id: string;
  name: string;
  uscc: string;
}

export interface IntermediaryPeriodInput {
  periodId: string;
  taskId: string;
  projectId: string;
  departmentId: string;
  /** `项目名（代码）“事项名”`, for messages. */
  subject: string;
  intermediary: IntermediaryRef;
  serviceKind: string;
  reason: string;
  /** The intermediary's promised service limit (working days). */
  limitDays: number;
  startedBy: Actor;
  /** Share of the limit after which the light turns yellow (integer 1–99), as for tasks. */
  yellowPercent: number;
}

export interface IntermediaryOutcome {
  result: IntermediaryResult;
  note?: string;
  /** 1–5 by the department (中介机构效能评价). */
  rating: number;
  ratingComment?: string;
  actor: Actor;
}

export interface IntermediaryPeriodState {
  periodId: string;
  status: IntermediaryPeriodStatus;
  light: IntermediaryLight;
  startedAt: number;
  dueDate?: string;
  dueAt?: number;
  yellowDate?: string;
  yellowAt?: number;
  endedAt?: number;
  daysUsed?: number;
  onTime?: boolean;
}

/** From the task workflow: the result was recorded (or the task was withdrawn: `cancelled`). */
export const intermediaryEndSignal = signalDef<[IntermediaryOutcome | { cancelled: true; actor: Actor; reason: string }]>('intermediaryEnd');
/** Resolves once the period is in the read model, so the caller reads its own write. */
export const intermediaryStartedUpdate = updateDef<IntermediaryPeriodState, []>('intermediaryStarted');
/** Resolves once the end (result or cancellation) is in the read model. */
export const intermediaryEndedUpdate = updateDef<IntermediaryPeriodState, []>('intermediaryEnded');
export const intermediaryStateQuery = queryDef<IntermediaryPeriodState>('intermediaryState');

export function intermediaryWorkflowId(periodId: string): string {
  return `intermediary-${periodId}`;
}
