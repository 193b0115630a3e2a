/** YELLOW_RATIO reaches the task clocks (it used to stop at complaints and 督办): 0.5 → yellow at half the promised time. */
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';
import { APPLICANT, PROJECT } from '../support/scenario';

describe('YELLOW_RATIO on task clocks', () => {
  const t = useTestSystem({ YELLOW_RATIO: '0.5' });

  test('when YELLOW_RATIO is 0.5, then a task with 2 promised working days turns yellow after its first counted day', async () => {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      headers: { 'Idempotency-Key': 'yellow-ratio-1' },
      body: { applicant: APPLICANT, project: PROJECT, materials: [{ name: '项目申请报告' }], firstInquiryStaff: '李窗口' },
    });
    expect(submitted.status).toBe(201);
    // FGW-01 (demo catalogue): promised 2 working days; 50 % → m = 1.
    const task = await eventually(
      () => t.call('getTask', 'GET', `/api/v1/tasks/${submitted.body.id}.FGW-01`, { key: t.sys.key('department', 'FGW') }).then((r) => r.body),
      (b) => b.clock?.state === 'running',
      'FGW-01 开始计时',
    );
    const explanation = task.clock.explanation.join('\n');
    expect(explanation).toContain('承诺时限预警比例50%');
    expect(explanation).not.toContain('承诺时限预警比例80%');
  });
});
