/**
 * The lifecycle scenario of test/workflows/lifecycle-scenario.test.ts against a real Temporal
 * dev server, real HTTP and a real database, with the same six-item catalogue loaded in place
 * of the seed. Time runs in real time here, so deemed acceptance and light timers do not elapse;
 * they are covered on the time-skipping server. Covered here: intake and fan-out, the
 * prerequisite chain, rejection → not started, notice and supplement, decisions, the reply,
 * withdrawal with its one answer, and intake idempotency under concurrent duplicates.
 */
import { apiClient } from '../support/http';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { APPLICANT, CONDITIONS, PROJECT, REJECTION_REASONS, SCENARIO_ITEMS } from '../support/scenario';
import { seedCatalogue } from '../../lib/seed';
import { shanghaiDateOf } from '../../domain/clock';
import { projectWorkflowId } from '../../workflows/project/contracts';
import { keepClearOfBeijingMidnight } from '../support/midnight';

interface ApiTask {
  id: string;
  itemId: string;
  status: string;
  version: number;
  clock: { state: string; promisedDueDate: string | null; suspensions: { from: string; to: string | null }[] };
}

const submission = (name = PROJECT.name) => ({
  applicant: APPLICANT,
  project: { ...PROJECT, name },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
});

describe('lifecycle scenario over HTTP', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let windowKey: string;
  const deptKey = (itemId: string) => sys.key('department', itemId.slice(0, 3));

  keepClearOfBeijingMidnight();
  beforeAll(async () => {
    sys = await startTestSystem();
    call = apiClient(sys.baseUrl);
    windowKey = sys.key('window');
    // The scenario's six items replace the seed items; the seed departments stay.
    await sys.db.approvalItem.deleteMany();
    await seedCatalogue(sys.db, { servicePoints: [], departments: [], agents: [], items: SCENARIO_ITEMS });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const submit = (idempotencyKey: string, name?: string) =>
    call('submitProject', 'POST', '/api/v1/projects', { key: windowKey, body: submission(name), headers: { 'Idempotency-Key': idempotencyKey } });
  const getProject = (code: string) => call('getProject', 'GET', `/api/v1/projects/${code}`, { key: windowKey });
  const taskOf = async (code: string, itemId: string): Promise<ApiTask> =>
    (await getProject(code)).body.tasks.find((t: ApiTask) => t.itemId === itemId);
  /** A department operation with If-Match taken from a fresh read, as a department system would do. */
  const act = async (code: string, itemId: string, op: 'acceptTask' | 'requestSupplement' | 'decideTask', body: object) => {
    const key = deptKey(itemId);
    const taskId = `${code}.${itemId}`;
    const current = await call('getTask', 'GET', `/api/v1/tasks/${taskId}`, { key });
    const segment = { acceptTask: 'acceptance', requestSupplement: 'supplement-notice', decideTask: 'decision' }[op];
    return call(op, 'POST', `/api/v1/tasks/${taskId}/${segment}`, { key, body, headers: { 'If-Match': current.headers.get('etag')! } });
  };
  const acceptAndDecide = async (code: string, itemId: string, decision: object) => {
    expect((await act(code, itemId, 'acceptTask', {})).status).toBe(200);
    const decided = await act(code, itemId, 'decideTask', decision);
    expect(decided.status).toBe(200);
    return decided.body;
  };
  const statuses = async (code: string) =>
    Object.fromEntries((await getProject(code)).body.tasks.map((t: ApiTask) => [t.itemId, t.status]));

  test('when a six-item project runs every path, then dependants follow their prerequisites and one reply carries every outcome', async () => {
    const submitted = await submit('scenario-0001');
    expect(submitted.status).toBe(201);
    const code: string = submitted.body.code;
    expect(submitted.body).toMatchObject({ status: 'in_review', light: 'green' });
    expect(await statuses(code)).toEqual({
      'FGW-01': 'received', 'GTJ-01': 'received', 'HBJ-01': 'received', 'SWJ-01': 'received', 'GJJ-01': 'waiting', 'ZJJ-01': 'waiting',
    });
    const blocked = await act(code, 'GJJ-01', 'acceptTask', {});
    expect(blocked).toMatchObject({ status: 409, body: { reason: 'prerequisites_pending' } });

    // Rejected prerequisite → its dependant never starts.
    await acceptAndDecide(code, 'GTJ-01', { decision: 'rejected', reasons: REJECTION_REASONS });
    await eventually(() => taskOf(code, 'ZJJ-01'), (t) => t.status === 'not_started', 'ZJJ-01 记为未启动');
    expect((await taskOf(code, 'ZJJ-01')).clock.state).toBe('not_started');

    // 一次性告知 → the window supplies the materials → the clock resumes.
    const noticed = await act(code, 'HBJ-01', 'requestSupplement', { items: [{ material: '环境影响报告表', reason: '缺少公众参与说明' }] });
    expect(noticed.body).toMatchObject({ status: 'supplement_requested', clock: { state: 'suspended', promisedDueDate: null } });
    const supplied = await call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, {
      key: windowKey,
      body: { taskId: `${code}.HBJ-01`, materials: [{ name: '公众参与说明' }] },
    });
    expect(supplied.status).toBe(200);
    const hbj = supplied.body.tasks.find((t: ApiTask) => t.itemId === 'HBJ-01');
    const today = shanghaiDateOf(Date.now());
    expect(hbj).toMatchObject({ status: 'received', clock: { state: 'running', suspensions: [{ from: today, to: today }] } });
    expect(hbj.supplementNotice).toMatchObject({ items: [{ material: '环境影响报告表' }], fulfilledAt: expect.any(String) });
    expect(supplied.body.materials.map((m: { name: string; taskId: string | null }) => [m.name, m.taskId])).toEqual([
      ['项目申请报告', null],
      ['公众参与说明', `${code}.HBJ-01`],
    ]);
    await acceptAndDecide(code, 'HBJ-01', { decision: 'approved_with_conditions', permitNumber: '环审〔2026〕18号', conditions: CONDITIONS });
    await acceptAndDecide(code, 'SWJ-01', { decision: 'approved', permitNumber: '水保〔2026〕7号' });
    // The decision closed the task's run; a second one with the current ETag passes the gateway's version
    // check and finds the run closed: refused as already decided, as a concurrent decide is, not as missing.
    const again = await act(code, 'SWJ-01', 'decideTask', { decision: 'approved', permitNumber: '水保〔2026〕8号' });
    expect(again).toMatchObject({ status: 409, body: { reason: 'already_decided' } });

    // Approved prerequisite → its dependant reaches its department.
    expect((await taskOf(code, 'GJJ-01')).status).toBe('waiting');
    await acceptAndDecide(code, 'FGW-01', { decision: 'approved', permitNumber: '备案〔2026〕925号' });
    await eventually(() => taskOf(code, 'GJJ-01'), (t) => t.status === 'received', 'GJJ-01 推送到县规划和建设局');
    const gjj = await acceptAndDecide(code, 'GJJ-01', { decision: 'approved', permitNumber: '地字第 2026-031 号' });

    const reply = await eventually(
      () => call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: windowKey }),
      (r) => r.status === 200,
      '集中回复生成',
    );
    expect(reply.body).toMatchObject({ projectCode: code, version: 1, outcome: 'partially_approved' });
    const items = Object.fromEntries(reply.body.items.map((i: { itemId: string }) => [i.itemId, i]));
    expect(reply.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(SCENARIO_ITEMS.map((i) => i.id));
    expect(items['GTJ-01']).toMatchObject({ decision: 'rejected', reasons: REJECTION_REASONS, permitNumber: null, onTime: true });
    expect(items['HBJ-01']).toMatchObject({ decision: 'approved_with_conditions', conditions: CONDITIONS, permitNumber: '环审〔2026〕18号', onTime: true });
    expect(items['SWJ-01']).toMatchObject({ decision: 'approved', permitNumber: '水保〔2026〕7号', onTime: true });
    expect(items['FGW-01']).toMatchObject({ decision: 'approved', permitNumber: '备案〔2026〕925号', onTime: true });
    expect(items['GJJ-01']).toMatchObject({ decision: 'approved', decidedAt: gjj.decision.decidedAt, promisedDueDate: gjj.clock.promisedDueDate, onTime: true });
    expect(items['ZJJ-01']).toMatchObject({ status: 'not_started', decision: null, receivedAt: null, decidedAt: null, onTime: null });
    for (const i of ['FGW-01', 'GTJ-01', 'HBJ-01', 'SWJ-01', 'GJJ-01']) expect(items[i].receivedAt).not.toBeNull();

    // Replied; follow-up tracking (跟踪问效) may already have started right after the reply.
    const concluded = (await getProject(code)).body;
    expect(concluded).toMatchObject({ light: 'green', withdrawnAt: null });
    expect(['replied', 'tracking']).toContain(concluded.status);
    const late = await call('withdrawProject', 'POST', `/api/v1/projects/${code}/withdrawal`, { key: windowKey, body: { reason: '不再需要' } });
    expect(late).toMatchObject({ status: 409, body: { reason: 'project_closed' } });

    const zjjFeed = await call('listEvents', 'GET', `/api/v1/events?projectId=${code}`, { key: deptKey('ZJJ-01') });
    // Told at intake that its task waits for the land pre-review, then that it will not start.
    expect(zjjFeed.body.events.map((e: { type: string }) => e.type)).toEqual(['task.waiting', 'task.not_started']);
  });

  test('when the applicant withdraws mid-way, then every open or waiting task is cancelled, each department is told, and one withdrawn reply answers', async () => {
    const code: string = (await submit('scenario-0002', `${PROJECT.name}（二期）`)).body.code;
    await acceptAndDecide(code, 'FGW-01', { decision: 'approved', permitNumber: '备案〔2026〕926号' });
    await eventually(() => taskOf(code, 'GJJ-01'), (t) => t.status === 'received', 'GJJ-01 推送');
    await act(code, 'HBJ-01', 'requestSupplement', { items: [{ material: '环境影响报告表', reason: '缺少公众参与说明' }] });

    const withdrawn = await call('withdrawProject', 'POST', `/api/v1/projects/${code}/withdrawal`, { key: windowKey, body: { reason: '申请人调整建设方案' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.withdrawnAt).not.toBeNull();
    const tasks = Object.fromEntries(withdrawn.body.tasks.map((t: ApiTask) => [t.itemId, [t.status, t.clock.state]]));
    expect(tasks).toEqual({
      'FGW-01': ['decided', 'stopped'],
      'GTJ-01': ['cancelled', 'stopped'],
      'HBJ-01': ['cancelled', 'stopped'],
      'SWJ-01': ['cancelled', 'stopped'],
      'GJJ-01': ['cancelled', 'stopped'],
      'ZJJ-01': ['cancelled', 'not_started'],
    });

    const reply = await call('getConsolidatedReply', 'GET', `/api/v1/projects/${code}/reply`, { key: windowKey });
    expect(reply.body).toMatchObject({ outcome: 'withdrawn', version: 1 });
    expect(reply.body.items.map((i: { itemId: string; status: string; decision: string | null }) => [i.itemId, i.status, i.decision])).toEqual([
      ['FGW-01', 'decided', 'approved'], ['GTJ-01', 'cancelled', null], ['HBJ-01', 'cancelled', null],
      ['SWJ-01', 'cancelled', null], ['GJJ-01', 'cancelled', null], ['ZJJ-01', 'cancelled', null],
    ]);

    for (const itemId of ['GTJ-01', 'HBJ-01', 'SWJ-01', 'GJJ-01', 'ZJJ-01']) {
      const feed = await call('listEvents', 'GET', `/api/v1/events?projectId=${code}&type=task.cancelled`, { key: deptKey(itemId) });
      expect(feed.body.events).toEqual([
        expect.objectContaining({ taskId: `${code}.${itemId}`, departmentId: itemId.slice(0, 3), payload: expect.objectContaining({ reason: '申请人调整建设方案' }) }),
      ]);
    }
    const again = await call('withdrawProject', 'POST', `/api/v1/projects/${code}/withdrawal`, { key: windowKey, body: { reason: '重复撤回' } });
    expect(again).toMatchObject({ status: 409, body: { reason: 'project_closed' } });
  });

  test('when five identical submissions with one Idempotency-Key arrive at once, then one project and one workflow exist', async () => {
    const name = `${PROJECT.name}（并发申报）`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => submit('scenario-concurrent', name)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const codes = new Set(responses.map((r) => r.body.code as string));
    expect(codes.size).toBe(1);
    const [code] = codes;
    expect(await sys.db.project.count({ where: { name } })).toBe(1);

    const runs = async () => {
      const found = [];
      for await (const w of sys.env.client.workflow.list({ query: `WorkflowId = '${projectWorkflowId(code)}'` })) found.push(w.runId);
      return found;
    };
    expect(await eventually(runs, (r) => r.length > 0, '工作流出现在可见性查询中')).toHaveLength(1);
    const allProjects = async () => {
      const found = [];
      for await (const w of sys.env.client.workflow.list({ query: `WorkflowType = 'projectWorkflow'` })) found.push(w.workflowId);
      return found;
    };
    const projects = await sys.db.project.count();
    expect(await eventually(allProjects, (r) => r.length >= projects, '全部项目工作流可见')).toHaveLength(projects);
  });
});
