/** Console sessions: login (createSession), the current session, logout, own password change. */
import { Router } from 'express';
import type { Principal } from '../../lib/auth/keys';
import { checkPassword } from '../../lib/auth/officers';
import { decoyHash, hashPassword } from '../../lib/auth/passwords';
import { changeOwnPassword, login, revokeSession, revokeSessionToken, SESSION_COOKIE } from '../../lib/auth/sessions';
import type { components } from '../generated/openapi';
import { principalOf } from '../auth';
import type { ApiDeps } from '../context';
import { clearSessionCookieHeader, readCookie, setSessionCookie } from '../identity';
import { ProblemError } from '../http/problem';
import { respond, validated } from '../http/validation';
import { officerProblem } from './officers';

const lockedProblem = (seconds: number) =>
  new ProblemError('rate-limited', `登录失败次数过多，该账号已临时锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试（或请管理员重置密码）。`, {
    headers: { 'Retry-After': String(seconds) },
  });

export function sessionRouter({ db, config }: ApiDeps): Router {
  const r = Router();
  // Computed now, so the first login with an unknown name costs no more than any other.
  void decoyHash();

  async function toSession(p: Principal): Promise<components['schemas']['Session']> {
    const officer = await db.officer.findUniqueOrThrow({ where: { id: p.officer!.id } });
    const department = officer.departmentId ? await db.department.findUnique({ where: { id: officer.departmentId } }) : null;
    const servicePoint = officer.servicePointId ? await db.servicePoint.findUnique({ where: { id: officer.servicePointId } }) : null;
    return {
      officer: {
        id: officer.id,
        username: officer.username,
        name: officer.name,
        role: officer.role as 'window',
        departmentId: officer.departmentId,
        departmentName: department?.name ?? null,
        servicePointId: officer.servicePointId,
        servicePointName: servicePoint?.name ?? null,
        agentId: officer.agentId,
      },
      csrfToken: p.session!.csrfToken,
      expiresAt: p.session!.expiresAt.toISOString(),
    };
  }

  r.post('/api/v1/session', async (req, res) => {
    const { body } = validated(req, 'createSession');
    const result = await login(db, config, body.username, body.password);
    if (result.kind === 'locked') throw lockedProblem(result.retryAfterSeconds);
    if (result.kind === 'invalid') throw ProblemError.unauthorized('登录名或密码错误');
    if (result.kind === 'disabled') throw ProblemError.forbidden('该账号已停用，请联系系统管理员');
    // The browser's previous session (another officer at the same counter PC, say) ends here.
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await revokeSessionToken(db, previous);
    setSessionCookie(res, config, result.token);
    res.setHeader('Cache-Control', 'no-store');
    respond(res, 'createSession', 201, await toSession(result.principal));
  });

  r.get('/api/v1/session', async (req, res) => {
    validated(req, 'getSession');
    res.setHeader('Cache-Control', 'no-store');
    respond(res, 'getSession', 200, await toSession(principalOf(req)));
  });

  r.delete('/api/v1/session', async (req, res) => {
    validated(req, 'deleteSession');
    await revokeSession(db, principalOf(req).session!.id);
    res.setHeader('Set-Cookie', clearSessionCookieHeader(config));
    res.status(204).end();
  });

  r.put('/api/v1/session/password', async (req, res) => {
    const { body } = validated(req, 'changeOwnPassword');
    const p = principalOf(req);
    try {
      checkPassword(body.newPassword, p.officer!.username, '/newPassword');
    } catch (err) {
      throw officerProblem(err);
    }
    if (body.newPassword === body.currentPassword) throw ProblemError.ruleViolated('/newPassword', '新密码不能与当前密码相同');
    const result = await changeOwnPassword(db, config, p, body.currentPassword, () => hashPassword(body.newPassword));
    if (result.kind === 'locked') throw lockedProblem(result.retryAfterSeconds);
    if (result.kind === 'wrong_current') {
      throw ProblemError.validation('当前密码不正确', [{ in: 'body', pointer: '/currentPassword', message: '当前密码不正确' }]);
    }
    res.status(204).end();
  });

  return r;
}
