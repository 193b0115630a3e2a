/**
 * Prometheus metrics for operators (getMetrics). Each app owns its Registry: tests and tools start
 * several gateways in one process, and the global registry would refuse the second registration.
 * Request metrics are labelled by the contract's operationId, never by the raw path, so ids in
 * URLs (project codes, task ids) cannot explode the number of series.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiDeps } from '../context';
import { matchRoute, openApiDocument, type JsonObject } from '../http/openapi-document';
import { ProblemError } from '../http/problem';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// Temporal updates wait for the workflow; the upper buckets show those, not just fast reads.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface GatewayMetrics {
  registry: Registry;
  /** Mount first (right after the request logger) so 401s, 404s and problems are counted too. */
  instrument: RequestHandler;
  router: Router;
}

function contractEnum(schema: string): string[] {
  const schemas = (openApiDocument().components as JsonObject).schemas as Record<string, { enum?: string[] }>;
  return schemas[schema]?.enum ?? [];
}

function operationLabel(req: Request): string {
  const match = matchRoute(req.method, (req.originalUrl || req.url).split('?')[0] ?? '/');
  return match.kind === 'operation' ? match.operation.operationId : 'unmatched';
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function tokenGuard(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return (req, _res, next) => {
    if (!expected) return next();
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    // Hashing first gives equal-length buffers, so the comparison leaks neither content nor length.
    if (m?.[1] !== undefined && timingSafeEqual(digest(m[1]), expected)) return next();
    next(
      new ProblemError('unauthorized', '抓取监控指标须携带 Authorization: Bearer <METRICS_TOKEN>。', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      }),
    );
  };
}

export function createMetrics({ db, config, logger }: ApiDeps): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ['operation_id', 'method', 'status_class'] as const;
  const duration = new Histogram({
    name: 'approval_http_request_duration_seconds',
    help: 'HTTP request latency by contract operation, method and status class',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'approval_http_requests_total',
    help: 'HTTP requests by contract operation, method and status class',
    labelNames,
    registers: [registry],
  });

  const taskStatuses = contractEnum('TaskStatus');
  const lights = contractEnum('Light');
  const projectStatuses = contractEnum('ProjectStatus');
  const readModelUp = new Gauge({
    name: 'approval_read_model_up',
    help: '1 when the last scrape could count tasks and projects in the read model, else 0',
    registers: [registry],
  });
  const tasks = new Gauge({ name: 'approval_tasks', help: 'Approval tasks by status and light (read model)', labelNames: ['status', 'light'], registers: [registry] });
  const projects = new Gauge({ name: 'approval_projects', help: 'Projects by status (read model)', labelNames: ['status'], registers: [registry] });

  /** Cheap groupBy counts at scrape time; zeros are written explicitly so alerts see 0, not absence. */
  async function countReadModel(): Promise<void> {
    try {
      const [taskGroups, projectGroups] = await Promise.all([
        db.task.groupBy({ by: ['status', 'light'], _count: { _all: true } }),
        db.project.groupBy({ by: ['status'], _count: { _all: true } }),
      ]);
      tasks.reset();
      projects.reset();
      for (const status of taskStatuses) for (const light of lights) tasks.set({ status, light }, 0);
      for (const status of projectStatuses) projects.set({ status }, 0);
      for (const g of taskGroups) tasks.set({ status: g.status, light: g.light }, g._count._all);
      for (const g of projectGroups) projects.set({ status: g.status }, g._count._all);
      readModelUp.set(1);
    } catch (err) {
      // Stale counts would look healthy; drop them and let approval_read_model_up say why.
      tasks.reset();
      projects.reset();
      readModelUp.set(0);
      logger.warn({ err }, '监控指标：读模型统计失败');
    }
  }

  const instrument: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const labels = {
        operation_id: operationLabel(req),
        method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER',
        // A client that hangs up before the response is sent is recorded as 499-like "aborted".
        status_class: res.writableFinished ? `${Math.floor(res.statusCode / 100)}xx` : 'aborted',
      };
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      requests.inc(labels);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };

  const router = Router();
  router.get('/metrics', tokenGuard(config.METRICS_TOKEN), async (_req, res) => {
    await countReadModel();
    const body = await registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).type(registry.contentType).send(body);
  });

  return { registry, instrument, router };
}
