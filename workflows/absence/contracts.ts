import { signalDef } from '../define';

/**
 * Contract of the officer-absence workflow (职位代理 AB 角; one per absence, id `absence-<absenceId>`).
 * It waits for the absence's first day, then moves the department's tasks in hand to the deputy.
 * New tasks route themselves when they arrive; delegations end by each task's own timer, or early
 * when the officer comes back (absenceChangedSignal, sent by shortenOfficerAbsence).
 * The gateway imports this module and the workflow *type* only.
 */
export interface OfficerAbsenceInput {
  absenceId: string;
  departmentId: string;
  /** 00:00 (Asia/Shanghai) of the absence's first day. */
  startsAt: number;
}

export interface OfficerAbsenceOutcome {
  /** Tasks told of the absence (each decides for itself whether it moves). */
  signalled: number;
}

export function officerAbsenceWorkflowId(absenceId: string): string {
  return `absence-${absenceId}`;
}

/** The absence as stored after shortenOfficerAbsence: its new last day, or withdrawn before it began. */
export interface AbsenceChange {
  to: string;
  cancelled: boolean;
}
export const absenceChangedSignal = signalDef<[AbsenceChange]>('absenceChanged');
