import { getExternalWorkflowHandle, sleep } from '@temporalio/workflow';
import { lifecycle } from '../proxies';
import { visibility } from '../visibility';
import { absenceRoutedSignal, taskWorkflowId } from '../task/contracts';
import type { OfficerAbsenceInput, OfficerAbsenceOutcome } from './contracts';

/**
 * 职位代理 AB 角: when an officer's absence begins, every task the department has in hand is told
 * where it goes (the deputy, or nobody available). Tasks already concluded or gone ignore it; a
 * task that closed meanwhile makes the signal fail, which is expected and skipped.
 */
export async function officerAbsenceWorkflow(input: OfficerAbsenceInput): Promise<OfficerAbsenceOutcome> {
  // An operator finds a department's absences (Kind = 'absence') in the Temporal UI or CLI.
  visibility('absence', { department: input.departmentId });
  const wait = input.startsAt - Date.now();
  if (wait > 0) await sleep(wait);
  const start = await lifecycle.absenceStarted({ absenceId: input.absenceId, at: Date.now() });
  if (!start) return { signalled: 0 };
  for (const taskId of start.taskIds) {
    await getExternalWorkflowHandle(taskWorkflowId(taskId)).signal(absenceRoutedSignal, start.routing).catch(() => undefined);
  }
  return { signalled: start.taskIds.length };
}
