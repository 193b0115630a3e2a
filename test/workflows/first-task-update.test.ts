/*
 * An acceptance that reaches a task with its first workflow task (a department quick on a task whose
 * receipt the project already wrote; in the chaos run, the start's task retried after a worker kill)
 * runs its write while the arrival's routing read (职位代理) is still out. Two local activities at once
 * resolved on replay in marker order, not in the order they finished: the replay put the alarm's
 * timer before the acceptance's completion and failed (TMPRL1100), so every later workflow task of
 * the task failed. Since `patches-at-start` the read runs in turn with the writes.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { useTimeSkippingWorker, quietRuntime } from '../support/temporal';
import { item, mockLifecycle, standaloneTask } from '../support/mock-activities';
import type { approvalTaskWorkflow } from '../../workflows';
import type { YearSchedule } from '../../domain/clock';
import type { Actor } from '../../workflows/shared';
import { workflowInterceptorModules, workflowsPath } from '../../worker/worker';
import { acceptTaskUpdate, taskWorkflowId } from '../../workflows/task/contracts';

const QUEUE = 'first-task-update';
const dept: Actor = { role: 'department', keyId: 'key-ZJJ', departmentId: 'ZJJ' };
const plainYear = (year: number): YearSchedule => ({ year, source: 'official', reference: '测试日历：只有周末休息', holidays: [], makeupWorkdays: [] });

describe('an acceptance that arrives with the task’s first workflow task', () => {
  const acts = mockLifecycle([item('ZJJ-01', 'ZJJ')]);
  // The routing read finishes after the acceptance's write, as in the chaos run.
  acts.routeTask.mockImplementation(() => new Promise((resolve) => setTimeout(() => resolve(null), 500)));
  const h = useTimeSkippingWorker(QUEUE, acts);

  test('when the department accepts in the workflow task that starts the task, then its history replays', async () => {
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear();
    const taskId = 'XM-FIRST-1.ZJJ-01';
    const input = standaloneTask(taskId, { id: 'p-first', code: 'XM-FIRST-1' }, {
      calendar: [plainYear(year), plainYear(year + 1), plainYear(year + 2)],
      receiptRecorded: true,
      quietParent: true,
    });
    // Update-with-start delivers the acceptance in the same workflow task as the start.
    const start = new WithStartWorkflowOperation<typeof approvalTaskWorkflow>('approvalTaskWorkflow', {
      taskQueue: QUEUE,
      workflowId: taskWorkflowId(taskId),
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    });
    const accepted = await h.env.client.workflow.executeUpdateWithStart(acceptTaskUpdate, { args: [{ expectedVersion: 1, actor: dept }], startWorkflowOperation: start });
    expect(accepted.status).toBe('accepted');
    const handle = await start.workflowHandle();
    await h.settled(handle);
    const history = await handle.fetchHistory();
    quietRuntime();
    await expect(Worker.runReplayHistory({ workflowsPath, interceptors: { workflowModules: workflowInterceptorModules } }, history, handle.workflowId)).resolves.toBeUndefined();
    await handle.terminate('测试结束');
  });
});
