import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { notFoundHandler, problemHandler } from '../../api/http/problem';
import { expressPath } from '../../api/http/openapi-document';
import {
  assertIfMatch,
  formatETag,
  jsonBodyParser,
  parseScalar,
  validated,
  validateRequest,
  validateRequests,
  type Body,
  type HeaderParams,
  type PathParams,
  type Query,
  type ResponseBody,
} from '../../api/http/validation';
import { expectResponseMatches } from '../support/openapi-response';

const silent = { error: jest.fn(), warn: jest.fn() };

const validSubmission = (): Body<'submitProject'> => ({
  applicant: { name: '某某新能源科技有限公司', uscc: '91330100MA2B3C4D5N', contact: { name: '张三', phone: '13800000000' } },
  project: { name: '年产 10 万套光伏组件项目', type: 'industrial', location: '经济开发区', investmentWan: 12000 },
  materials: [{ name: '项目备案申请表', copies: 1 }],
  firstInquiryStaff: '李四',
  agentId: 'AG-01',
});

function buildApp(): express.Express {
  const app = express();
  app.use(jsonBodyParser({ limit: '16kb' }));
  app.use(validateRequests());
  app.post(expressPath('submitProject'), (req, res) => {
    const v = validated(req, 'submitProject');
    res.status(200).json({ body: v.body, headers: v.headers });
  });
  app.get(expressPath('listTasks'), (req, res) => {
    const query: Query<'listTasks'> = validated(req, 'listTasks').query;
    res.json({ query });
  });
  app.get(expressPath('listApiKeys'), (req, res) => {
    res.json({ query: validated(req, 'listApiKeys').query });
  });
  app.post(expressPath('decideTask'), (req, res) => {
    const v = validated(req, 'decideTask');
    const path: PathParams<'decideTask'> = v.path;
    const headers: HeaderParams<'decideTask'> = v.headers;
    res.json({ path, ifMatch: headers['If-Match'], decision: v.body.decision });
  });
  // A second app style: per-route validation on a sub-router, as feature routers will do.
  const tasks = express.Router();
  tasks.post('/tasks/:taskId/acceptance', validateRequest('acceptTask'), (req, res) => {
    res.json({ path: validated(req, 'acceptTask').path, body: validated(req, 'acceptTask').body ?? null });
  });
  app.use('/v2-test', tasks);
  app.use(notFoundHandler());
  app.use(problemHandler({ logger: silent }));
  return app;
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = buildApp().listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function call(method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(base + url, { method, headers: init.headers, body: init.body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, contentType, text, json: contentType.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const JSON_HEADERS = { 'content-type': 'application/json', 'idempotency-key': 'k-0001-abcdef' };

describe('validateRequests', () => {
  it('when the body is malformed JSON, then 400 validation problem with a json keyword error', async () => {
    const r = await call('POST', '/api/v1/projects', { headers: JSON_HEADERS, body: '{"applicant": ' });
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ type: 'https://approval.gov.local/problems/validation', status: 400, errors: [{ in: 'body', pointer: '', keyword: 'json' }] });
    expectResponseMatches('submitProject', r.status, r.headers, r.json);
  });

  it('when an undeclared query parameter is sent, then 400 names that parameter', async () => {
    const r = await call('GET', '/api/v1/tasks?status=received&sort=asc');
    expect(r.status).toBe(400);
    expect(r.json?.errors).toEqual([{ in: 'query', parameter: 'sort', message: '不支持的查询参数', keyword: 'additionalProperties' }]);
  });

  it('when a body field has the wrong type, then 400 carries its JSON pointer and no coercion happens', async () => {
    const body = validSubmission() as unknown as { project: Record<string, unknown> };
    body.project.investmentWan = '12000';
    const r = await call('POST', '/api/v1/projects', { headers: JSON_HEADERS, body: JSON.stringify(body) });
    expect(r.status).toBe(400);
    expect(r.json?.errors).toEqual([{ in: 'body', pointer: '/project/investmentWan', message: '类型应为数字', keyword: 'type' }]);
  });

  it('when several fields are wrong, then all of them are reported at once', async () => {
    const body = { ...validSubmission(), extra: 1, applicant: { name: '', uscc: 'bad', contact: { name: '张三', phone: '138' } } };
    const r = await call('POST', '/api/v1/projects', { headers: JSON_HEADERS, body: JSON.stringify(body) });
    const pointers = (r.json?.errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/applicant/contact/phone', '/applicant/name', '/applicant/uscc', '/extra']);
  });

  it('when the request is valid, then the handler gets the body with declared defaults applied', async () => {
    const r = await call('POST', '/api/v1/projects', { headers: JSON_HEADERS, body: JSON.stringify(validSubmission()) });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ body: { project: { greenChannel: false } }, headers: { 'Idempotency-Key': 'k-0001-abcdef' } });
  });

  it('when Idempotency-Key is missing, then 400 names the header', async () => {
    const r = await call('POST', '/api/v1/projects', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(validSubmission()) });
    expect(r.status).toBe(400);
    expect(r.json?.errors).toEqual([expect.objectContaining({ in: 'header', parameter: 'Idempotency-Key', keyword: 'required' })]);
  });

  it('when the body is not JSON, then 415', async () => {
    const r = await call('POST', '/api/v1/projects', { headers: { ...JSON_HEADERS, 'content-type': 'text/plain' }, body: 'hello' });
    expect(r.status).toBe(415);
    expect(r.json?.type).toBe('https://approval.gov.local/problems/unsupported-media-type');
  });

  it('when a required body is absent, then 400 says the body is missing', async () => {
    const r = await call('POST', '/api/v1/projects', { headers: JSON_HEADERS });
    expect(r.status).toBe(400);
    expect(r.json?.errors).toEqual([expect.objectContaining({ in: 'body', pointer: '', keyword: 'required' })]);
  });

  it('when the body exceeds the limit, then 413 payload-too-large', async () => {
    const r = await call('POST', '/api/v1/projects', { headers: JSON_HEADERS, body: JSON.stringify({ pad: 'x'.repeat(20_000) }) });
    expect(r.status).toBe(413);
    expect(r.json?.type).toBe('https://approval.gov.local/problems/payload-too-large');
  });

  it('when query values are typed, then integers, booleans and repeated arrays are parsed explicitly', async () => {
    const ok = await call('GET', '/api/v1/tasks?status=received&status=accepted&limit=5&dueBefore=2026-03-31');
    expect(ok.json).toEqual({ query: { status: ['received', 'accepted'], limit: 5, dueBefore: '2026-03-31' } });
    const defaults = await call('GET', '/api/v1/api-keys?includeRevoked=true');
    expect(defaults.json).toEqual({ query: { includeRevoked: true } });
    const bad = await call('GET', '/api/v1/tasks?limit=1e1&light=purple&dueBefore=2026-02-30');
    expect((bad.json?.errors as { parameter: string }[]).map((e) => e.parameter).sort()).toEqual(['dueBefore', 'light', 'limit']);
    const twice = await call('GET', '/api/v1/tasks?limit=1&limit=2');
    expect(twice.json?.errors).toEqual([expect.objectContaining({ parameter: 'limit', message: '该参数只能出现一次' })]);
    const boolText = await call('GET', '/api/v1/api-keys?includeRevoked=1');
    expect(boolText.json?.errors).toEqual([expect.objectContaining({ parameter: 'includeRevoked', message: '类型应为布尔值' })]);
  });

  it('when If-Match is missing on a task action, then 428; when present, then the request passes', async () => {
    const body = JSON.stringify({ decision: 'rejected', reasons: ['不符合产业政策'] });
    const missing = await call('POST', '/api/v1/tasks/BZ-2026-000001.FGW-01/decision', { headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(428);
    expect(missing.json?.type).toBe('https://approval.gov.local/problems/precondition-required');
    expectResponseMatches('decideTask', missing.status, missing.headers, missing.json);
    const ok = await call('POST', '/api/v1/tasks/BZ-2026-000001.FGW-01/decision', { headers: { 'content-type': 'application/json', 'if-match': '"3"' }, body });
    expect(ok.json).toEqual({ path: { taskId: 'BZ-2026-000001.FGW-01' }, ifMatch: '"3"', decision: 'rejected' });
  });

  it('when a decision omits what its kind requires, then the discriminated branch reports the field', async () => {
    const headers = { 'content-type': 'application/json', 'if-match': '"1"' };
    const noReasons = await call('POST', '/api/v1/tasks/T1/decision', { headers, body: JSON.stringify({ decision: 'rejected' }) });
    expect(noReasons.json?.errors).toEqual([expect.objectContaining({ pointer: '/reasons', keyword: 'required' })]);
    const unknown = await call('POST', '/api/v1/tasks/T1/decision', { headers, body: JSON.stringify({ decision: 'maybe' }) });
    expect(unknown.json?.errors).toEqual([expect.objectContaining({ pointer: '/decision', keyword: 'discriminator' })]);
  });

  it('when a path parameter is badly encoded or malformed, then 400 names the path parameter', async () => {
    const r = await call('POST', '/api/v1/tasks/%E0%A4%A/decision', { headers: { 'if-match': '"1"' } });
    expect(r.status).toBe(400);
    expect(r.json?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'path', parameter: 'taskId' })]));
    const bad = await call('GET', '/api/v1/calendar/abc');
    expect(bad.json?.errors).toEqual([expect.objectContaining({ in: 'path', parameter: 'year', message: '类型应为整数' })]);
  });
});

describe('validateRequest (per route)', () => {
  it('when mounted on a sub-router, then path params come from Express and an optional body may be omitted', async () => {
    const r = await call('POST', '/v2-test/tasks/T-9/acceptance', { headers: { 'if-match': '"2"' } });
    expect(r.json).toEqual({ path: { taskId: 'T-9' }, body: null });
    const withBody = await call('POST', '/v2-test/tasks/T-9/acceptance', {
      headers: { 'if-match': '"2"', 'content-type': 'application/json' },
      body: JSON.stringify({ note: '材料齐全' }),
    });
    expect(withBody.json).toEqual({ path: { taskId: 'T-9' }, body: { note: '材料齐全' } });
  });

  it('when the operationId is unknown, then wiring fails immediately', () => {
    expect(() => validateRequest('nope' as never)).toThrow(/unknown operationId/);
  });
});

describe('parseScalar', () => {
  it.each([
    ['10', 'integer', 10],
    ['-3', 'integer', -3],
    ['010', 'integer', '010'],
    ['1.5', 'integer', '1.5'],
    ['99999999999999999999', 'integer', '99999999999999999999'],
    ['1.5', 'number', 1.5],
    ['abc', 'number', 'abc'],
    ['true', 'boolean', true],
    ['TRUE', 'boolean', 'TRUE'],
    ['5', 'string', '5'],
  ] as const)('when %p is parsed as %s, then the result is %p', (raw, kind, expected) => {
    expect(parseScalar(raw, kind)).toEqual(expected);
  });
});

describe('assertIfMatch and formatETag', () => {
  it('when If-Match names the current version (strong, weak, listed or *), then it passes', () => {
    expect(formatETag(3)).toBe('"3"');
    for (const header of ['"3"', 'W/"3"', '"2", "3"', '*']) expect(() => assertIfMatch(header, 3)).not.toThrow();
  });

  it('when If-Match names an older version, then 412 precondition-failed', () => {
    expect(() => assertIfMatch('"2"', 3)).toThrow(expect.objectContaining({ status: 412, type: 'https://approval.gov.local/problems/precondition-failed' }));
  });
});

// Compile-time checks: `tsc` fails here if the helper types drift from the generated contract.
type Eq<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _typeChecks: [
  Eq<Body<'acceptTask'>, { note?: string } | undefined>,
  Eq<Body<'getProject'>, undefined>,
  Eq<Query<'getProject'>, Record<string, never>>,
  Eq<Query<'listTasks'>['limit'], number | undefined>,
  Eq<PathParams<'getTask'>['taskId'], string>,
  Eq<HeaderParams<'decideTask'>['If-Match'], string>,
  Eq<ResponseBody<'getTask', 200>['status'], 'waiting' | 'received' | 'supplement_requested' | 'accepted' | 'decided' | 'not_started' | 'cancelled'>,
  Eq<ResponseBody<'getTask', 404>['type'], string>,
  Eq<ResponseBody<'deleteWebhookSubscription', 204>, undefined>,
] = [true, true, true, true, true, true, true, true, true];
void _typeChecks;
