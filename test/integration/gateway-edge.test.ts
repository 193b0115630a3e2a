/**
 * The gateway's protective limits on a real system configured tight (5 requests per key per
 * minute, 2 KB bodies): bursts get 429 with Retry-After per key, oversized bodies 413, malformed
 * or hostile bodies a 4xx problem and never a crash; /metrics counts the read model.
 */
import { APPLICANT } from '../support/scenario';
import net from 'node:net';
import { createApiKey, type KeyRole } from '../../lib/auth/keys';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';

const LIMIT = 5;

const submission = {
  applicant: APPLICANT,
  project: { name: '限流测试项目', type: 'warehouse', location: '城东工业园 3 号地块', investmentWan: 800 },
  materials: [{ name: '项目申请报告', copies: 1 }],
  firstInquiryStaff: '李窗口',
};

describe('gateway limits and hostile input', () => {
  let sys: TestSystem;
  let call: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    sys = await startTestSystem({ RATE_LIMIT_PER_MINUTE: String(LIMIT), API_BODY_LIMIT: '2kb' });
    call = apiClient(sys.baseUrl);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  /** Each test spends its own key, so the 5-per-minute budget of one test never starves another. */
  async function freshKey(role: KeyRole = 'supervisor'): Promise<string> {
    const binding = role === 'department' ? { departmentId: 'FGW' } : role === 'window' ? { servicePointId: 'XZFW' } : {};
    return (await createApiKey(sys.db, { role, label: `限流测试 ${role}`, ...binding })).key;
  }

  async function stillServing(): Promise<void> {
    const r = await call('listDepartments', 'GET', '/api/v1/departments', { key: await freshKey() });
    expect(r.status).toBe(200);
  }

  test('when one key bursts past the per-minute limit, then it gets 429 problem+json with Retry-After while other keys are served', async () => {
    const key = await freshKey();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) statuses.push((await call('listDepartments', 'GET', '/api/v1/departments', { key })).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));

    const limited = await call('listApprovalItems', 'GET', '/api/v1/approval-items', { key });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body.type).toBe('https://approval.gov.local/problems/rate-limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60).toBe(true);
    expect(limited.headers.get('x-request-id')).toBe(limited.body.requestId);
    expect(limited.headers.get('ratelimit-policy')).toMatch(new RegExp(`q=${LIMIT}`));

    await stillServing();
  });

  test('when a body exceeds API_BODY_LIMIT, then 413 problem+json and nothing is created', async () => {
    const key = await freshKey('window');
    const big = { ...submission, materials: Array.from({ length: 40 }, (_, i) => ({ name: `材料 ${i}`, note: '很长的备注'.repeat(10) })) };
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(2048);
    const r = await call('submitProject', 'POST', '/api/v1/projects', { key, body: big, headers: { 'Idempotency-Key': 'too-large-0001' } });
    expect([r.status, r.body.type]).toEqual([413, 'https://approval.gov.local/problems/payload-too-large']);
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect(await sys.db.idempotencyRecord.count({ where: { key: 'too-large-0001' } })).toBe(0);
  });

  const hostile: { name: string; contentType: string; body: string | Buffer; expected: number }[] = [
    { name: 'truncated JSON', contentType: 'application/json', body: '{"startDate":"2026-03-02","workingDays":', expected: 400 },
    { name: 'a bare JSON string', contentType: 'application/json', body: '"2026-03-02"', expected: 400 },
    { name: 'JSON null', contentType: 'application/json', body: 'null', expected: 400 },
    { name: 'invalid UTF-8 bytes', contentType: 'application/json', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), expected: 400 },
    { name: 'a prototype-pollution key', contentType: 'application/json', body: '{"__proto__":{"isAdmin":true},"startDate":"2026-03-02","workingDays":5}', expected: 400 },
    { name: 'deep nesting', contentType: 'application/json', body: '['.repeat(1000) + ']'.repeat(1000), expected: 400 },
    { name: 'a non-JSON media type', contentType: 'text/plain', body: 'startDate=2026-03-02', expected: 415 },
    { name: 'an unsupported charset', contentType: 'application/json; charset=latin1', body: '{"startDate":"2026-03-02","workingDays":5}', expected: 415 },
  ];

  test.each(hostile)('when the body is $name, then a $expected problem comes back and the server keeps answering', async ({ contentType, body, expected }) => {
    const res = await fetch(`${sys.baseUrl}/api/v1/deadlines/compute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await freshKey()}`, 'content-type': contentType },
      body,
    });
    const problem = (await res.json()) as { status: number; requestId: string };
    expect([res.status, res.headers.get('content-type')?.split(';')[0], problem.status]).toEqual([expected, 'application/problem+json', expected]);
    expect(res.headers.get('x-request-id')).toBe(problem.requestId);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    await stillServing();
  });

  test('when a client promises a body and hangs up halfway, then the server keeps answering', async () => {
    const { port } = new URL(sys.baseUrl);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/v1/deadlines/compute HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"startDate":',
          () => socket.destroy(),
        );
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await stillServing();
  });

  test('when Prometheus scrapes /metrics, then it reads read-model counts and per-operation request metrics', async () => {
    const window = await freshKey('window');
    const submitted = await call('submitProject', 'POST', '/api/v1/projects', { key: window, body: submission, headers: { 'Idempotency-Key': 'metrics-0001' } });
    expect(submitted.status).toBe(201);
    const res = await fetch(`${sys.baseUrl}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('version=0.0.4');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const gauge = (line: RegExp) => Number(line.exec(text)?.[1] ?? NaN);
    expect(gauge(/^approval_projects\{status="in_review"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(gauge(/^approval_tasks\{status="received",light="green"\} (\d+)$/m)).toBeGreaterThanOrEqual(2);
    expect(gauge(/^approval_read_model_up (\d+)$/m)).toBe(1);
    expect(gauge(/^approval_http_requests_total\{operation_id="submitProject",method="POST",status_class="2xx"\} (\d+)$/m)).toBe(1);
    expect(gauge(/^approval_http_requests_total\{operation_id="listApprovalItems",method="GET",status_class="4xx"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
  });
});
