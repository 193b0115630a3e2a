/**
 * Request ids and metrics at the edge, on the real Express app with stubbed dependencies: every
 * response — successes, problems, unknown routes — carries X-Request-Id, every log line carries the
 * same id, API keys never reach the logs, and /metrics labels requests by contract operationId.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import pino from 'pino';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/context';
import { generateKey } from '../../lib/auth/keys';
import { configSchema } from '../../lib/config';
import { responseViolations } from '../support/openapi-response';

const METRICS_TOKEN = 'scrape-token-0123456789';
const { key, prefix } = generateKey();

function stubDeps(lines: string[]): ApiDeps {
  const db = {
    apiKey: {
      findUnique: async ({ where }: { where: { prefix: string } }) =>
        where.prefix === prefix
          ? { id: `key_${prefix}`, hash: createHash('sha256').update(key).digest('hex'), role: 'supervisor', label: '督查（测试）', departmentId: null, agentId: null, revokedAt: null }
          : null,
    },
    task: {
      findMany: async () => {
        throw new Error('connection to the read model was lost');
      },
      groupBy: async () => [
        { status: 'received', light: 'green', _count: { _all: 3 } },
        { status: 'accepted', light: 'red', _count: { _all: 1 } },
      ],
    },
    project: { groupBy: async () => [{ status: 'in_review', _count: { _all: 2 } }] },
    $queryRawUnsafe: async () => 1,
  };
  const temporal = { workflowService: { describeNamespace: async () => ({}) } };
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const config = configSchema.parse({ LOG_LEVEL: 'info', METRICS_TOKEN });
  return { db, temporal, config, logger } as unknown as ApiDeps;
}

describe('request ids, logs and metrics at the edge', () => {
  const lines: string[] = [];
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createApp(stubDeps(lines)).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const cases: { name: string; method: string; path: string; status: number; headers?: Record<string, string>; body?: string }[] = [
    { name: 'a public health check', method: 'GET', path: '/health', status: 200 },
    { name: 'an unknown path', method: 'GET', path: '/nope', status: 404 },
    { name: 'an unknown /api path', method: 'GET', path: '/api/v1/nope', status: 404, headers: { authorization: `Bearer ${key}` } },
    { name: 'an undeclared method', method: 'DELETE', path: '/api/v1/projects', status: 405, headers: { authorization: `Bearer ${key}` } },
    { name: 'a missing API key', method: 'GET', path: '/api/v1/tasks', status: 401 },
    { name: 'an undeclared query parameter', method: 'GET', path: '/api/v1/tasks?bogus=1', status: 400, headers: { authorization: `Bearer ${key}` } },
    { name: 'malformed JSON', method: 'POST', path: '/api/v1/deadlines/compute', status: 400, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"startDate":' },
    { name: 'a failing database', method: 'GET', path: '/api/v1/tasks', status: 500, headers: { authorization: `Bearer ${key}` } },
  ];

  test.each(cases)('when a request meets $name, then the response and every log line of it carry one request id', async (c) => {
    const before = lines.length;
    const res = await fetch(base + c.path, { method: c.method, headers: c.headers, body: c.body });
    const text = await res.text();
    expect(res.status).toBe(c.status);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    if (res.status >= 400) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(text)).toMatchObject({ status: c.status, requestId: id });
    }
    const logged = lines.slice(before).map((l) => JSON.parse(l) as { req?: { id?: string } });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.map((l) => l.req?.id)).toEqual(logged.map(() => id));
    expect(lines.slice(before).join('')).not.toContain(key);
  });

  test('when the caller sends a well-formed X-Request-Id, then the response, problem body and log reuse it', async () => {
    const before = lines.length;
    const res = await fetch(`${base}/api/v1/tasks`, { headers: { 'x-request-id': 'dept-sys.42' } });
    expect(res.headers.get('x-request-id')).toBe('dept-sys.42');
    expect(((await res.json()) as { requestId: string }).requestId).toBe('dept-sys.42');
    expect(lines.slice(before).every((l) => (JSON.parse(l) as { req: { id: string } }).req.id === 'dept-sys.42')).toBe(true);
  });

  test('when the caller sends a malformed X-Request-Id, then a fresh id replaces it', async () => {
    const res = await fetch(`${base}/nope`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when METRICS_TOKEN is configured and a scraper omits or misstates it, then 401 problem+json', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Bearer ${key}` }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/metrics`, { headers });
      const body: unknown = await res.json();
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(responseViolations('getMetrics', res.status, res.headers, body)).toEqual([]);
    }
  });

  test('when scraped with the token, then request metrics are labelled by operationId and read-model gauges are filled', async () => {
    await fetch(`${base}/api/v1/tasks`);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(responseViolations('getMetrics', res.status, res.headers, text)).toEqual([]);
    expect(text).toMatch(/approval_http_requests_total\{operation_id="listTasks",method="GET",status_class="4xx"\} \d+/);
    expect(text).toMatch(/approval_http_requests_total\{operation_id="unmatched",method="GET",status_class="4xx"\} \d+/);
    expect(text).toMatch(/approval_http_request_duration_seconds_bucket\{le="0.005",operation_id="getHealth",method="GET",status_class="2xx"\} \d+/);
    expect(text).toContain('approval_tasks{status="received",light="green"} 3');
    expect(text).toContain('approval_tasks{status="accepted",light="red"} 1');
    expect(text).toContain('approval_tasks{status="decided",light="yellow"} 0');
    expect(text).toContain('approval_projects{status="in_review"} 2');
    expect(text).toContain('approval_read_model_up 1');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toMatch(/operation_id="[^"]*\/[^"]*"/);
  });
});
