/**
 * Who is calling: a Bearer API key (systems) or the `pa_session` cookie (officers in the console),
 * never both. Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token; with
 * SameSite=Strict this is the second, independent guard against cross-site requests.
 */
import type { Request, Response } from 'express';
import type { KeyAuthenticator } from '../lib/auth/key-cache';
import type { Principal } from '../lib/auth/keys';
import { csrfMatches, resolveSession, SESSION_COOKIE } from '../lib/auth/sessions';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db/client';
import type { OperationInfo } from './http/openapi-document';
import { ProblemError } from './http/problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie from the Cookie header (no cookie-parser: this is the only cookie we read). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function secureCookies(config: Pick<Config, 'PUBLIC_BASE_URL'>): boolean {
  return config.PUBLIC_BASE_URL?.startsWith('https:') ?? false;
}

export function setSessionCookie(res: Response, config: Pick<Config, 'PUBLIC_BASE_URL' | 'SESSION_ABSOLUTE_HOURS'>, token: string): void {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${config.SESSION_ABSOLUTE_HOURS * 3600}`];
  if (secureCookies(config)) attributes.push('Secure');
  res.append('Set-Cookie', [`${SESSION_COOKIE}=${token}`, ...attributes].join('; '));
}

export function clearSessionCookieHeader(config: Pick<Config, 'PUBLIC_BASE_URL'>): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(secureCookies(config) ? ['Secure'] : [])].join('; ');
}

const sessionOnly = (op: OperationInfo) =>
  Array.isArray(op.security) && op.security.length > 0 && op.security.every((s) => Object.keys(s as object).join() === 'sessionCookie');

/**
 * Resolves the caller of an authenticated operation or throws the problem to answer:
 * 401 for a key and a cookie together (which of two principals is calling cannot be told, so the
 * caller is not authenticated; the contract allows either credential, so this is no 400), 401 for
 * no or a dead credential (a dead cookie is also cleared), 403 for a cookie-authenticated write without the session's CSRF token.
 */
/** `operation` is absent for a path the contract does not name (still authenticated, then 404). */
export async function identify(deps: { db: Db; config: Config; keys: KeyAuthenticator }, req: Request, operation: OperationInfo | undefined): Promise<Principal> {
  const header = req.get('authorization');
  const token = readCookie(req, SESSION_COOKIE);
  if (header !== undefined && token) {
    throw ProblemError.unauthorized('一个请求只能携带一种凭据：API Key（Authorization）或登录会话（Cookie），不能同时携带。');
  }
  if (token) {
    const principal = await resolveSession(deps.db, deps.config, token);
    if (!principal) {
      throw new ProblemError('unauthorized', '登录已过期或已退出，请重新登录。', { headers: { 'Set-Cookie': clearSessionCookieHeader(deps.config) } });
    }
    const csrfChecked = !SAFE_METHODS.has(req.method) && !operation?.csrfExempt;
    if (csrfChecked && !csrfMatches(principal.session!.csrfToken, req.get('x-csrf-token'))) {
      throw ProblemError.forbidden('缺少或错误的 CSRF 令牌：以登录会话提交的操作必须携带 X-CSRF-Token 请求头（取自会话的 csrfToken），请刷新页面后重试。');
    }
    return principal;
  }
  if (operation && sessionOnly(operation)) throw ProblemError.unauthorized('该操作需要工作人员登录会话（请先登录）；API Key 不能调用。');
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  const principal = m ? await deps.keys.authenticate(m[1]) : undefined;
  if (!principal) throw ProblemError.unauthorized();
  return principal;
}
