/**
 * Webhook receivers cannot be turned into an SSRF or port-scanning tool, shown over HTTP on a
 * system whose only allowlisted receiver is `receiver.test`: internal URLs in every spelling
 * are refused at subscription time with a 422 naming the rule, a host re-pointed to 127.0.0.1
 * after subscribing is refused at delivery time (logged without connection details, retried),
 * the allowlisted receiver still gets its events, and each key holds a bounded number of
 * subscriptions. Host names resolve through a stub shared by the gateway and the worker.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

const names = new Map<string, string[]>([
  ['receiver.test', ['127.0.0.1']],
  ['db.internal', ['10.0.0.5']],
  ['hooks.example.com', ['93.184.216.34']],
  ['rebind.example.com', ['93.184.216.34']],
]);

const submission = (name: string) => ({
  applicant: APPLICANT,
  project: { name, type: 'warehouse', location: '城东工业园 5 号地块', investmentWan: 600 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
});

describe('webhook receiver address policy over HTTP', () => {
  const t = useTestSystem(
    { WEBHOOK_ALLOWED_HOSTS: 'receiver.test', WEBHOOK_MAX_SUBSCRIPTIONS_PER_KEY: '3', WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '1' },
    {
      resolveHost: async (host) => {
        const found = names.get(host.toLowerCase());
        if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return found;
      },
    },
  );
  let receiver: Server;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      received.push(req.url ?? '');
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  const subscribe = (key: string, url: string, eventTypes?: string[]) =>
    t.call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', { key, body: { url, ...(eventTypes ? { eventTypes } : {}) } });

  test.each([
    ['http://127.0.0.1:5432/', 'non_global_address'],
    ['http://169.254.169.254/latest/meta-data/', 'non_global_address'],
    ['http://2130706433:8080/', 'non_global_address'],
    ['http://0x7f.0.0.1:8080/', 'non_global_address'],
    ['http://[::1]:7243/', 'non_global_address'],
    ['https://[::ffff:127.0.0.1]/', 'non_global_address'],
    ['https://10.1.2.3/', 'non_global_address'],
    ['https://db.internal/hook', 'non_global_address'],
    ['https://unknown.internal/hook', 'unresolvable'],
    ['http://hooks.example.com/hook', 'https_required'],
    ['http://user:pw@receiver.test/hook', 'credentials'],
  ])('when a department subscribes %s, then it is refused with 422 naming the rule %s', async (url, rule) => {
    const res = await subscribe(t.sys.key('department', 'FGW'), url);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://approval.gov.local/problems/url-refused', rule, detail: expect.stringMatching(/规则|密码/) });
    // The answer is about the rule, never about the connection.
    expect(res.body.detail).not.toMatch(/ECONNREFUSED|ETIMEDOUT|超时|连接/);
  });

  test('when a host resolves to a public address at subscription and to 127.0.0.1 at delivery, then delivery is refused, logged without connection details and retried', async () => {
    const supervisor = t.sys.key('supervisor');
    const created = await subscribe(supervisor, `https://rebind.example.com:${port}/rebind`, ['project.submitted']);
    expect(created.status).toBe(201);
    const id = created.body.subscription.id;
    names.set('rebind.example.com', ['127.0.0.1']);

    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: submission('重新解析测试项目'),
      headers: { 'Idempotency-Key': 'ssrf-rebind-0001' },
    });
    expect(submitted.status).toBe(201);
    const log = await eventually(
      () => t.call('listWebhookDeliveries', 'GET', `/api/v1/webhooks/subscriptions/${id}/deliveries`, { key: supervisor }),
      (r) => r.body.items.length >= 2,
      '被拒绝的投递记为失败并重试',
    );
    for (const attempt of log.body.items) {
      expect(attempt).toMatchObject({ status: 'failed', responseCode: null, error: expect.stringContaining('接收地址被安全策略拒绝') });
      expect(attempt.error).not.toMatch(/127\.0\.0\.1|ECONN|端口|\d{4,5}/);
    }
    expect(received.filter((u) => u === '/rebind')).toEqual([]);
    expect((await t.call('deleteWebhookSubscription', 'DELETE', `/api/v1/webhooks/subscriptions/${id}`, { key: supervisor })).status).toBe(204);
  });

  test('when the receiver is allowlisted, then its events arrive over plain http', async () => {
    const agentKey = t.sys.key('admin');
    const created = await subscribe(agentKey, `http://receiver.test:${port}/allowed`, ['project.submitted']);
    expect(created.status).toBe(201);
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: submission('允许名单接收方测试项目'),
      headers: { 'Idempotency-Key': 'ssrf-allowed-0001' },
    });
    expect(submitted.status).toBe(201);
    await eventually(async () => received.filter((u) => u === '/allowed').length, (n) => n >= 1, '允许名单内的接收方收到事件');
  });

  test('when a key already holds the maximum number of subscriptions, then another is refused with 409 limit_reached until one is deleted', async () => {
    const key = t.sys.key('department', 'GTJ');
    const ids: string[] = [];
    for (const path of ['a', 'b', 'c']) {
      const created = await subscribe(key, `https://hooks.example.com/${path}`, ['complaint.feedback_recorded']);
      expect(created.status).toBe(201);
      ids.push(created.body.subscription.id);
    }
    const fourth = await subscribe(key, 'https://hooks.example.com/d', ['complaint.feedback_recorded']);
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ reason: 'limit_reached', detail: expect.stringContaining('最多 3 个') });
    // Another key is not affected by this key's subscriptions.
    expect((await subscribe(t.sys.key('department', 'FGW'), 'https://hooks.example.com/d', ['complaint.feedback_recorded'])).status).toBe(201);

    expect((await t.call('deleteWebhookSubscription', 'DELETE', `/api/v1/webhooks/subscriptions/${ids[0]}`, { key })).status).toBe(204);
    expect((await subscribe(key, 'https://hooks.example.com/d', ['complaint.feedback_recorded'])).status).toBe(201);
  });
});
