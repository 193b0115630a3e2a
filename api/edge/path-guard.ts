/**
 * The API prefix is closed by default. Express matches routes case-insensitively and tolerates a
 * trailing slash, while the contract matcher is exact; a path the two disagree on (such as
 * `/API/v1/api-keys`) must never reach a handler. Authentication therefore covers every path
 * under the prefix in any letter case (see api/auth.ts), and this guard, mounted after it,
 * answers 404/405 problem+json for anything under the prefix the contract does not name exactly.
 */
import type { RequestHandler } from 'express';
import { matchRoute } from '../http/openapi-document';
import { ProblemError } from '../http/problem';

/** True for `/api` and everything below it, in any letter case. */
export function underApiPrefix(path: string): boolean {
  const p = path.toLowerCase();
  return p === '/api' || p.startsWith('/api/');
}

export function apiPathGuard(): RequestHandler {
  return (req, _res, next) => {
    if (!underApiPrefix(req.path)) return next();
    // The contract matcher tolerates a trailing slash; the API does not (one spelling per resource).
    const match = req.path.endsWith('/') ? ({ kind: 'none' } as const) : matchRoute(req.method, req.path);
    if (match.kind === 'none') return next(ProblemError.notFound(`未找到接口：${req.method} ${req.path}（路径区分大小写，末尾不加斜杠）`));
    if (match.kind === 'method-not-allowed') return next(ProblemError.methodNotAllowed(match.allowed));
    next();
  };
}
