/**
 * Authentication (Bearer API keys or console sessions, see identity.ts) and role checks from the
 * contract's `x-roles`. Object-level checks (own department, assigned agent, own service point)
 * live next to the data in the route handlers (lib/auth/scope.ts).
 */
import type { Request, RequestHandler } from 'express';
import type { KeyAuthenticator } from '../lib/auth/key-cache';
import type { Principal } from '../lib/auth/keys';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db/client';
import type { Actor } from '../workflows/shared';
import { underApiPrefix } from './edge/path-guard';
import { identify } from './identity';
import { matchRoute } from './http/openapi-document';
import { ProblemError } from './http/problem';

const principals = new WeakMap<Request, Principal>();

export function authentication(deps: { db: Db; config: Config; keys: KeyAuthenticator }): RequestHandler {
  return async (req, _res, next) => {
    const match = matchRoute(req.method, req.path);
    const operation = match.kind === 'operation' ? match.operation : undefined;
    // Every path under /api is authenticated, matched or not (api/edge/path-guard.ts answers the unmatched).
    if (operation ? operation.security?.length === 0 : !underApiPrefix(req.path)) return next();
    const principal = await identify(deps, req, operation);
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

/** The actor recorded in workflows and events; a session adds the officer (经办人) to the unit. */
export function actorOf(p: Principal): Actor {
  return {
    role: p.role,
    keyId: p.keyId,
    name: p.label,
    departmentId: p.departmentId,
    agentId: p.agentId,
    ...(p.servicePointId ? { servicePointId: p.servicePointId } : {}),
    ...(p.officer ? { officerId: p.officer.id, officerName: p.officer.name } : {}),
  };
}
