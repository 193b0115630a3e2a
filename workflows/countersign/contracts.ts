/**
 * Contract of the countersign workflow (会签; one per countersign, id `countersign-<countersignId>`).
 * The lead department (牵头部门) of a project drafts a joint opinion and names the departments that
 * must sign it within N working days: 催办 to those still pending at the yellow point, an overdue
 * event for each at the deadline; it completes when every named department has signed. A
 * department may decline with reasons and sign later; a signature is final.
 * The gateway imports this module and the workflow *type* only.
 */
import { queryDef, updateDef } from '../define';
import type { Actor } from '../shared';

import type { CountersignStatus, SignatureStatus } from '../../domain/vocabulary';
export type { CountersignStatus, SignatureStatus };

export interface CountersignInput {
  countersignId: string;
  projectId: string;
  /** Chinese description for messages, e.g. 某项目（XM-2026-000001）. */
  subject: string;
  leadDepartmentId: string;
  departmentIds: string[];
  title: string;
  draft: string;
  workingDays: number;
  startedBy: Actor;
  /** Share of the time after which pending departments are reminded (integer 1–99). */
  yellowPercent: number;
}

export interface SignatureState {
  departmentId: string;
  status: SignatureStatus;
  opinion?: string;
  reasons: string[];
  declines: number;
  actedAt?: number;
  actedBy?: Actor;
}

export interface CountersignState {
  countersignId: string;
  status: CountersignStatus;
  startedAt: number;
  dueDate?: string;
  dueAt?: number;
  reminderDate?: string;
  remindAt?: number;
  remindedAt?: number;
  overdueAt?: number;
  completedAt?: number;
  signatures: SignatureState[];
}

export interface SignCountersignInput {
  actor: Actor;
  departmentId: string;
  decision: 'sign' | 'decline';
  opinion?: string;
  reasons?: string[];
}

/** Resolves once the countersign is in the read model, so the caller reads its own write. */
export const countersignStartedUpdate = updateDef<CountersignState, []>('countersignStarted');
/** Resolves once the signature (or decline) is in the read model. */
export const signCountersignUpdate = updateDef<CountersignState, [SignCountersignInput]>('signCountersign');
export const countersignStateQuery = queryDef<CountersignState>('countersignState');

export function countersignWorkflowId(countersignId: string): string {
  return `countersign-${countersignId}`;
}
