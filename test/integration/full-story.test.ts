/**
 * The gateway's whole story over real HTTP, every response validated against the contract:
 * the window submits with an Idempotency-Key, two departments pull their queues, one issues the
 * one complete supplement notice, the window supplies the materials, both decide, the agent
 * reads the timeline, the window reads the consolidated reply, and supervision's statistics
 * count what happened from the event log.
 */
import { shanghaiDateOf } from '../../domain/clock';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

interface ApiTask {
  id: string;
  itemId: string;
  status: string;
  version: number;
}

// A warehouse under 1000 万元 on the seed catalogue: 备案 (FGW) and 用地预审 (GTJ) come first.
const submission = {
  applicant: { name: '闽东冷链物流有限公司', uscc: '91350100M000100Y43', contact: { name: '林经理', phone: '13900000000' } },
  project: { name: '冷链仓储中心项目', type: 'warehouse', location: '城南物流园', investmentWan: 600 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '陈窗口',
  agentId: 'AG-02',
};

describe('the full story over HTTP', () => {
  const t = useTestSystem();

  test('when two departments review in parallel with one supplement, then the agent sees the timeline and the window one reply', async () => {
    const window = t.sys.key('window');
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', { key: window, body: submission, headers: { 'Idempotency-Key': 'story-0000001' } });
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;

    // Each department pulls its own queue and finds its first-wave task there at once (转告相关).
    const pull = async (dept: string): Promise<ApiTask> => {
      const queue = await t.call('listTasks', 'GET', `/api/v1/tasks?status=received&projectId=${code}`, { key: t.sys.key('department', dept) });
      expect(queue.status).toBe(200);
      expect(queue.body.items).toHaveLength(1);
      return queue.body.items[0];
    };
    const fgw = await pull('FGW');
    const gtj = await pull('GTJ');

    // GTJ lists everything missing at once (一次性告知); the clock stops.
    const notice = await t.call('requestSupplement', 'POST', `/api/v1/tasks/${gtj.id}/supplement-notice`, {
      key: t.sys.key('department', 'GTJ'),
      body: { items: [{ material: '土地利用总体规划图', reason: '缺少盖章版本' }, { material: '项目位置图', reason: '比例尺不符合要求' }] },
      headers: { 'If-Match': `"${gtj.version}"` },
    });
    expect([notice.status, notice.body.status, notice.body.clock.state]).toEqual([200, 'supplement_requested', 'suspended']);

    const supplied = await t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, {
      key: window,
      body: { taskId: gtj.id, materials: [{ name: '土地利用总体规划图（盖章）' }, { name: '项目位置图（1:2000）' }] },
    });
    expect(supplied.status).toBe(200);
    expect(supplied.body.tasks.find((t: ApiTask) => t.id === gtj.id).status).toBe('received');

    for (const [dept, task] of [['FGW', fgw], ['GTJ', gtj]] as const) {
      const key = t.sys.key('department', dept);
      const fresh = await t.call('getTask', 'GET', `/api/v1/tasks/${task.id}`, { key });
      const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: {}, headers: { 'If-Match': fresh.headers.get('etag')! } });
      expect(accepted.status).toBe(200);
      const stale = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
        key,
        body: { decision: 'approved', permitNumber: 'X' },
        headers: { 'If-Match': fresh.headers.get('etag')! },
      });
      expect(stale.status).toBe(412);
      const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
        key,
        body: { decision: 'approved', permitNumber: `${dept}-2026-0099` },
        headers: { 'If-Match': accepted.headers.get('etag')! },
      });
      expect([decided.status, decided.body.status]).toEqual([200, 'decided']);
    }

    // Dependants (规划, 消防设计审查) follow as prerequisites are approved; approve them as they arrive.
    for (const itemId of ['GJJ-01', 'GJJ-02', 'ZJJ-01']) {
      const key = t.sys.key('department', itemId.slice(0, 3));
      const queue = await eventually(
        () => t.call('listTasks', 'GET', `/api/v1/tasks?status=received&projectId=${code}`, { key }),
        (r) => r.body.items.some((t: ApiTask) => t.itemId === itemId),
        `${itemId} 推送`,
      );
      const task: ApiTask = queue.body.items.find((t: ApiTask) => t.itemId === itemId);
      const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: {}, headers: { 'If-Match': `"${task.version}"` } });
      await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
        key,
        body: { decision: 'approved_with_conditions', permitNumber: `${itemId}-2026-1`, conditions: ['按批准的总平面图建设'] },
        headers: { 'If-Match': accepted.headers.get('etag')! },
      });
    }

    const reply = await eventually(
      () => t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: window }),
      (r) => r.status === 200,
      '集中回复',
    );
    expect(reply.body.outcome).toBe('all_approved');
    expect(reply.body.items).toHaveLength(5);
    expect(reply.body.items.find((i: { itemId: string }) => i.itemId === 'GJJ-02').conditions).toEqual(['按批准的总平面图建设']);

    // The assigned agent follows the whole history, with who did what and the clock state.
    const timeline = await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${code}/timeline`, { key: t.sys.key('agent', 'AG-02') });
    expect(timeline.status).toBe(200);
    const types: string[] = timeline.body.entries.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('project.submitted');
    expect(types).toEqual(expect.arrayContaining(['task.supplement_requested', 'task.supplement_received', 'task.decided', 'project.replied']));
    expect((await t.call('getProjectTimeline', 'GET', `/api/v1/projects/${code}/timeline`, { key: t.sys.key('agent', 'AG-01') })).status).toBe(404);

    // Supervision's figures come from the same events: 5 received and concluded today, all on time.
    const today = shanghaiDateOf(Date.now());
    const stats = await t.call('getStatistics', 'GET', `/api/v1/statistics?from=${today}&to=${today}`, { key: t.sys.key('supervisor') });
    expect(stats.status).toBe(200);
    expect(stats.body.county).toMatchObject({ tasksReceived: 5, tasksConcluded: 5, onTimePromised: { numerator: 5, denominator: 5 }, sameDayConclusion: { value: 1 } });
    expect(stats.body.departments.GTJ.tasksConcluded).toBe(1);
    const own = await t.call('getStatistics', 'GET', `/api/v1/statistics?from=${today}&to=${today}`, { key: t.sys.key('department', 'FGW') });
    expect(Object.keys(own.body.departments)).toEqual(['FGW']);
  });
});
