/**
 * One request id from the gateway into workflow and activity logs (issue #16): the id a client
 * sends as X-Request-Id with submitProject shows in the log lines of the activities the project
 * workflow and its task workflows (children) run for that request; a later request on one task —
 * acceptance — shows its own id in the activities its update runs. The worker's log lines are captured from the SDK runtime's logger, the same lines the
 * production worker writes as JSON through pino (lib/temporal/telemetry.ts).
 */
import { randomBytes } from 'node:crypto';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { projectWorkflowId } from '../../workflows/project/contracts';
import { taskWorkflowId } from '../../workflows/task/contracts';
import { eventually, untilPasses } from '../support/eventually';
import { useTestSystem } from '../support/system';

// Installed before the test system starts (its quietRuntime() then keeps this one).
const lines: LogEntry[] = [];
Runtime.install({ logger: new DefaultLogger('DEBUG', (entry) => lines.push(entry)) });

const submission = {
  applicant: { name: '县请求追踪物流有限公司', uscc: '91330100MA2XXXXX08', contact: { name: '周一', phone: '0571-88881111' } },
  project: { name: '冷链物流仓储中心', type: 'warehouse', location: '县物流园区', investmentWan: 600 },
  materials: [{ name: '项目备案申请表', copies: 1 }],
  firstInquiryStaff: '周窗口',
};

/** Log lines of finished activities of `workflowId`: [activity type, request id]. */
const activityLines = (workflowId: string): [string, unknown][] =>
  lines.filter((l) => l.message === 'Activity completed' && l.meta?.workflowId === workflowId).map((l) => [String(l.meta?.activityType), l.meta?.requestId]);

describe('request id from the gateway into workflow and activity logs', () => {
  const t = useTestSystem();

  test('when a client sends X-Request-Id with submitProject and then accepts a task, then each request id shows in the activity log lines it caused', async () => {
    const submitId = `it-submit-${randomBytes(4).toString('hex')}`;
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: submission,
      headers: { 'Idempotency-Key': `rid-${submitId}`, 'X-Request-Id': submitId },
    });
    expect([submitted.status, submitted.headers.get('x-request-id')]).toEqual([201, submitId]);
    const code: string = submitted.body.code;

    // The project workflow's own activities and those of the task workflows it starts carry the id.
    const listed = await eventually(
      () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}`, { key: t.sys.key('supervisor') }),
      (r) => r.body.items.some((x: { status: string }) => x.status === 'received'),
      '任务已推送',
    );
    // Dependants wait for their prerequisites (no workflow yet); the first wave is 'received'.
    const received = (listed.body.items as { id: string; departmentId: string; status: string; version: number }[]).find((x) => x.status === 'received')!;
    await untilPasses(async () => {
      const project = activityLines(projectWorkflowId(code));
      expect(project.length).toBeGreaterThan(0);
      expect(project.filter(([, id]) => id !== submitId)).toEqual([]);
      const task = activityLines(taskWorkflowId(received.id));
      expect(task.length).toBeGreaterThan(0);
      expect(task.filter(([, id]) => id !== submitId)).toEqual([]);
    }, 200);

    // A later request on one task: the activities its update runs carry the new id.
    const acceptId = `it-accept-${randomBytes(4).toString('hex')}`;
    const before = lines.length;
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${received.id}/acceptance`, {
      key: t.sys.key('department', received.departmentId),
      body: {},
      headers: { 'If-Match': `"${received.version}"`, 'X-Request-Id': acceptId },
    });
    expect(accepted.status).toBe(200);
    await untilPasses(async () => {
      const after = lines.slice(before).filter((l) => l.message === 'Activity completed');
      const byWorkflow = (id: string) => after.filter((l) => l.meta?.workflowId === id).map((l) => l.meta?.requestId);
      expect(byWorkflow(taskWorkflowId(received.id))).toContain(acceptId);
    }, 200);
  });

  test('when a client sends a request id that is not a plain token, then the gateway replaces it and nothing of it reaches the logs', async () => {
    const forged = 'x\n{"level":50}';
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: submission,
      headers: { 'Idempotency-Key': `rid-forged-${randomBytes(4).toString('hex')}`, 'X-Request-Id': encodeURIComponent(forged) + '%' },
    });
    expect(submitted.status).toBe(201);
    const given = submitted.headers.get('x-request-id')!;
    expect(given).toMatch(/^[0-9a-f-]{36}$/);
    await untilPasses(async () => {
      const project = activityLines(projectWorkflowId(submitted.body.code));
      expect(project.length).toBeGreaterThan(0);
      expect(project.filter(([, id]) => id !== given)).toEqual([]);
    }, 200);
  });
});
