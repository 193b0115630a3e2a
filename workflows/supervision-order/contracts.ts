/**
 * Contract of the supervision-order workflow (督办; one per order, id `supervision-order-<orderId>`).
 * Supervision directs a department to act on one approval task within N working days: 催办 at the
 * yellow point, at the deadline an overdue event and an accountability record against the
 * department, completed when the department responds (late responses settle the lateness).
 * The gateway imports this module and the workflow *type* only.
 */
import { queryDef, updateDef } from '../define';
import type { Actor } from '../shared';

import type { SupervisionOrderStatus } from '../../domain/vocabulary';
export type { SupervisionOrderStatus };

export interface SupervisionOrderInput {
  orderId: string;
  taskId: string;
  projectId: string;
  departmentId: string;
  /** Chinese description of the task for messages, e.g. 某项目（XM-2026-000001）“施工许可”. */
  subject: string;
  directive: string;
  workingDays: number;
  issuedBy: Actor;
  /** Share of the time after which the department is reminded (integer 1–99). */
  yellowPercent: number;
}

export interface SupervisionOrderState {
  orderId: string;
  status: SupervisionOrderStatus;
  issuedAt: number;
  dueDate?: string;
  dueAt?: number;
  reminderDate?: string;
  remindAt?: number;
  remindedAt?: number;
  overdueAt?: number;
  response?: { text: string; late: boolean; workingDaysOver: number; respondedAt: number; respondedBy: Actor };
}

export interface RespondOrderInput {
  actor: Actor;
  response: string;
}

/** Resolves once the order is in the read model, so the caller reads its own write. */
export const orderIssuedUpdate = updateDef<SupervisionOrderState, []>('orderIssued');
/** Resolves once the response is in the read model. */
export const respondOrderUpdate = updateDef<SupervisionOrderState, [RespondOrderInput]>('respondOrder');
export const orderStateQuery = queryDef<SupervisionOrderState>('supervisionOrderState');

export function supervisionOrderWorkflowId(orderId: string): string {
  return `supervision-order-${orderId}`;
}
