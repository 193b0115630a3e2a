import { condition, getExternalWorkflowHandle, patched, setHandler, sleep } from '@temporalio/workflow';
import { shanghaiEndOfDay } from '../../domain/clock';
import { lifecycle } from '../proxies';
import { visibility } from '../visibility';
import { absenceEndedSignal, absenceRoutedSignal, taskWorkflowId } from '../task/contracts';
import { absenceChangedSignal, type AbsenceChange, type OfficerAbsenceInput, type OfficerAbsenceOutcome } from './contracts';

/**
 * Runs started before it (test/histories/officer-absence.pre-early-return.json) end once the tasks
 * are told; with it the run lives to 24:00 of the last day so an early return can reach the tasks.
 */
export const ABSENCE_EARLY_RETURN_PATCH = 'absence-early-return';

/** A task that closed meanwhile makes the signal fail, which is expected and skipped. */
async function tell<T>(taskIds: string[], send: (taskId: string) => Promise<T>): Promise<number> {
  for (const taskId of taskIds) await send(taskId).catch(() => undefined);
  return taskIds.length;
}

/**
 * 职位代理 AB 角: when an officer's absence begins, every task the department has in hand is told
 * where it goes (the deputy, or nobody available). Tasks already concluded or gone ignore it.
 * When the officer comes back early, the department's tasks are told the new last day; those this
 * absence delegated return at once (last day already past) or keep the deputy until then.
 */
export async function officerAbsenceWorkflow(input: OfficerAbsenceInput): Promise<OfficerAbsenceOutcome> {
  // An operator finds a department's absences (Kind = 'absence') in the Temporal UI or CLI.
  visibility('absence', { department: input.departmentId });
  let latest: AbsenceChange | undefined;
  let changes = 0;
  setHandler(absenceChangedSignal, (change) => {
    latest = change;
    changes++;
  });
  const live = patched(ABSENCE_EARLY_RETURN_PATCH);
  const wait = input.startsAt - Date.now();
  if (!live) {
    if (wait > 0) await sleep(wait);
  } else {
    // Withdrawn before its first day: nothing was ever routed, nothing to tell.
    if (wait > 0) await condition(() => latest?.cancelled === true, wait);
    if (latest?.cancelled && Date.now() < input.startsAt) return { signalled: 0 };
  }
  // A change that lands while the start is read is told again below (telling twice is harmless).
  let handled = changes;
  const start = await lifecycle.absenceStarted({ absenceId: input.absenceId, at: Date.now() });
  let signalled = start
    ? await tell(start.taskIds, (id) => getExternalWorkflowHandle(taskWorkflowId(id)).signal(absenceRoutedSignal, start.routing))
    : 0;
  if (!live) return { signalled };
  // Without a start (already over or withdrawn) only a change received in this run is left to tell.
  if (!start) handled = 0;

  let until = start?.routing.until;
  for (;;) {
    if (changes !== handled && latest) {
      handled = changes;
      const end = { absenceId: input.absenceId, until: latest.to };
      const taskIds = await lifecycle.departmentTasksInHand({ departmentId: input.departmentId });
      signalled += await tell(taskIds, (id) => getExternalWorkflowHandle(taskWorkflowId(id)).signal(absenceEndedSignal, end));
      until = latest.to;
      continue;
    }
    if (until === undefined || Date.now() >= shanghaiEndOfDay(until)) return { signalled };
    const seen = handled;
    await condition(() => changes !== seen, shanghaiEndOfDay(until) - Date.now());
  }
}
