/**
 * Runs the published department client example (examples/department-client.ts) against a real
 * gateway, so the example cannot silently rot as the contract changes.
 */
import { APPLICANT } from '../support/scenario';
import {
  ApiProblem,
  acceptTask,
  createDepartmentClient,
  decideTask,
  describeProblem,
  getTask,
  pollQueue,
  requestSupplement,
  versionTag,
  type Task,
} from '../../examples/department-client';
import { apiClient } from '../support/http';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

const submission = (name: string) => ({
  applicant: APPLICANT,
  project: { name, type: 'warehouse', location: '城东工业园 3 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
});

async function collect(queue: AsyncGenerator<Task>): Promise<Task[]> {
  const out: Task[] = [];
  for await (const t of queue) out.push(t);
  return out;
}

describe('the department client example', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let projects: string[];
  beforeAll(async () => {
    sys = await startTestSystem();
    call = apiClient(sys.baseUrl);
    projects = [];
    for (const [i, name] of ['示例项目甲', '示例项目乙'].entries()) {
      const r = await call('submitProject', 'POST', '/api/v1/projects', {
        key: sys.key('window'),
        body: submission(name),
        headers: { 'Idempotency-Key': `example-client-${i}` },
      });
      projects.push(r.body.id);
    }
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('when the queue is polled one task per page, then the cursor walks every own task and nothing foreign', async () => {
    const fgw = createDepartmentClient(sys.baseUrl, sys.key('department', 'FGW'));
    const tasks = await eventually(() => collect(pollQueue(fgw, { status: ['received'], pageSize: 1 })), (t) => t.length === 2, 'FGW 队列中有两个任务');
    expect(tasks.map((t) => t.projectId).sort()).toEqual([...projects].sort());
    expect(tasks.every((t) => t.departmentId === 'FGW' && t.itemId === 'FGW-01')).toBe(true);
  });

  test('when the listed version went stale, then accepting hits 412, re-reads the ETag and succeeds', async () => {
    const statuses: number[] = [];
    const fgw = createDepartmentClient(sys.baseUrl, sys.key('department', 'FGW'), {
      fetch: async (request) => {
        const response = await fetch(request);
        statuses.push(response.status);
        return response;
      },
    });
    const [listed] = await collect(pollQueue(fgw, { projectId: projects[0], status: ['received'] }));
    // The supervisor delegates the task meanwhile, which moves its version on.
    const delegated = await call('reassignTask', 'POST', `/api/v1/tasks/${listed.id}/delegation`, {
      key: sys.key('supervisor'),
      body: { delegate: { id: 'staff-07', name: '周代理' }, until: '2099-12-31', reason: '科长出差' },
      headers: { 'If-Match': versionTag(listed) },
    });
    expect(delegated.status).toBe(200);

    statuses.length = 0;
    const accepted = await acceptTask(fgw, listed.id, { etag: versionTag(listed), note: '材料齐全，予以受理' });
    expect(accepted.status).toBe('accepted');
    expect(statuses).toEqual([412, 200, 200]);

    const decided = await decideTask(fgw, listed.id, { decision: 'approved', permitNumber: 'FGW-2026-101' });
    expect([decided.status, decided.decision?.permitNumber]).toEqual(['decided', 'FGW-2026-101']);
  });

  test('when a supplement notice is issued twice, then the second is a 409 conflict problem carrying a reason code', async () => {
    const gtj = createDepartmentClient(sys.baseUrl, sys.key('department', 'GTJ'));
    const [task] = await eventually(() => collect(pollQueue(gtj, { projectId: projects[1], status: ['received'] })), (t) => t.length === 1, 'GTJ 收到任务');
    const noticed = await requestSupplement(gtj, task.id, [{ material: '土地利用总体规划图', reason: '缺少县自然资源局盖章' }], { note: '请一次性补齐' });
    expect(noticed.status).toBe('supplement_requested');

    const again = await requestSupplement(gtj, task.id, [{ material: '项目位置图', reason: '比例尺不符' }]).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApiProblem);
    const problem = again as ApiProblem;
    // While the notice is open another one is refused; a later second notice would be served but flagged as a violation.
    expect([problem.status, problem.kind, problem.reason]).toEqual([409, 'conflict', 'supplement_already_requested']);
    expect(describeProblem(problem)).toContain('supplement_already_requested');
  });

  test("when a department reaches for another department's task, then the client reports not-found", async () => {
    const fgw = createDepartmentClient(sys.baseUrl, sys.key('department', 'FGW'));
    const gtjTask = `${projects[1]}.GTJ-01`;
    const err = await getTask(fgw, gtjTask).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect([(err as ApiProblem).status, (err as ApiProblem).kind]).toEqual([404, 'not-found']);
  });

  test('when the gateway answers 429 with Retry-After, then the client waits and retries', async () => {
    let first = true;
    const fgw = createDepartmentClient(sys.baseUrl, sys.key('department', 'FGW'), {
      fetch: async (request) => {
        if (first) {
          first = false;
          return new Response(JSON.stringify({ type: 'https://approval.gov.local/problems/rate-limited', title: '请求过于频繁', status: 429 }), {
            status: 429,
            headers: { 'content-type': 'application/problem+json', 'retry-after': '0' },
          });
        }
        return fetch(request);
      },
    });
    const tasks = await collect(pollQueue(fgw, { projectId: projects[1] }));
    expect(first).toBe(false);
    expect(tasks.map((t) => t.itemId)).toEqual(['FGW-01']);
  });

  test('when the key is revoked, then the client surfaces unauthorized instead of retrying', async () => {
    const created = await call('createApiKey', 'POST', '/api/v1/api-keys', {
      key: sys.key('admin'),
      body: { role: 'department', label: '示例程序临时密钥', departmentId: 'FGW' },
    });
    await call('revokeApiKey', 'DELETE', `/api/v1/api-keys/${created.body.apiKey.id}`, { key: sys.key('admin') });
    const err = await collect(pollQueue(createDepartmentClient(sys.baseUrl, created.body.key))).catch((e: unknown) => e);
    expect([(err as ApiProblem).status, (err as ApiProblem).kind]).toEqual([401, 'unauthorized']);
  });
});
