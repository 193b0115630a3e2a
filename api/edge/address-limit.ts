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
  return perAddress(perMinute, 'addr', (path) => underApiPrefix(path));
}

const PUBLIC_PREFIX = '/api/v1/public/';
/** Operations where each request is a guess (code + USCC, tracking number) or files something. */
const GUARDED = ['progress-lookups', 'complaints', 'ratings'];

/**
 * The portal's operations need no credentials, so the address is all there is to limit: a stricter
 * budget for every public operation, and a far stricter one for progress and complaint lookups (each
 * request is a guess at a code + USCC pair or a tracking number) and for complaint filing.
 */
export function publicRateLimits(perMinute: number, lookupsPerMinute: number): RequestHandler[] {
  return [
    perAddress(perMinute, 'public', (path) => path.startsWith(PUBLIC_PREFIX)),
    perAddress(lookupsPerMinute, 'lookup', (path) => GUARDED.some((p) => path.startsWith(`${PUBLIC_PREFIX}${p}`))),
  ];
}

function perAddress(perMinute: number, bucket: string, applies: (path: string) => boolean): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !applies(req.path),
    keyGenerator: (req) => `${bucket}:${ipKeyGenerator(req.ip ?? '')}`,
    handler: (req, _res, next, options) => next(ProblemError.rateLimited(retryAfterSeconds(req, options.windowMs))),
  });
}

/** Seconds until the caller's window resets, as express-rate-limit records it on the request. */
export function retryAfterSeconds(req: unknown, windowMs: number): number {
  const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
}
