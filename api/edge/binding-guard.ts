/**
 * Object scoping fails closed. Department, agent and window principals are scoped by their
 * binding (`departmentId`, `agentId`, `servicePointId`); the routes filter with it, and an absent
 * binding would read as "no filter" in a query. Such a principal is refused here, before any
 * route, so a key or session that lost its binding sees nothing rather than everything (the
 * route scopes in lib/auth/scope.ts also fail closed, as a second line).
 */
import type { RequestHandler } from 'express';
import { principalIfAuthenticated } from '../auth';
import { ProblemError } from '../http/problem';

export function bindingGuard(): RequestHandler {
  return (req, _res, next) => {
    const p = principalIfAuthenticated(req);
    if (p?.role === 'department' && !p.departmentId) return next(ProblemError.forbidden('该凭据未绑定部门，不能访问任何部门数据'));
    if (p?.role === 'agent' && !p.agentId) return next(ProblemError.forbidden('该凭据未绑定代办专员，不能访问任何项目数据'));
    if (p?.role === 'window' && !p.servicePointId) return next(ProblemError.forbidden('该凭据未绑定便民服务中心，不能访问任何项目数据'));
    next();
  };
}
