import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import {
  notFoundHandler,
  PROBLEM_KINDS,
  problemHandler,
  ProblemError,
  problemType,
  toProblemError,
  type ProblemKind,
} from '../../api/http/problem';

const logger = { error: jest.fn(), warn: jest.fn() };
const routes = new Map<string, RequestHandler>();

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.all('/throw/:name', (req, res, next) => {
    const handler = routes.get(String(req.params.name));
    if (!handler) return next();
    return handler(req, res, next);
  });
  app.use(notFoundHandler());
  app.use(problemHandler({ logger }));
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  logger.error.mockClear();
  routes.clear();
});

async function get(name: string, init: RequestInit = {}) {
  const res = await fetch(`${base}/throw/${name}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, unknown> };
}

describe('problemHandler', () => {
  it('when a handler throws a conflict ProblemError, then 409 problem+json with its type, reason and request id', async () => {
    routes.set('conflict', () => {
      throw ProblemError.conflict('supplement_already_requested', '该任务已一次性告知，不能再次告知。');
    });
    const r = await get('conflict', { headers: { 'x-request-id': 'req-123' } });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(r.headers.get('x-request-id')).toBe('req-123');
    expect(r.body).toEqual({
      type: 'https://approval.gov.local/problems/conflict',
      title: '状态冲突',
      status: 409,
      detail: '该任务已一次性告知，不能再次告知。',
      instance: '/throw/conflict',
      requestId: 'req-123',
      reason: 'supplement_already_requested',
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it.each(Object.keys(PROBLEM_KINDS) as ProblemKind[])('when a ProblemError of kind %s is thrown, then its status and stable type are sent', async (kind) => {
    routes.set('kind', () => {
      throw new ProblemError(kind, '说明');
    });
    const r = await get('kind');
    expect(r.status).toBe(PROBLEM_KINDS[kind].status);
    expect(r.body).toMatchObject({ type: problemType(kind), title: PROBLEM_KINDS[kind].title, status: PROBLEM_KINDS[kind].status });
  });

  it('when a ProblemError carries headers, then they are sent (Retry-After, Allow, WWW-Authenticate)', async () => {
    routes.set('limited', () => {
      throw ProblemError.rateLimited(30);
    });
    expect((await get('limited')).headers.get('retry-after')).toBe('30');
    routes.set('method', () => {
      throw ProblemError.methodNotAllowed(['get', 'post']);
    });
    expect((await get('method')).headers.get('allow')).toBe('GET, POST');
    routes.set('auth', () => {
      throw ProblemError.unauthorized();
    });
    expect((await get('auth')).headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('when an unknown error is thrown, then 500 internal without stack or message, logged with the request id', async () => {
    routes.set('boom', () => {
      throw new Error('connect ECONNREFUSED postgres://admin:s3cret@db');
    });
    const r = await get('boom');
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      type: 'https://approval.gov.local/problems/internal',
      title: '服务器内部错误',
      status: 500,
      instance: '/throw/boom',
      requestId: expect.any(String),
    });
    expect(r.text).not.toMatch(/s3cret|ECONNREFUSED|at .*\.ts/);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ requestId: r.body.requestId, err: expect.any(Error) }), 'request failed');
  });

  it('when a rejected promise escapes an async handler, then it also becomes a 500 problem', async () => {
    routes.set('async', async () => {
      await Promise.resolve();
      throw new TypeError('undefined is not a function');
    });
    const r = await get('async');
    expect(r.status).toBe(500);
    expect(r.text).not.toMatch(/TypeError/);
  });

  it('when express.json meets a syntax error or an oversized body, then 400 validation and 413', async () => {
    routes.set('json', (_req, res) => {
      res.json({});
    });
    const syntax = await get('json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ type: problemType('validation'), errors: [{ in: 'body', pointer: '', keyword: 'json' }] });
    const big = await get('json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
    expect(big.body.type).toBe(problemType('payload-too-large'));
  });

  it('when no route matches, then 404 not-found problem', async () => {
    const r = await get('nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ type: problemType('not-found'), detail: '未找到接口：GET /throw/nothing-here' });
  });

  it('when a non-Error value is thrown, then 500 without echoing it', async () => {
    routes.set('string', () => {
      throw 'secret-token-abc';
    });
    const r = await get('string');
    expect(r.status).toBe(500);
    expect(r.text).not.toMatch(/secret-token/);
  });
});

describe('toProblemError', () => {
  it('when given http-errors style statuses, then they map to the catalogue and unknown 4xx fall back to validation', () => {
    expect(toProblemError({ status: 404 }).kind).toBe('not-found');
    expect(toProblemError({ statusCode: 403 }).kind).toBe('forbidden');
    expect(toProblemError({ status: 418 }).kind).toBe('validation');
    expect(toProblemError({ status: 502 }).kind).toBe('internal');
    expect(toProblemError({ type: 'charset.unsupported', status: 415 }).kind).toBe('unsupported-media-type');
  });

  it('when a ProblemError is serialised, then empty errors and unset members are omitted', () => {
    expect(ProblemError.validation('x', []).toProblem()).toEqual({ type: problemType('validation'), title: '请求参数校验失败', status: 400, detail: 'x' });
  });
});
