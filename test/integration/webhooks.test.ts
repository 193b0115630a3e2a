/**
 * Push integration over real HTTP: a department subscribes a receiver that is offline while the
 * project moves on; when the receiver comes up, every event the department sees in listEvents
 * arrives signed, in order, and the delivery log shows the failed attempts before each success.
 */
import { APPLICANT } from '../support/scenario';
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import net from 'node:net';
import { Webhook } from 'standardwebhooks';
import { apiClient } from '../support/http';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { webhookWorkflowId } from '../../workflows/webhook/contracts';

const submission = {
  applicant: APPLICANT,
  project: { name: '年产 10 万件精密零部件项目', type: 'warehouse', location: '城东工业园 3 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

/** A port nobody listens on (yet): connections are refused until the receiver starts. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The subscriber's endpoint; its first request is answered 503 to show a non-2xx retry too. */
async function startReceiver(port: number, received: Received[]): Promise<Server> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      requests++;
      if (requests === 1) return void res.writeHead(503).end();
      received.push({ path: req.url ?? '', headers: req.headers, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('webhooks over HTTP', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  let receiver: Server | undefined;
  beforeAll(async () => {
    // Short backoff ceiling so the test sees the receiver's return within seconds.
    sys = await startTestSystem({ WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '2' });
    call = apiClient(sys.baseUrl);
  });
  afterAll(async () => {
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    await sys?.stop();
  });

  test('when a department subscribes with an unusable url, then it is refused', async () => {
    const key = sys.key('department', 'FGW');
    const ftp = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', { key, body: { url: 'ftp://127.0.0.1/hook' } });
    expect(ftp.status).toBe(400);
    const creds = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
      key,
      body: { url: 'http://user:pw@127.0.0.1:1/hook' },
    });
    expect(creds.status).toBe(422);
    expect(creds.body).toMatchObject({ rule: 'credentials' });
    // Windows may subscribe (to their service point's notice and reply events), under the same policy.
    const window = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
      key: sys.key('window'),
      body: { url: 'ftp://127.0.0.1/hook' },
    });
    expect(window.status).toBe(400);
  });

  test('when the receiver is offline while the project moves on, then once it is up every visible event arrives signed, once and in order', async () => {
    const fgw = sys.key('department', 'FGW');
    const gtj = sys.key('department', 'GTJ');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hooks/approval`;

    const created = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
      key: fgw,
      body: { url, description: '发改委审批系统' },
    });
    expect(created.status).toBe(201);
    const { subscription, secret } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(subscription).toMatchObject({ url, role: 'department', departmentId: 'FGW', status: 'active', eventTypes: [] });
    expect(created.headers.get('location')).toBe(`/api/v1/webhooks/subscriptions/${subscription.id}`);

    const duplicate = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', { key: fgw, body: { url } });
    expect(duplicate.status).toBe(409);

    // Another department neither sees nor touches it.
    const foreignList = await call('listWebhookSubscriptions', 'GET', '/api/v1/webhooks/subscriptions', { key: gtj });
    expect(foreignList.body.items).toEqual([]);
    const base = `/api/v1/webhooks/subscriptions/${subscription.id}`;
    expect((await call('listWebhookDeliveries', 'GET', `${base}/deliveries`, { key: gtj })).status).toBe(404);
    expect((await call('deleteWebhookSubscription', 'DELETE', base, { key: gtj })).status).toBe(404);
    const ownList = await call('listWebhookSubscriptions', 'GET', '/api/v1/webhooks/subscriptions', { key: fgw });
    expect(ownList.body.items).toEqual([subscription]);

    // The project moves on while the receiver refuses connections.
    const submitted = await call('submitProject', 'POST', '/api/v1/projects', {
      key: sys.key('window'),
      body: submission,
      headers: { 'Idempotency-Key': 'webhook-0001' },
    });
    expect(submitted.status).toBe(201);
    const code = submitted.body.code;
    const queue = await eventually(
      () => call('listTasks', 'GET', `/api/v1/tasks?projectId=${code}&status=received`, { key: fgw }),
      (r) => r.body.items.some((t: { itemId: string }) => t.itemId === 'FGW-01'),
      'FGW-01 推送到发改委',
    );
    const task = queue.body.items.find((t: { itemId: string }) => t.itemId === 'FGW-01');
    const accepted = await call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, {
      key: fgw,
      body: {},
      headers: { 'If-Match': `"${task.version}"` },
    });
    expect(accepted.status).toBe(200);

    const feed = await eventually(
      () => call('listEvents', 'GET', `/api/v1/events?after=${subscription.startCursor}&limit=500`, { key: fgw }),
      (r) => r.body.events.some((e: { type: string }) => e.type === 'task.accepted'),
      '受理事件进入事件流',
    );
    const expected: string[] = feed.body.events.map((e: { id: string }) => e.id);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    await eventually(
      () => call('listWebhookDeliveries', 'GET', `${base}/deliveries?status=failed`, { key: fgw }),
      (r) => r.body.items.length >= 2,
      '接收方离线时的失败尝试被记录',
    );

    const received: Received[] = [];
    receiver = await startReceiver(port, received);
    const verifier = new Webhook(secret);
    const ids = () => [...new Set(received.map((r) => r.headers['webhook-id'] as string))];
    await eventually(async () => ids(), (got) => expected.every((id) => got.includes(id)), '全部事件送达接收方', 30_000);

    for (const r of received) {
      expect(r.path).toBe('/hooks/approval');
      const body = verifier.verify(r.raw, r.headers as Record<string, string>) as { id: string; departmentId: string };
      expect(body.id).toBe(r.headers['webhook-id']);
      expect(body.departmentId).toBe('FGW');
    }
    // The pull feed's events, same ids and bodies, in outbox order, each once after de-duplication.
    const now = await call('listEvents', 'GET', `/api/v1/events?after=${subscription.startCursor}&limit=500`, { key: fgw });
    const unique = received.filter((r, i) => received.findIndex((o) => o.headers['webhook-id'] === r.headers['webhook-id']) === i);
    expect(unique.map((r) => JSON.parse(r.raw))).toEqual(now.body.events.slice(0, unique.length));

    const log = await call('listWebhookDeliveries', 'GET', `${base}/deliveries?limit=100`, { key: fgw });
    type Attempt = { eventId: string; attempt: number; status: string; responseCode: number | null; error: string | null };
    const first = (log.body.items as Attempt[]).filter((d) => d.eventId === expected[0]).sort((a, b) => a.attempt - b.attempt);
    const last = first[first.length - 1];
    expect(last).toMatchObject({ status: 'delivered', responseCode: 204, error: null });
    expect(first.slice(0, -1).every((d) => d.status === 'failed')).toBe(true);
    expect(first.some((d) => d.responseCode === null && /连接失败/.test(d.error ?? ''))).toBe(true);
    expect(first.some((d) => d.responseCode === 503)).toBe(true);
    expect(first.map((d) => d.attempt)).toEqual(first.map((_, i) => i + 1));
    for (const id of expected) {
      expect((log.body.items as Attempt[]).filter((d) => d.eventId === id && d.status === 'delivered')).toHaveLength(1);
    }

    // Deleting stops delivery: the workflow ends, so the decision below is never pushed.
    expect((await call('deleteWebhookSubscription', 'DELETE', base, { key: fgw })).status).toBe(204);
    const ended = await sys.env.client.workflow.getHandle(webhookWorkflowId(subscription.id)).result();
    expect(ended.reason).toBe('deleted');
    expect((await call('listWebhookSubscriptions', 'GET', '/api/v1/webhooks/subscriptions', { key: fgw })).body.items).toEqual([]);
    expect((await call('listWebhookDeliveries', 'GET', `${base}/deliveries`, { key: fgw })).status).toBe(404);
    // A live subscription on the same receiver is the yardstick: once it has the decision, the
    // deleted one would have had it too.
    const control = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
      key: fgw,
      body: { url: `http://127.0.0.1:${port}/hooks/control`, eventTypes: ['task.decided'] },
    });
    expect(control.status).toBe(201);
    const toDeleted = () => received.filter((r) => r.path === '/hooks/approval').length;
    const count = toDeleted();
    const decided = await call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
      key: fgw,
      body: { decision: 'approved', permitNumber: 'FGW-2026-001' },
      headers: { 'If-Match': accepted.headers.get('etag')! },
    });
    expect(decided.status).toBe(200);
    await eventually(
      async () => received.filter((r) => r.path === '/hooks/control').map((r) => JSON.parse(r.raw) as { type: string; taskId: string }),
      (got) => got.some((e) => e.type === 'task.decided' && e.taskId === task.id),
      '仍有效的订阅收到决定事件',
    );
    expect(toDeleted()).toBe(count);
  });

  test('when the receiver answers 410 Gone, then the subscription is disabled and delivery ends', async () => {
    const supervisor = sys.key('supervisor');
    const gone = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(410).end()));
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = gone.address() as net.AddressInfo;
      const created = await call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
        key: supervisor,
        body: { url: `http://127.0.0.1:${port}/retired`, eventTypes: ['project.submitted'] },
      });
      expect(created.status).toBe(201);
      const id = created.body.subscription.id;
      expect(created.body.subscription).toMatchObject({ role: 'supervisor', departmentId: null, eventTypes: ['project.submitted'] });

      const submitted = await call('submitProject', 'POST', '/api/v1/projects', {
        key: sys.key('window'),
        body: { ...submission, project: { ...submission.project, name: '冷链物流仓储项目' } },
        headers: { 'Idempotency-Key': 'webhook-0002' },
      });
      expect(submitted.status).toBe(201);

      const ended = await sys.env.client.workflow.getHandle(webhookWorkflowId(id)).result();
      expect(ended.reason).toBe('gone');
      const list = await call('listWebhookSubscriptions', 'GET', '/api/v1/webhooks/subscriptions', { key: supervisor });
      expect(list.body.items.find((s: { id: string }) => s.id === id)).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
      const log = await call('listWebhookDeliveries', 'GET', `/api/v1/webhooks/subscriptions/${id}/deliveries`, { key: supervisor });
      expect(log.body.items).toEqual([expect.objectContaining({ attempt: 1, status: 'failed', responseCode: 410 })]);
    } finally {
      await new Promise((resolve) => gone.close(resolve));
    }
  });
});
