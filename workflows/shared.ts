/** Types shared by every workflow contract (and therefore by the API). Plain data only. */

import type { actor, materialRef, TypeOf } from '../domain/vocabulary';

export type { Role } from '../domain/vocabulary';

/**
 * Who did something; kept in every history entry (who acted for whom, too). Typed once in
 * domain/vocabulary (`actor`), so the contract's nested actors and this type cannot drift.
 */
export type Actor = TypeOf<typeof actor>;

export const SYSTEM_ACTOR: Actor = { role: 'system', keyId: 'system', name: '系统' };

/**
 * Reasons an update is refused by its validator. The gateway maps every one of them to a
 * stable problem type: `version_mismatch` → 412, everything else → 409.
 */
export type RejectionReason =
  | 'version_mismatch'
  | 'illegal_transition'
  | 'supplement_already_requested'
  | 'already_decided'
  | 'project_closed'
  | 'project_withdrawn'
  | 'not_waiting_for_materials'
  | 'unknown_task'
  | 'invalid_input'
  | 'already_rated'
  | 'milestone_out_of_order'
  | 'already_explained'
  | 'already_marked_for_notice'
  | 'complaint_closed'
  | 'already_responded'
  | 'extension_already_requested'
  | 'extension_not_allowed'
  | 'extension_not_pending'
  | 'deadline_passed'
  | 'excluded_period_open'
  | 'no_excluded_period'
  | 'already_granted'
  | 'already_signed'
  | 'intermediary_period_open'
  | 'no_intermediary_period';

/** ApplicationFailure type used by validators; details[0] is a RejectionDetails. */
export const REJECTION_FAILURE_TYPE = 'UpdateRejected';

export interface RejectionDetails {
  reason: RejectionReason;
  /** Chinese message for staff. */
  message: string;
  currentVersion?: number;
}

export type MaterialRef = TypeOf<typeof materialRef>;
