/**
 * Webhook secrets over HTTP: stored sealed (AES-256-GCM), rotated with rotateWebhookSecret,
 * and during the overlap every delivery carries both signatures. The receiver here accepts a
 * delivery only if it verifies with the one secret it currently trusts; it switches from the
 * old secret to the new one in the middle of the overlap and still loses nothing.
 */
import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { APPLICANT } from '../support/scenario';
import { eventually } from '../support/eventually';
import { useTestSystem } from '../support/system';

describe('webhook secret rotation over HTTP', () => {
  const t = useTestSystem({ WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '1' });
  let receiver: Server;
  let port: number;
  let trusted: Webhook | undefined;
  const accepted: Array<{ id: string; signatures: number }> = [];
  let refused = 0;
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        const headers = req.headers as IncomingHttpHeaders & Record<string, string>;
        try {
          trusted!.verify(raw, headers);
          accepted.push({ id: headers['webhook-id'], signatures: headers['webhook-signature'].split(' ').length });
          res.writeHead(204).end();
        } catch {
          refused++;
          res.writeHead(401).end();
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  async function submitAndReceive(n: number): Promise<string> {
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: {
        applicant: APPLICANT,
        project: { name: `密钥轮换测试项目 ${n}`, type: 'warehouse', location: '城东工业园 7 号地块', investmentWan: 500 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: '李窗口',
      },
      headers: { 'Idempotency-Key': `rotation-${n}` },
    });
    expect(submitted.status).toBe(201);
    const events = await eventually(
      () => t.call('listEvents', 'GET', `/api/v1/events?projectId=${submitted.body.code}&limit=50`, { key: t.sys.key('supervisor') }),
      (r) => r.body.events.some((e: { type: string }) => e.type === 'project.submitted'),
      '受理事件进入事件流',
    );
    const id = events.body.events.find((e: { type: string }) => e.type === 'project.submitted').id as string;
    await eventually(async () => accepted.map((a) => a.id), (ids) => ids.includes(id), `事件 ${id} 送达`);
    return id;
  }

  test('when the secret is rotated and the receiver switches secrets inside the overlap, then every delivery verifies and none is lost', async () => {
    const supervisor = t.sys.key('supervisor');
    const created = await t.call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', {
      key: supervisor,
      body: { url: `http://127.0.0.1:${port}/hooks`, eventTypes: ['project.submitted'] },
    });
    expect(created.status).toBe(201);
    const { subscription, secret: oldSecret } = created.body;
    expect(subscription.previousSecretExpiresAt).toBeNull();

    // At rest the secret is sealed with the configured key, never stored as issued.
    const row = await t.sys.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(row.secret).toMatch(/^enc:v1:test:/);
    expect(row.secret).not.toContain(oldSecret.slice(6));

    trusted = new Webhook(oldSecret);
    const before = await submitAndReceive(1);

    // Only the owner (or an admin) may rotate.
    const base = `/api/v1/webhooks/subscriptions/${subscription.id}`;
    expect((await t.call('rotateWebhookSecret', 'POST', `${base}/secret-rotation`, { key: t.sys.key('department', 'FGW') })).status).toBe(404);
    const rotated = await t.call('rotateWebhookSecret', 'POST', `${base}/secret-rotation`, { key: supervisor });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(expires - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect(rotated.body.subscription).toMatchObject({ id: subscription.id, previousSecretExpiresAt: rotated.body.previousSecretExpiresAt });

    // Still on the old secret: the dual signature keeps it working.
    const during = await submitAndReceive(2);
    // The receiver deploys the new secret while the overlap runs.
    trusted = new Webhook(newSecret);
    const after = await submitAndReceive(3);

    expect(refused).toBe(0);
    expect(accepted.map((a) => a.id)).toEqual([before, during, after]);
    expect(accepted.map((a) => a.signatures)).toEqual([1, 2, 2]);
    const log = await t.call('listWebhookDeliveries', 'GET', `${base}/deliveries?status=failed`, { key: supervisor });
    expect(log.body.items).toEqual([]);
  });
});
