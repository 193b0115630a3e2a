/**
 * The vertical slice over real HTTP, a real Temporal dev server and a real database: the window
 * submits a project, every department concerned gets its task at once, they accept and decide
 * through the API, and the window reads one consolidated reply.
 */
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const submission = {
  applicant: APPLICANT,
  project: { name: '年产 10 万件精密零部件项目', type: 'warehouse', location: '城东工业园 3 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  agentId: 'AG-01',
};

describe('vertical slice over HTTP', () => {
  const t = useTestSystem();

  test('when the window submits and both departments approve, then one consolidated reply is readable', async () => {
    const window = t.sys.key('window');
    // A warehouse under 1000 万元 needs 备案 (FGW) and 用地预审 (GTJ) first, then 规划 (GJJ ×2) and 消防设计审查 (ZJJ) in a chain.
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: window,
      body: submission,
      headers: { 'Idempotency-Key': 'slice-0001' },
    });
    expect(submitted.status).toBe(201);
    const project = submitted.body;
    expect(project.code).toMatch(/^XM-\d{4}-\d{6}$/);
    const firstWave = project.tasks.filter((t: { status: string }) => t.status === 'received').map((t: { itemId: string }) => t.itemId);
    expect(firstWave.sort()).toEqual(['FGW-01', 'GTJ-01']);

    const again = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: window,
      body: submission,
      headers: { 'Idempotency-Key': 'slice-0001' },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.code).toBe(project.code);

    // Wave by wave: dependants reach their department only after their prerequisites are approved.
    for (const wave of [['FGW-01', 'GTJ-01'], ['GJJ-01'], ['GJJ-02'], ['ZJJ-01']]) {
      for (const itemId of wave) {
        const dept = itemId.slice(0, 3);
        const key = t.sys.key('department', dept);
        const queue = await eventually(
          () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${project.code}&status=received`, { key }),
          (r) => r.body.items.some((t: { itemId: string }) => t.itemId === itemId),
          `${itemId} 推送到 ${dept}`,
        );
        const task = queue.body.items.find((t: { itemId: string }) => t.itemId === itemId);
        const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, {
          key,
          body: {},
          headers: { 'If-Match': `"${task.version}"` },
        });
        expect(accepted.status).toBe(200);
        const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
          key,
          body: { decision: 'approved', permitNumber: `${dept}-2026-001` },
          headers: { 'If-Match': accepted.headers.get('etag')! },
        });
        expect(decided.status).toBe(200);
        expect(decided.body.status).toBe('decided');
      }
    }

    // The reply is compiled by the workflow after the last decision.
    const reply = await eventually(
      () => t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${project.code}/reply`, { key: window }),
      (r) => r.status === 200,
      '集中回复生成',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.outcome).toBe('all_approved');
    expect(reply.body.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual(['FGW-01', 'GJJ-01', 'GJJ-02', 'GTJ-01', 'ZJJ-01']);
  });
});
