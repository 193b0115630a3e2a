/**
 * Contract of the follow-up tracking workflow (跟踪问效; one per replied project, id
 * `tracking-<projectCode>`). The gateway imports this module and the workflow *type* only.
 *
 * Milestone rules (checked by the recordMilestone validator, in this order):
 *  1. An actual date may not lie in the future (Asia/Shanghai): `invalid_input` (400).
 *  2. A new or changed planned date of a milestone that has not happened may not be before today
 *     (a plan looks forward; the past is recorded as an actual date): `invalid_input`.
 *  3. Actual dates follow the order 开工 → 竣工 → 投产: every earlier milestone needs its actual
 *     date first, no earlier than it, and a later recorded actual date may not be overtaken by a
 *     correction: `milestone_out_of_order` (409).
 *  4. A new or changed planned date may not be before the nearest earlier recorded milestone
 *     (its actual date, or its planned date while it is pending): `milestone_out_of_order`.
 *     Recording an actual date is never refused because a later milestone's plan has slipped;
 *     that plan simply falls overdue and is chased.
 * Omitting the actual date keeps one already recorded; a resubmission that changes nothing is
 * answered without a new event (the PUT is idempotent).
 */
import type { MILESTONE_KINDS, SATISFACTION_RATINGS } from '../../domain/vocabulary';
import type { IsoDate } from '../../domain/clock';
import { queryDef, updateDef } from '../define';
import type { Actor } from '../shared';

export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export const MILESTONE_ORDER: readonly MilestoneKind[] = ['construction_start', 'completion', 'production_start'];
export const MILESTONE_LABEL: Record<MilestoneKind, string> = { construction_start: '开工', completion: '竣工', production_start: '投产' };

export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];
export const SATISFACTION_LABEL: Record<SatisfactionRating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** Weekly 催办 while a planned date stays missed, at most this many times per planned date. */
export const MAX_OVERDUE_REMINDERS = 8;
export const OVERDUE_REPEAT_DAYS = 7;
/** Handled updates and timers per run before continuing as new (Temporal may suggest it earlier). */
export const DEFAULT_HISTORY_BUDGET = 500;

export interface MilestoneState {
  kind: MilestoneKind;
  plannedDate: IsoDate;
  actualDate?: IsoDate;
  recordedAt: number;
  recordedBy: Actor;
  /** Overdue reminders already sent for the current planned date; re-planning resets it. */
  remindersSent: number;
}

export interface SatisfactionState {
  rating: SatisfactionRating;
  comment?: string;
  recordedAt: number;
  recordedBy: Actor;
}

import type { TrackingStatus } from '../../domain/vocabulary';
export type { TrackingStatus };

export interface TrackingClosure {
  cause: 'completed' | 'supervision';
  closedAt: number;
  actor: Actor;
  reason: string;
}

export interface TrackingState {
  projectId: string;
  code: string;
  status: TrackingStatus;
  repliedAt: number;
  milestones: MilestoneState[];
  satisfaction?: SatisfactionState;
  closure?: TrackingClosure;
  /** Runs of the workflow so far (1 + continue-as-new count). */
  run: number;
}

export interface TrackingWorkflowInput {
  projectId: string;
  code: string;
  agentId?: string;
  repliedAt: number;
  /** Carried over by continue-as-new; absent on the first run. */
  state?: TrackingState;
  /** Overrides DEFAULT_HISTORY_BUDGET (tests force continue-as-new with a small one). */
  historyBudget?: number;
}

export interface RecordMilestoneInput {
  actor: Actor;
  kind: MilestoneKind;
  plannedDate: IsoDate;
  actualDate?: IsoDate;
}

export interface RecordSatisfactionInput {
  actor: Actor;
  rating: SatisfactionRating;
  comment?: string;
}

export interface CloseTrackingInput {
  actor: Actor;
  reason: string;
}

/** Each resolves once the read model holds the change, so the caller reads its own write. */
export const recordMilestoneUpdate = updateDef<TrackingState, [RecordMilestoneInput]>('recordMilestone');
export const recordSatisfactionUpdate = updateDef<TrackingState, [RecordSatisfactionInput]>('recordSatisfaction');
/** Supervision (效能办) ends tracking early. */
export const closeTrackingUpdate = updateDef<TrackingState, [CloseTrackingInput]>('closeTracking');
export const trackingStateQuery = queryDef<TrackingState>('trackingState');

export function trackingWorkflowId(code: string): string {
  return `tracking-${code}`;
}
