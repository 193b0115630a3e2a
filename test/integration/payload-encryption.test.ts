/**
 * Payload encryption end to end (issue #16): after a whole project (with the applicant's contact)
 * and a complaint (with the complainant's contact) run through the gateway on a file-backed dev
 * server, neither Temporal's SQLite files nor `temporal workflow show` / `describe` contain those
 * contacts in clear text, while workflow ids (not encrypted) are found there — the search looks in
 * the right place. Failure messages are sealed too: a webhook delivery that keeps failing shows in
 * Temporal only as "Encoded failure". The system itself still reads everything back (the gateway answers from the
 * workflows through the same codec). With the gateway's codec server an admin — and only an admin —
 * reads them in clear: the CLI with an admin key, the Web UI's origin with an admin session.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveTemporalCli } from '../../lib/temporal/binaries';
import { digits, leakedIn, readableCliJson } from '../support/clear-text';
import { eventually } from '../support/eventually';
import { login } from '../support/session';
import { useTestSystem } from '../support/system';

const run = promisify(execFile);
const UI_ORIGIN = 'http://127.0.0.1:8233';

interface ApiTask {
  id: string;
  itemId: string;
  departmentId: string;
  status: string;
  version: number;
}

// Values that occur nowhere else, so a hit can only be ours.
const applicantPhone = `137${digits(8)}`;
const complainantPhone = `159${digits(8)}`;
const complainantEmail = `ts${digits(6)}@example.com`;
const contactName = '欧阳明远';
const complainantName = '司马静怡';
const SECRETS = [applicantPhone, complainantPhone, complainantEmail, contactName, complainantName];

const submission = {
  applicant: { name: '闽东冷链物流有限公司', uscc: '91350100M000100Y43', contact: { name: contactName, phone: applicantPhone } },
  project: { name: '冷链仓储中心项目', type: 'warehouse', location: '城南物流园', investmentWan: 600 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '陈窗口',
  agentId: 'AG-02',
};

const leaked = (haystack: Buffer): string[] => leakedIn(SECRETS, haystack);
/** Part of every webhook delivery failure's message (activities/webhooks.ts). */
const FAILURE_TEXT = '投递失败';

describe('payload encryption on the dev server', () => {
  const temporalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-temporal-'));
  const t = useTestSystem({ TEMPORAL_UI_ORIGINS: UI_ORIGIN }, { temporalDbFile: path.join(temporalDir, 'temporal.db') });
  let projectCode = '';
  let complaintId = '';
  let webhookId = '';

  afterAll(() => fs.rmSync(temporalDir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    run(resolveTemporalCli(), [...args, '--address', t.sys.env.address, '--namespace', 'default'], { maxBuffer: 64 * 1024 * 1024 });

  test('when a project and a complaint with contacts have run, then the gateway still reads them back through the codec', async () => {
    // A subscriber nobody answers for (nothing listens on the discard port): every delivery attempt fails,
    // and Temporal keeps the activity's failure — "事件 … 投递失败：…" — as the pending attempt's last failure.
    const hook = await t.call('createWebhookSubscription', 'POST', '/api/v1/webhooks/subscriptions', { key: t.sys.key('department', 'FGW'), body: { url: 'http://127.0.0.1:9/hooks' } });
    expect(hook.status).toBe(201);
    webhookId = `webhook-${hook.body.subscription.id}`;
    const window = t.sys.key('window');
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', { key: window, body: submission, headers: { 'Idempotency-Key': 'codec-0000001' } });
    expect(submitted.status).toBe(201);
    projectCode = submitted.body.code;

    // Decide every task as it reaches its department (dependants arrive after their prerequisites).
    const reply = await eventually(
      async () => {
        const queue = await t.call('listTasks', 'GET', `/api/v1/tasks?status=received&projectId=${projectCode}`, { key: t.sys.key('supervisor') });
        for (const task of queue.body.items as ApiTask[]) {
          const key = t.sys.key('department', task.departmentId);
          const accepted = await t.call('acceptTask', 'POST', `/api/v1/tasks/${task.id}/acceptance`, { key, body: {}, headers: { 'If-Match': `"${task.version}"` } });
          expect(accepted.status).toBe(200);
          const decided = await t.call('decideTask', 'POST', `/api/v1/tasks/${task.id}/decision`, {
            key,
            body: { decision: 'approved', permitNumber: `${task.itemId}-2026-7` },
            headers: { 'If-Match': accepted.headers.get('etag')! },
          });
          expect(decided.status).toBe(200);
        }
        return t.call('getConsolidatedReply', 'GET', `/api/v1/projects/${projectCode}/reply`, { key: window });
      },
      (r) => r.status === 200,
      '集中回复',
      60_000,
    );
    expect(reply.body.outcome).toBe('all_approved');

    const filed = await t.call('fileComplaint', 'POST', '/api/v1/complaints', {
      key: window,
      body: {
        departmentId: 'GTJ',
        projectId: projectCode,
        category: 'buck_passing',
        description: '部门要求补充已提交的材料',
        complainant: { name: complainantName, phone: complainantPhone, email: complainantEmail },
      },
      headers: { 'Idempotency-Key': 'codec-complaint-01' },
    });
    expect(filed.status).toBe(201);
    complaintId = filed.body.id;
    const assigned = await t.call('assignComplaint', 'POST', `/api/v1/complaints/${complaintId}/assignment`, {
      key: t.sys.key('supervisor'),
      body: { unitId: 'GTJ', workingDays: 5 },
    });
    expect(assigned.body.complainant).toEqual({ name: complainantName, phone: complainantPhone, email: complainantEmail });
  });

  test('when Temporal stores the histories, then its database files hold the workflow ids but none of the contacts', async () => {
    expect(projectCode).not.toBe('');
    const files = fs.readdirSync(temporalDir).filter((f) => f.startsWith('temporal.db'));
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(temporalDir, f))));
    expect(bytes.includes(Buffer.from(`project-${projectCode}`))).toBe(true);
    expect(bytes.includes(Buffer.from(`complaint-${complaintId}`))).toBe(true);
    expect(leaked(bytes)).toEqual([]);
    expect(bytes.includes(Buffer.from(FAILURE_TEXT))).toBe(false);
  });

  test('when an activity fails with a message, then Temporal shows the failure only as encoded, and the message is not in its files', async () => {
    // The delivery keeps failing; its last failure is in the workflow's pending activity.
    const described = await eventually(
      () => cli('workflow', 'describe', '--workflow-id', webhookId, '--output', 'json').then((r) => r.stdout),
      (out) => (JSON.parse(out) as { pendingActivities?: { lastFailure?: unknown }[] }).pendingActivities?.some((a) => a.lastFailure) === true,
      '投递失败的活动',
      60_000,
    );
    const [pending] = (JSON.parse(described) as { pendingActivities: { lastFailure: { message: string; applicationFailureInfo: { type: string } } }[] }).pendingActivities;
    expect([pending.lastFailure.message, pending.lastFailure.applicationFailureInfo.type]).toEqual(['Encoded failure', 'WebhookDeliveryFailed']);
    expect(readableCliJson(described).includes(Buffer.from(FAILURE_TEXT))).toBe(false);
    const files = fs.readdirSync(temporalDir).filter((f) => f.startsWith('temporal.db'));
    expect(Buffer.concat(files.map((f) => fs.readFileSync(path.join(temporalDir, f)))).includes(Buffer.from(FAILURE_TEXT))).toBe(false);
  });

  test('when an operator runs temporal workflow show and describe on every workflow, then no contact appears', async () => {
    const ids: string[] = [];
    for await (const w of t.sys.env.client.workflow.list()) ids.push(w.workflowId);
    expect(ids).toEqual(expect.arrayContaining([`project-${projectCode}`, `complaint-${complaintId}`, `tracking-${projectCode}`]));
    for (const id of ids) {
      // --detailed prints JSON payloads decoded; -o json prints them base64, which readableCliJson() decodes.
      const detailed = await cli('workflow', 'show', '--workflow-id', id, '--detailed');
      const shown = await cli('workflow', 'show', '--workflow-id', id, '--output', 'json');
      const described = await cli('workflow', 'describe', '--workflow-id', id, '--output', 'json');
      expect(shown.stdout).toContain(id);
      const seen = Buffer.concat([Buffer.from(detailed.stdout), readableCliJson(shown.stdout), readableCliJson(described.stdout)]);
      expect({ id, leaked: leaked(seen) }).toEqual({ id, leaked: [] });
    }
  });

  const codecEndpoint = () => `${t.sys.baseUrl}/api/v1/temporal-codec`;

  test('when an admin points the CLI at the codec server, then the contacts are decoded; any other role is refused', async () => {
    const shown = async (key: string, id: string) =>
      (await cli('workflow', 'show', '--workflow-id', id, '--detailed', '--codec-endpoint', codecEndpoint(), '--codec-auth', `Bearer ${key}`)).stdout;
    const admin = t.sys.key('admin');
    expect(await shown(admin, `project-${projectCode}`)).toContain(applicantPhone);
    expect(await shown(admin, `complaint-${complaintId}`)).toContain(complainantPhone);
    const refused = await shown(t.sys.key('supervisor'), `complaint-${complaintId}`).then(
      (out) => out,
      (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
    expect(refused).not.toContain(complainantPhone);
  });

  test('when the Web UI calls the codec server, then its origin gets CORS, an admin session decodes without a CSRF token, and others are refused', async () => {
    const [sealed] = (await cli('workflow', 'show', '--workflow-id', `complaint-${complaintId}`, '--output', 'json').then((r) => JSON.parse(r.stdout)))
      .events.map((e: { workflowExecutionStartedEventAttributes?: { input: { payloads: unknown[] } } }) => e.workflowExecutionStartedEventAttributes?.input.payloads[0])
      .filter(Boolean);
    const body = JSON.stringify({ payloads: [sealed] });
    const post = (headers: Record<string, string>) =>
      fetch(`${codecEndpoint()}/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body });

    const preflight = await fetch(`${codecEndpoint()}/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin'), preflight.headers.get('access-control-allow-credentials')]).toEqual([204, UI_ORIGIN, 'true']);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const foreign = await fetch(`${codecEndpoint()}/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const admin = await login(t.sys.baseUrl, t.sys.officer('admin').username, t.sys.officer('admin').password);
    const decoded = await post({ origin: UI_ORIGIN, cookie: admin.cookie });
    expect([decoded.status, decoded.headers.get('access-control-allow-origin')]).toEqual([200, UI_ORIGIN]);
    const [opened] = ((await decoded.json()) as { payloads: { data: string }[] }).payloads;
    expect(Buffer.from(opened.data, 'base64').toString('utf8')).toContain(complainantPhone);

    const supervisor = await login(t.sys.baseUrl, t.sys.officer('supervisor').username, t.sys.officer('supervisor').password);
    expect((await post({ origin: UI_ORIGIN, cookie: supervisor.cookie })).status).toBe(403);
    expect((await post({ origin: UI_ORIGIN })).status).toBe(401);

    // Encoding is the inverse, with the current key; a tampered payload is named in a 400.
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(`"${applicantPhone}"`).toString('base64') };
    const encoded = await t.call('encodeTemporalPayloads', 'POST', '/api/v1/temporal-codec/encode', { key: t.sys.key('admin'), body: { payloads: [plain] } });
    expect(Buffer.from(encoded.body.payloads[0].data, 'base64').includes(Buffer.from(applicantPhone))).toBe(false);
    const roundTrip = await t.call('decodeTemporalPayloads', 'POST', '/api/v1/temporal-codec/decode', { key: t.sys.key('admin'), body: encoded.body });
    expect(roundTrip.body.payloads).toEqual([plain]);
    const broken = { ...encoded.body.payloads[0], data: Buffer.from('x'.repeat(40)).toString('base64') };
    const refused = await t.call('decodeTemporalPayloads', 'POST', '/api/v1/temporal-codec/decode', { key: t.sys.key('admin'), body: { payloads: [plain, broken] } });
    expect([refused.status, refused.body.errors[0].pointer]).toEqual([400, '/payloads/1']);
  });
});
