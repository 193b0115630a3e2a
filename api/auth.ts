/**
 * Authentication (Bearer API keys) and role checks from the contract's `x-roles`. Object-level
 * checks (own department, assigned agent) live next to the data in the route handlers.
 */
import type { Request, RequestHandler } from 'express';
import { authenticate, type Principal } from '../lib/auth/keys';
import type { Db } from '../lib/db/client';
import type { Actor } from '../workflows/shared';
import { underApiPrefix } from './edge/path-guard';
import { matchRoute } from './http/openapi-document';
import { ProblemError } from './http/problem';

const principals = new WeakMap<Request, Principal>();

export function authentication(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const match = matchRoute(req.method, req.path);
    const operation = match.kind === 'operation' ? match.operation : undefined;
    // Every path under /api is authenticated, matched or not (api/edge/path-guard.ts answers the unmatched).
    if (operation ? operation.security?.length === 0 : !underApiPrefix(req.path)) return next();
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = m ? await authenticate(db, m[1]) : undefined;
    if (!principal) return next(ProblemError.unauthorized());
    if (operation && !operation.roles.includes(principal.role)) {
      return next(ProblemError.forbidden(`角色 ${principal.role} 无权调用 ${operation.operationId}`));
    }
    principals.set(req, principal);
    next();
  };
}

/** For edge middleware that also sees unauthenticated requests (unknown routes, public operations). */
export function principalIfAuthenticated(req: Request): Principal | undefined {
  return principals.get(req);
}

export function principalOf(req: Request): Principal {
  const p = principals.get(req);
  if (!p) throw new Error('route reached without authentication');
  return p;
}

export function actorOf(p: Principal): Actor {
  return { role: p.role, keyId: p.keyId, name: p.label, departmentId: p.departmentId, agentId: p.agentId };
}
