/** The Express gateway: one edge (ids, logs, limits, auth, validation), thin routes, one error handler. */
import express, { type Express } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import pinoHttp from 'pino-http';
import { randomUUID } from 'node:crypto';
import { keyAuthenticator } from '../lib/auth/key-cache';
import { trustedProxyList } from '../lib/config';
import { withRequestContext } from '../lib/temporal/request-context';
import { REQUEST_ID_PATTERN } from '../workflows/request-id';
import { authentication, principalIfAuthenticated } from './auth';
import { addressRateLimit, publicRateLimits, retryAfterSeconds } from './edge/address-limit';
import { bindingGuard } from './edge/binding-guard';
import { apiPathGuard } from './edge/path-guard';
import { stringGuard } from './edge/string-guard';
import type { ApiDeps } from './context';
import { consoleRouter, portalRouter } from './http/console';
import { docsRouter } from './http/docs';
import { notFoundHandler, problemHandler, ProblemError } from './http/problem';
import { jsonBodyParser, validateRequests } from './http/validation';
import { calendarRouter } from './routes/calendar';
import { catalogueRouter } from './routes/catalogue';
import { previewRouter } from './routes/preview';
import { publicRouter } from './routes/public';
import { publicComplaintsRouter } from './routes/public-complaints';
import { publicRatingsRouter } from './routes/public-ratings';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { keysRouter } from './routes/keys';
import { officersRouter } from './routes/officers';
import { statisticsRouter } from './routes/statistics';
import { supervisionRouter } from './routes/supervision';
import { countersignsRouter } from './routes/countersigns';
import { jointMeetingsRouter } from './routes/joint-meetings';
import { intermediariesRouter } from './routes/intermediaries';
import { participantsRouter } from './routes/participants';
import { absencesRouter } from './routes/absences';
import { firstInquiryRouter } from './routes/first-inquiry';
import { firstInquiryPostsRouter } from './routes/first-inquiry-posts';
import { notificationsRouter } from './routes/notifications';
import { coordinationInboxRouter } from './routes/coordination-inbox';
import { createMetrics } from './routes/metrics';
import { projectsRouter } from './routes/projects';
import { sessionRouter } from './routes/session';
import { tasksRouter } from './routes/tasks';
import { codecCors, temporalCodecRouter } from './routes/temporal-codec';
import { trackingRouter } from './routes/tracking';
import { webhooksRouter } from './routes/webhooks';


export function createApp(deps: ApiDeps): Express {
  const app = express();
  // One per gateway: a key revoked here stops here at once (lib/auth/key-cache.ts).
  const keys = keyAuthenticator(deps.db, deps.config.API_KEY_CACHE_SECONDS, { feed: deps.revocations });
  app.disable('x-powered-by');
  // Paths are exact, as in the contract (the API prefix is also guarded by apiPathGuard).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // Only the configured edge's X-Forwarded-For is believed; anyone else could pick their own address.
  app.set('trust proxy', deps.config.TRUST_PROXY ? trustedProxyList(deps.config.TRUST_PROXY) : false);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const inbound = req.headers['x-request-id'];
        const id = typeof inbound === 'string' && REQUEST_ID_PATTERN.test(inbound) ? inbound : randomUUID();
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
  const metrics = createMetrics(deps);
  app.use(metrics.instrument);
  app.use(helmet());

  app.use(docsRouter());
  app.use(consoleRouter());
  app.use(portalRouter());
  app.use(healthRouter(deps));
  app.use(metrics.router);

  // Per address first (failed authentications count too), then authenticate and limit per key,
  // all before reading a body, so anonymous callers cannot make us parse megabytes.
  app.use(addressRateLimit(deps.config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE));
  app.use(publicRateLimits(deps.config.PUBLIC_RATE_LIMIT_PER_MINUTE, deps.config.PUBLIC_LOOKUP_RATE_LIMIT_PER_MINUTE));
  // Preflights from the Temporal Web UI carry no credentials; answered before authentication.
  app.use(codecCors(deps));
  app.use(authentication({ ...deps, keys }));
  // API answers are private and change without a resource version moving (a handover, a task's delegation lapsing):
  // browsers and proxies must not store them, or a console revalidating its copy is told 304 and shows stale data.
  // Public routes that may be cached set their own Cache-Control after this.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(bindingGuard());
  app.use(apiPathGuard());
  app.use(
    '/api',
    rateLimit({
      windowMs: 60_000,
      limit: deps.config.RATE_LIMIT_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Unknown /api paths reach here unauthenticated; they are limited per client address instead of failing with 500.
      keyGenerator: (req) => principalIfAuthenticated(req)?.keyId ?? ipKeyGenerator(req.ip ?? ''),
      handler: (req, _res, next, options) => next(ProblemError.rateLimited(retryAfterSeconds(req, options.windowMs))),
    }),
  );
  app.use(jsonBodyParser({ limit: deps.config.API_BODY_LIMIT }));
  app.use(stringGuard());
  app.use(validateRequests());
  // From here on every Temporal call carries this request's id into workflow and activity logs.
  // Entered after the body is read: stream callbacks would not keep the async context.
  app.use((req, _res, next) => withRequestContext(String(req.id), next));

  app.use(projectsRouter(deps));
  app.use(tasksRouter(deps));
  app.use(trackingRouter(deps));
  app.use(catalogueRouter(deps));
  app.use(previewRouter(deps));
  app.use(publicRouter(deps));
  app.use(publicComplaintsRouter(deps));
  app.use(publicRatingsRouter(deps));
  app.use(calendarRouter(deps));
  app.use(eventsRouter(deps));
  app.use(keysRouter({ ...deps, keys }));
  app.use(statisticsRouter(deps));
  app.use(supervisionRouter(deps));
  app.use(countersignsRouter(deps));
  app.use(intermediariesRouter(deps));
  app.use(jointMeetingsRouter(deps));
  app.use(participantsRouter(deps));
  app.use(absencesRouter(deps));
  app.use(firstInquiryRouter(deps));
  app.use(firstInquiryPostsRouter(deps));
  app.use(notificationsRouter(deps));
  app.use(coordinationInboxRouter(deps));
  app.use(webhooksRouter(deps));
  app.use(sessionRouter(deps));
  app.use(officersRouter(deps));
  app.use(temporalCodecRouter(deps));

  app.use(notFoundHandler());
  app.use(problemHandler({ logger: deps.logger }));
  return app;
}
