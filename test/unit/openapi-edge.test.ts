import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { DOCS_TITLE, docsRouter } from '../../api/http/docs';
import { notFoundHandler, problemHandler } from '../../api/http/problem';
import { jsonBodyParser, validated, validateRequests } from '../../api/http/validation';
import { expressPath } from '../../api/http/openapi-document';
import { expectResponseMatches, responseViolations } from '../support/openapi-response';

const logger = { error: jest.fn(), warn: jest.fn() };

function buildApp(): express.Express {
  const app = express();
  app.use(docsRouter());
  app.use(jsonBodyParser({ limit: '8kb' }));
  app.use(validateRequests());
  app.get(expressPath('getTask'), (req, res) => {
    const { taskId } = validated(req, 'getTask').path;
    res.setHeader('ETag', '"1"');
    res.json({ id: taskId });
  });
  app.post(expressPath('submitProject'), (req, res) => {
    res.status(201).json(validated(req, 'submitProject').body);
  });
  app.use(notFoundHandler());
  app.use(problemHandler({ logger }));
  return app;
}

let server: Server;
let port: number;
let base: string;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown): void => {
  uncaught.push(err);
};

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  server = buildApp().listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await new Promise((resolve) => server.close(resolve));
});

/** Writes bytes straight to the socket so clients cannot normalise the malformed request away. */
function rawRequest(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('docs router', () => {
  it('when /openapi.json is fetched, then the document is served as JSON with an ETag honoured by If-None-Match', async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; info: { title: string } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('并联审批集成网关 API');
    // fetch() adds `Cache-Control: no-cache` to manual conditional requests unless one is given.
    const again = await fetch(`${base}/openapi.json`, {
      headers: { 'if-none-match': res.headers.get('etag') ?? '', 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  it('when /docs is opened, then a Chinese-titled page loads Swagger UI from local assets only', async () => {
    const res = await fetch(`${base}/docs`);
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain(`<title>${DOCS_TITLE}</title>`);
    expect(html).not.toMatch(/https?:\/\//);
    for (const src of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string)) {
      expect([src, (await fetch(base + src)).status]).toEqual([src, 200]);
    }
    const init = await (await fetch(`${base}/docs/init.js`)).text();
    expect(init).toContain('validatorUrl: null');
    expect(init).toContain('"url":"/openapi.json"');
  });

  it("when swagger-ui-dist's Petstore index is requested, then it is not served", async () => {
    const res = await fetch(`${base}/docs/assets/index.html`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the edge over real HTTP', () => {
  it('when a contract path is called with an undeclared method, then 405 with Allow', async () => {
    const res = await fetch(`${base}/api/v1/projects`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('when an unknown route is called, then 404 problem that matches the Problem schema', async () => {
    const res = await fetch(`${base}/api/v1/nowhere?x=1`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(404);
    expect(body.instance).toBe('/api/v1/nowhere');
    expectResponseMatches('getProject', res.status, res.headers, body);
  });

  it('when bombarded with malformed input, then every answer is a 4xx problem and the server keeps serving', async () => {
    const json = { 'content-type': 'application/json', 'idempotency-key': 'key-12345678' };
    const attempts: [string, RequestInit][] = [
      ['/api/v1/projects', { method: 'POST', headers: json, body: 'null' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: '"text"' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: '[]' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: '{"__proto__":{"polluted":true}}' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: '{"constructor":{"prototype":{"x":1}}}' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: '\u0000\u0001\u0002' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: '{"a":'.repeat(3000) }],
      ['/api/v1/projects', { method: 'POST', headers: { ...json, 'content-type': 'application/json; charset=latin-9' }, body: '{}' }],
      ['/api/v1/projects', { method: 'POST', headers: { ...json, 'content-encoding': 'br' }, body: '{}' }],
      ['/api/v1/projects', { method: 'POST', headers: json, body: 'x'.repeat(20_000) }],
      ['/api/v1/tasks/%00/acceptance', { method: 'POST' }],
      ['/api/v1/tasks?limit=%FF&status[]=x&status[x]=y', {}],
      ['/api/v1/tasks/%E0%A4%A', {}],
      ['/api/v1/projects/' + 'a'.repeat(5000), {}],
      ['/api/v1/calendar/99999999999999999999999', {}],
      ['/api/v1/events?limit=-1&after=', {}],
    ];
    for (const [url, init] of attempts) {
      const res = await fetch(base + url, init);
      const text = await res.text();
      expect([url, res.status >= 400 && res.status < 500]).toEqual([url, true]);
      expect([url, res.headers.get('content-type')]).toEqual([url, 'application/problem+json; charset=utf-8']);
      expect(text).not.toMatch(/\n\s+at /);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const raw = await rawRequest('GET /api/v1/tasks/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 4\d\d/);
    const garbage = await rawRequest('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
    expect(uncaught).toEqual([]);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('when a handler responds, then expectResponseMatches accepts conforming and rejects drifting responses', async () => {
    const res = await fetch(`${base}/api/v1/tasks/T-1`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(() => expectResponseMatches('getTask', res.status, res.headers, body)).toThrow(/body \(root\): 缺少必填字段|body\/projectId: 缺少必填字段/);
    expect(responseViolations('getTask', 418, {}, {})).toEqual(['status 418 is not declared (declared: 200, 400, 401, 403, 404, 429, 500, 503)']);
    expect(responseViolations('getTask', 404, { 'content-type': 'application/json' }, {})[0]).toMatch(/content-type application\/json is not declared/);
    expect(responseViolations('deleteWebhookSubscription', 204, {}, { a: 1 })[0]).toMatch(/declares no content/);
    expect(responseViolations('deleteWebhookSubscription', 204, {}, '')).toEqual([]);
    expect(responseViolations('getTask', 200, { 'content-type': 'application/json' }, {})).toEqual(
      expect.arrayContaining(['required header ETag is missing (response 200)']),
    );
  });
});
