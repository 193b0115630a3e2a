/**
 * Events reach everyone concerned (issue #13), over real HTTP, Temporal and a database: the agent
 * of a project receives its task events (notice, decision, light) and the window of the service
 * point that took it in receives its notice and reply events — in listEvents and over webhooks —
 * while other agents, windows and departments do not; a project without an agent is followed up
 * (milestones, satisfaction once) by its window or the efficiency office.
 */
import http, { type Server } from 'node:http';
import type net from 'node:net';
import { APPLICANT } from '../support/scenario';
import { addDays, shanghaiDateOf } from '../../domain/clock';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const submission = (agentId?: string) => ({
  applicant: APPLICANT,
  project: { name: '智能仓储物流中心', type: 'warehouse', location: '城东工业园 7 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
  ...(agentId ? { agentId } : {}),
});

interface Ev {
  id: string;
  type: string;
  projectId: string | null;
  taskId: string | null;
  agentId: string | null;
  servicePointId: string | null;
}

/** A receiver that answers 204 and keeps the parsed events. */
async function receiver(events: Ev[]): Promise<{ url: string; server: Server }> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      events.push(JSON.parse(raw) as Ev);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`, server };
}

describe('events reach everyone concerned', () => {
  const t = useTestSystem({ WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '2' });
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) await new Promise((resolve) => s.close(resolve));
  });

  async function submit(key: string, idem: string, agentId?: string): Promise<string> {
    const r = await t.call('submitProject', 'POST', '/api/v1/projects', { key, body: submission(agentId), headers: { 'Idempotency-Key': idem } });
    expect(r.status).toBe(201);
    return r.body.code as string;
  }

  async function task(code: string, itemId: string) {
    const key = t.sys.key('department', itemId.slice(0, 3));
    const queue = await eventually(
      () => t.call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}&status=received`, { key }),
      (r) => r.body.items.some((x: { itemId: string }) => x.itemId === itemId),
      `${itemId} 推送到部门`,
    );
    return { key, task: queue.body.items.find((x: { itemId: string }) => x.itemId === itemId) as { id: string; version: number } };
  }

  /** Accepts (签收) then decides, from the task's current version. */
  async function acceptAndDecide(key: string, taskId: string, etag: string, body: object): Promise<void> {
    const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${taskId}/acceptance`, { key, body: {}, headers: { 'If-Match': etag } });
    expect(accepted.status).toBe(200);
    const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${taskId}/decision`, { key, body, headers: { 'If-Match': accepted.headers.get('etag')! } });
    expect(decided.status).toBe(200);
  }

  /** FGW notices, the window supplements, FGW approves and GTJ rejects: the reply follows. */
  async function driveToReply(code: string, windowKey: string): Promise<void> {
    const fgw = await task(code, 'FGW-01');
    const noticed = await t.call('requestSupplement', 'POST', `/api/v1/tasks/${fgw.task.id}/supplement-notice`, {
      key: fgw.key,
      body: { items: [{ material: '用地红线图', reason: '缺少盖章' }] },
      headers: { 'If-Match': `"${fgw.task.version}"` },
    });
    expect(noticed.status).toBe(200);
    const supplied = await t.call('submitMaterials', 'POST', `/api/v1/projects/${code}/supplements`, { key: windowKey, body: { materials: [{ name: '用地红线图', copies: 1 }] } });
    expect(supplied.status).toBe(200);
    const resumed = await eventually(
      () => t.call('getTask', 'GET', `/api/v1/tasks/${fgw.task.id}`, { key: fgw.key }),
      (r) => r.body.status !== 'supplement_requested',
      '补正后任务恢复',
    );
    await acceptAndDecide(fgw.key, fgw.task.id, resumed.headers.get('etag')!, { decision: 'approved', permitNumber: 'FGW-2026-131' });
    const gtj = await task(code, 'GTJ-01');
    await acceptAndDecide(gtj.key, gtj.task.id, `"${gtj.task.version}"`, { decision: 'rejected', reasons: ['用地不符合国土空间规划'] });
    await eventually(() => t.call('getProject', 'GET', `/api/v1/projects/${code}`, { key: windowKey }), (r) => r.body.status === 'tracking', '集中回复后进入跟踪');
  }

  const feed = async (key: string, code: string): Promise<Ev[]> =>
    (await t.call('listEvents', 'GET', `/api/v1/events?projectId=${code}&limit=500`, { key })).body.events as Ev[];

  test('when a department notices and decides, then the agent and the window that took the project in hear of it over the feed and webhooks; others do not', async () => {
    const window = t.sys.key('window', 'XZFW');
    const agent = t.sys.key('agent', 'AG-01');
    const agentHook: Ev[] = [];
    const windowHook: Ev[] = [];
    for (const [key, sink] of [
      [agent, agentHook],
      [window, windowHook],
    ] as const) {
      const r = await receiver(sink);
      servers.push(r.server);
      const created = await t.call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', { key, body: { url: r.url } });
      expect(created.status).toBe(201);
      if (key === window) expect(created.body.subscription).toMatchObject({ role: 'window', servicePointId: 'XZFW', agentId: null, departmentId: null });
    }

    const code = await submit(window, 'audience-0001', 'AG-01');
    await driveToReply(code, window);

    const agentFeed = await eventually(() => feed(agent, code), (evs) => evs.some((e) => e.type === 'project.replied'), '代办专员收到集中回复事件');
    const agentTypes = agentFeed.map((e) => e.type);
    for (const type of ['task.received', 'task.supplement_requested', 'task.supplement_received', 'task.decided', 'project.replied']) expect(agentTypes).toContain(type);
    expect(agentFeed.filter((e) => e.taskId !== null).length).toBeGreaterThan(0);
    expect(agentFeed.every((e) => e.agentId === 'AG-01' && e.servicePointId === 'XZFW')).toBe(true);

    const windowFeed = await feed(window, code);
    expect([...new Set(windowFeed.map((e) => e.type))].sort()).toEqual(['project.materials_supplemented', 'project.replied', 'task.supplement_received', 'task.supplement_requested']);

    // Everyone else: another agent, another service point's window, an uninvolved department.
    expect(await feed(t.sys.key('agent', 'AG-02'), code)).toEqual([]);
    expect(await feed(t.sys.key('window', 'CGZ'), code)).toEqual([]);
    expect(await feed(t.sys.key('department', 'HBJ'), code)).toEqual([]);

    // Webhooks carry the same events as the feed.
    await eventually(async () => agentHook.filter((e) => e.projectId === code).map((e) => e.id), (ids) => ids.length === agentFeed.length, '代办专员的 Webhook 收齐事件');
    expect(agentHook.filter((e) => e.projectId === code).map((e) => e.id)).toEqual(agentFeed.map((e) => e.id));
    await eventually(async () => windowHook.filter((e) => e.projectId === code).length, (n) => n === windowFeed.length, '窗口的 Webhook 收齐事件');
    expect(windowHook.filter((e) => e.projectId === code).map((e) => e.id)).toEqual(windowFeed.map((e) => e.id));

    // With an agent, follow-up stays the agent's.
    const today = shanghaiDateOf(Date.now());
    for (const key of [window, t.sys.key('supervisor')]) {
      const r = await t.call('recordSatisfaction', 'PUT', `/api/v1/projects/${code}/satisfaction`, { key, body: { rating: 'satisfied' } });
      expect([r.status, r.body.reason]).toEqual([409, 'project_has_agent']);
      const m = await t.call('recordMilestone', 'PUT', `/api/v1/projects/${code}/milestones/construction_start`, { key, body: { plannedDate: addDays(today, 10) } });
      expect([m.status, m.body.reason]).toEqual([409, 'project_has_agent']);
    }
  });

  test('when a project has no agent, then its window or the efficiency office records milestones and satisfaction, once per project; another window cannot', async () => {
    const window = t.sys.key('window', 'XZFW');
    const code = await submit(window, 'audience-0002');
    await driveToReply(code, window);
    const base = `/api/v1/projects/${code}`;
    const today = shanghaiDateOf(Date.now());

    const foreign = await t.call('recordSatisfaction', 'PUT', `${base}/satisfaction`, { key: t.sys.key('window', 'CGZ'), body: { rating: 'satisfied' } });
    expect(foreign.status).toBe(404);
    const planned = await t.call('recordMilestone', 'PUT', `${base}/milestones/construction_start`, { key: window, body: { plannedDate: addDays(today, 10) } });
    expect([planned.status, planned.body.plannedDate]).toEqual([200, addDays(today, 10)]);
    const started = await t.call('recordMilestone', 'PUT', `${base}/milestones/construction_start`, {
      key: t.sys.key('supervisor'),
      body: { plannedDate: addDays(today, 10), actualDate: today },
    });
    expect([started.status, started.body.actualDate]).toEqual([200, today]);

    const rated = await t.call('recordSatisfaction', 'PUT', `${base}/satisfaction`, { key: window, body: { rating: 'basically_satisfied' } });
    expect([rated.status, rated.body.rating]).toEqual([200, 'basically_satisfied']);
    const again = await t.call('recordSatisfaction', 'PUT', `${base}/satisfaction`, { key: t.sys.key('supervisor'), body: { rating: 'satisfied' } });
    expect([again.status, again.body.reason]).toEqual([409, 'already_rated']);
    const timeline = await t.call('getProjectTimeline', 'GET', `${base}/timeline`, { key: window });
    expect(timeline.body.satisfaction).toMatchObject({ rating: 'basically_satisfied' });
  });
});
