/**
 * A task action sent again (api/routes/task-actions.ts actOnTask): a client whose answer was lost
 * repeats its request with the same If-Match. The read model is then one version ahead — because the
 * first request went through, or because its read-model write stayed while Temporal aborted the
 * update with the workflow task a killed worker never completed (the fault run found such a task,
 * accepted in the read model and received in its workflow). The repeat goes to the workflow under the
 * request's own update id: it answers with the first outcome and writes nothing twice. A different
 * request on the old version is still refused.
 */
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const submission = {
  applicant: { name: '县重发测试食品有限公司', uscc: '91330100MA2XXXXX08', contact: { name: '吴二', phone: '0571-88882222' } },
  project: { name: '中央厨房改扩建项目', type: 'warehouse', location: '县经济开发区', investmentWan: 800 },
  materials: [{ name: '项目备案申请表', copies: 1 }],
  firstInquiryStaff: '吴窗口',
};

interface ApiTask {
  id: string;
  departmentId: string;
  status: string;
  version: number;
}

describe('a task action sent again with the same If-Match', () => {
  const t = useTestSystem();

  test('when a department repeats its acceptance, then the repeat answers 200 with the task as accepted, and the task has one acceptance event; a decision on the old version is still 412', async () => {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: submission,
      headers: { 'Idempotency-Key': `retry-${Date.now().toString(36)}` },
    });
    expect(submitted.status).toBe(201);
    const listed = await eventually(
      () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${submitted.body.code}`, { key: t.sys.key('supervisor') }),
      (r) => r.body.items.some((x: ApiTask) => x.status === 'received'),
      '任务已推送',
    );
    const task: ApiTask = listed.body.items.find((x: ApiTask) => x.status === 'received');
    const key = t.sys.key('department', task.departmentId);
    const accept = () =>
      t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: { note: '材料齐全' }, headers: { 'If-Match': `"${task.version}"` } });

    const first = await accept();
    expect([first.status, first.body.status, first.body.version]).toEqual([200, 'accepted', task.version + 1]);
    const again = await accept();
    expect([again.status, again.body.status, again.body.version]).toEqual([200, 'accepted', task.version + 1]);

    const events = await t.call('listEvents', 'GET', '/api/v1/events?limit=500', { key });
    const accepted = events.body.events.filter((e: { type: string; taskId: string }) => e.type === 'task.accepted' && e.taskId === task.id);
    expect(accepted).toHaveLength(1);

    // Another request on the version before: the workflow's own check refuses it.
    const stale = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
      key,
      body: { decision: 'approved', permitNumber: 'CF-2026-0001' },
      headers: { 'If-Match': `"${task.version}"` },
    });
    expect([stale.status, stale.body.detail]).toEqual([412, expect.stringContaining('任务版本已变化')]);
    // Two behind is refused by the read model, as before.
    const older = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
      key,
      body: { decision: 'approved', permitNumber: 'CF-2026-0001' },
      headers: { 'If-Match': `"${task.version - 1}"` },
    });
    expect(older.status).toBe(412);
  });
});
