/** The Express gateway: one edge (ids, logs, limits, auth, validation), thin routes, one error handler. */
import express, { type Express } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import pinoHttp from 'pino-http';
import { randomUUID } from 'node:crypto';
import { authentication, principalOf } from './auth';
import type { ApiDeps } from './context';
import { docsRouter } from './http/docs';
import { notFoundHandler, problemHandler, ProblemError } from './http/problem';
import { jsonBodyParser, validateRequests } from './http/validation';
import { catalogueRouter } from './routes/catalogue';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { keysRouter } from './routes/keys';
import { projectsRouter } from './routes/projects';
import { tasksRouter } from './routes/tasks';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const inbound = req.headers['x-request-id'];
        const id = typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // One compact line per request; headers are not logged at all, so API keys never reach logs.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());

  app.use(docsRouter());
  app.use(healthRouter(deps));

  app.use(jsonBodyParser({ limit: deps.config.API_BODY_LIMIT }));
  app.use(authentication(deps.db));
  app.use(
    '/api',
    rateLimit({
      windowMs: 60_000,
      limit: deps.config.RATE_LIMIT_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => principalOf(req).keyId,
      handler: (_req, _res, next, options) => next(ProblemError.rateLimited(Math.ceil(options.windowMs / 1000))),
    }),
  );
  app.use(validateRequests());

  app.use(projectsRouter(deps));
  app.use(tasksRouter(deps));
  app.use(catalogueRouter(deps));
  app.use(eventsRouter(deps));
  app.use(keysRouter(deps));

  app.use(notFoundHandler());
  app.use(problemHandler({ logger: deps.logger }));
  return app;
}
