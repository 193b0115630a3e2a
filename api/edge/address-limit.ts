/**
 * Per-client-address rate limit in front of authentication: every request under /api counts,
 * including those that end in 401, so guessing keys is throttled like any other traffic. The
 * per-key limit (api/app.ts) still applies after authentication.
 */
import type { RequestHandler } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import { ProblemError } from '../http/problem';
import { underApiPrefix } from './path-guard';

export function addressRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !underApiPrefix(req.path),
    keyGenerator: (req) => `addr:${ipKeyGenerator(req.ip ?? '')}`,
    handler: (req, _res, next, options) => next(ProblemError.rateLimited(retryAfterSeconds(req, options.windowMs))),
  });
}

/** Seconds until the caller's window resets, as express-rate-limit records it on the request. */
export function retryAfterSeconds(req: unknown, windowMs: number): number {
  const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
}
