/**
 * Regression tests for the holes found by fuzzing and probing (issue #10), over real HTTP: the
 * requests that answered 500 now get a 4xx with a Chinese detail, the API prefix is closed in
 * every letter case, strings no store can keep are refused at the edge, failed authentication
 * is rate-limited per client address, anonymous /health hides driver errors, and a principal
 * that lost its binding sees nothing.
 */
import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../../api/app';
import { createApiKey } from '../../lib/auth/keys';
import { configSchema } from '../../lib/config';
import { APPLICANT } from '../support/scenario';
import { useTestSystem } from '../support/system';

describe('gateway edge hardening over HTTP', () => {
  const t = useTestSystem();
  const raw = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${t.sys.baseUrl}${path}`, { ...init, headers: { ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), ...(init.headers ?? {}) } });

  test.each([
    ['getCalendarYear', '/api/v1/calendar/2100', 'admin'],
    ['getStatistics', '/api/v1/statistics?from=0927-05-03&to=7929-02-03', 'supervisor'],
    ['getStatistics', '/api/v1/statistics?from=2026-01-01&to=7929-02-03', 'department'],
    ['listAccountabilityRecords', '/api/v1/accountability-records?from=0256-07-13&departmentId=FGW', 'supervisor'],
    ['exportAccountabilityRecords', '/api/v1/accountability-records/export?from=1049-04-24&to=6937-10-10&departmentId=GTJ', 'admin'],
  ] as const)('when %s is asked for %s, then it is a 400 with a Chinese detail, not a 500', async (operationId, path, role) => {
    const key = role === 'department' ? t.sys.key('department', 'FGW') : t.sys.key(role);
    const res = await t.call(operationId, 'GET', path, { key });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://approval.gov.local/problems/validation');
    expect(JSON.stringify(res.body.errors)).toMatch(/[\u4e00-\u9fff]/);
  });

  test('when the quarterly report is exported for a year far ahead, or a year whose 端午 is 27 May is read, then it answers instead of a 500', async () => {
    // The export reads every year from the first event on; 2039 and 2085 broke the provisional calendar.
    const submitted = await t.call('submitProject', 'POST', '/api/v1/projects', {
      key: t.sys.key('window'),
      body: {
        applicant: APPLICANT,
        project: { name: '远期统计测试项目', type: 'warehouse', location: '城东工业园 9 号地块', investmentWan: 300 },
        materials: [{ name: '项目申请报告', copies: 1 }],
        firstInquiryStaff: '李窗口',
      },
      headers: { 'Idempotency-Key': 'edge-statistics-0001' },
    });
    expect(submitted.status).toBe(201);
    const csv = await raw('/api/v1/statistics/export?year=2098&quarter=1&format=csv', { key: t.sys.key('supervisor') });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toMatch(/^\uFEFF?范围,受理数/);
    const calendar = await t.call('getCalendarYear', 'GET', '/api/v1/calendar/2039', { key: t.sys.key('admin') });
    expect(calendar.status).toBe(200);
    expect(calendar.body.holidays).toContain('2039-05-27');
    const json = await t.call('exportStatistics', 'GET', '/api/v1/statistics/export?year=2099&quarter=4&format=json', { key: t.sys.key('admin') });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ from: '2099-10-01', to: '2099-12-31', county: { tasksReceived: 0 } });
  });

  test('when a schema-valid request names an empty range or a cursor this server never issued, then it is answered (empty), not refused', async () => {
    const supervisor = t.sys.key('supervisor');
    const stats = await t.call('getStatistics', 'GET', '/api/v1/statistics?from=2026-12-31&to=2026-01-01', { key: supervisor });
    expect(stats.status).toBe(200);
    expect(stats.body.county).toMatchObject({ tasksReceived: 0, tasksConcluded: 0 });
    expect((await t.call('getStatistics', 'GET', '/api/v1/statistics?from=1901-01-01&to=2099-12-31', { key: supervisor })).status).toBe(200);
    const records = await t.call('listAccountabilityRecords', 'GET', '/api/v1/accountability-records?from=2026-12-31&to=2026-01-01', { key: supervisor });
    expect(records).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    for (const cursor of ['0', 'AAAA', 'zzzz_-']) {
      const page = await t.call('listProjects', 'GET', `/api/v1/projects?cursor=${cursor}`, { key: supervisor });
      expect([cursor, page.status, page.body.items]).toEqual([cursor, 200, []]);
    }
    expect((await t.call('listProjects', 'GET', '/api/v1/projects?cursor=a%2Bb', { key: supervisor })).status).toBe(400);
  });

  test('when an API path is spelt in another letter case or with a trailing slash, then without a key it is 401 and with one it is 404; no handler runs', async () => {
    for (const path of ['/API/v1/api-keys', '/Api/V1/api-keys', '/api/v1/api-keys/', '/api/v1/API-KEYS', '/api/nothing-here', '/api']) {
      const anonymous = await raw(path);
      expect([path, anonymous.status]).toEqual([path, 401]);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const admin = await raw(path, { key: t.sys.key('admin') });
      expect([path, admin.status]).toEqual([path, 404]);
      const body = (await admin.json()) as { type: string; detail: string };
      expect(body.type).toBe('https://approval.gov.local/problems/not-found');
      expect(body.detail).toMatch(/未找到接口/);
    }
    expect((await raw('/api/v1/api-keys', { method: 'PATCH', key: t.sys.key('admin') })).status).toBe(405);
  });

  test('when a string holds NUL or an unpaired surrogate anywhere, then the request is refused with 400 before it reaches a handler', async () => {
    const key = t.sys.key('admin');
    // Raw JSON text: the escapes must reach the server as written.
    const createKey = (json: string) => raw('/api/v1/api-keys', { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: json });
    const nulBody = await createKey('{"role":"supervisor","label":"a\\u0000b"}');
    expect(nulBody.status).toBe(400);
    expect(await nulBody.json()).toMatchObject({ errors: [{ in: 'body', pointer: '/label', keyword: 'characters' }] });
    expect((await createKey('{"role":"supervisor","label":"\\ud800x"}')).status).toBe(400);
    expect((await createKey('{"role":"supervisor","label":"ok","\\udc00":1}')).status).toBe(400);
    expect((await raw('/api/v1/projects?q=%00', { key })).status).toBe(400);
    expect((await raw('/api/v1/projects/XM-2026-%00', { key })).status).toBe(400);
    // Nothing was stored on the way (PostgreSQL cannot even be asked about a NUL, so look for what surrounds it).
    expect(await t.sys.db.apiKey.count({ where: { OR: [{ label: { startsWith: 'a' }, role: 'supervisor' }, { label: 'ok' }, { label: { endsWith: 'x' } }] } })).toBe(0);
  });

  test('when an Idempotency-Key arrives with spaces around it, then it is the same key (HTTP strips them, and the contract says so)', async () => {
    // node:http sends the value as written; fetch would trim it on the client and prove nothing.
    const file = (key: string) =>
      new Promise<{ status: number; replayed: string | undefined; id: string }>((resolve, reject) => {
        const req = request(`${t.sys.baseUrl}/api/v1/complaints`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.sys.key('supervisor')}`, 'content-type': 'application/json', 'idempotency-key': key },
        });
        req.on('error', reject).on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8'))).on('end', () => {
            const replayed = res.headers['idempotent-replayed'];
            resolve({ status: res.statusCode ?? 0, replayed: typeof replayed === 'string' ? replayed : undefined, id: (JSON.parse(text) as { id: string }).id });
          });
        });
        req.end(JSON.stringify({ departmentId: 'FGW', category: 'other', description: '空白幂等键', complainant: { name: '张三', phone: '13800000000' } }));
      });
    const first = await file(' \tws-key-000001 ');
    const again = await file('ws-key-000001');
    expect([first.status, again.status, again.replayed, again.id]).toEqual([201, 201, 'true', first.id]);
  });

  test('when a department or agent key has lost its binding, then it is refused everywhere instead of seeing everything', async () => {
    for (const role of ['department', 'agent'] as const) {
      const agentId = t.sys.credentials.find((c) => c.role === 'agent')?.agentId;
      const created = await createApiKey(t.sys.db, { role, label: `无绑定 ${role}`, departmentId: 'FGW', agentId });
      await t.sys.db.apiKey.update({ where: { id: created.id }, data: { departmentId: null, agentId: null } });
      const path = role === 'department' ? '/api/v1/tasks' : '/api/v1/projects';
      const res = await t.call(role === 'department' ? 'listTasks' : 'listProjects', 'GET', path, { key: created.key });
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/未绑定/);
    }
  });

  describe('with a gateway of its own', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      server = undefined;
    });

    /** A second gateway on the same database, with its own limits and a Temporal that is down. */
    async function gateway(env: Record<string, string>): Promise<string> {
      const config = configSchema.parse({ DATABASE_URL: t.sys.databaseUrl, LOG_LEVEL: 'silent', API_PORT: '0', ...env });
      const temporal = {
        workflowService: { describeNamespace: () => Promise.reject(new Error('connect ECONNREFUSED temporal.internal.example:7233 (user approval_svc)')) },
      } as unknown as Client;
      server = createApp({ db: t.sys.db, temporal, config, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server!.once('listening', resolve));
      return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    }

    test('when one address keeps failing authentication, then it is rate-limited before authentication and the 401s count', async () => {
      const base = await gateway({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await fetch(`${base}/api/v1/projects`, { headers: { authorization: `Bearer guess-${i}` } })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Even a valid key from that address waits now.
      const valid = await fetch(`${base}/api/v1/departments`, { headers: { authorization: `Bearer ${t.sys.key('admin')}` } });
      expect(valid.status).toBe(429);
      expect(Number(valid.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    test('when the edge is a trusted proxy, then each client behind it has its own address limit, and others cannot pick an address', async () => {
      const probe = (base: string, forwardedFor: string) =>
        fetch(`${base}/api/v1/projects`, { headers: { authorization: 'Bearer guess', 'x-forwarded-for': forwardedFor } }).then((r) => r.status);
      const behindEdge = await gateway({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
      expect([await probe(behindEdge, '203.0.113.1'), await probe(behindEdge, '203.0.113.1'), await probe(behindEdge, '203.0.113.1')]).toEqual([401, 401, 429]);
      expect(await probe(behindEdge, '203.0.113.2')).toBe(401);
      await new Promise((resolve) => server!.close(resolve));

      // Without TRUST_PROXY the header is the client's own claim: every request counts for the socket's address.
      const direct = await gateway({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '2' });
      expect([await probe(direct, '203.0.113.1'), await probe(direct, '203.0.113.2'), await probe(direct, '203.0.113.3')]).toEqual([401, 401, 429]);
    });

    test('when a dependency is down, then anonymous /health shows no driver text and an admin key sees it', async () => {
      const base = await gateway({});
      const anonymous = await fetch(`${base}/health`);
      expect(anonymous.status).toBe(503);
      const text = await anonymous.text();
      expect(text).not.toMatch(/temporal\.internal|approval_svc|ECONNREFUSED/);
      expect(JSON.parse(text).checks.temporal).toMatchObject({ status: 'down', detail: expect.stringContaining('仅管理员可见') });
      const notAdmin = await fetch(`${base}/health`, { headers: { authorization: `Bearer ${t.sys.key('supervisor')}` } });
      expect(await notAdmin.text()).not.toMatch(/temporal\.internal/);
      const admin = await fetch(`${base}/health`, { headers: { authorization: `Bearer ${t.sys.key('admin')}` } });
      expect(((await admin.json()) as { checks: { temporal: { detail: string } } }).checks.temporal.detail).toMatch(/temporal\.internal/);
    });
  });
});
