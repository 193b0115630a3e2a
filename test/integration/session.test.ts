/**
 * Console sessions over real HTTP: login per role, no user enumeration, lockout with backoff,
 * CSRF, one credential per request, logout, idle and absolute expiry, password change and
 * disabling ending sessions. Lockout thresholds are lowered for the test system.
 */
import { login, sessionHeaders, type TestSession } from '../support/session';
import { useTestSystem } from '../support/system';
import { OFFICER_ROLES } from '../../lib/auth/keys';
import { ownerRevoked } from '../../lib/auth/officers';

describe('console sessions', () => {
  const t = useTestSystem({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '30', LOGIN_LOCKOUT_MAX_SECONDS: '120' });
  const as = (s: TestSession, write = true) => ({ headers: sessionHeaders(s, write) });
  const adminKey = () => t.sys.key('admin');

  /** A throwaway officer, so tests that lock, disable or re-password never touch the dev officers. */
  async function newOfficer(username: string, extra: Record<string, unknown> = { role: 'supervisor' }) {
    const password = 'Initial2026pass';
    const r = await t.call('createOfficer', 'POST', '/api/v1/officers', { key: adminKey(), body: { username, name: '测试人员', password, ...extra } });
    expect(r.status).toBe(201);
    return { id: r.body.id as string, username, password };
  }

  test('when each dev officer logs in, then the session names the person, role and binding, and the cookie is HttpOnly and SameSite=Strict', async () => {
    for (const role of OFFICER_ROLES) {
      const o = t.sys.officer(role);
      const s = await login(t.sys.baseUrl, o.username, o.password);
      expect(s.setCookie).toMatch(/^pa_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
      expect(s.body.officer).toMatchObject({ username: o.username, name: o.name, role });
      const again = await t.call('getSession', 'GET', '/api/v1/session', as(s, false));
      expect([again.status, again.body.officer.id, again.body.csrfToken]).toEqual([200, s.body.officer.id, s.csrfToken]);
    }
    const window = await login(t.sys.baseUrl, t.sys.officer('window', 'CGZ').username, t.sys.officer('window', 'CGZ').password);
    expect(window.body.officer).toMatchObject({ servicePointId: 'CGZ', servicePointName: '城关镇便民服务中心', departmentId: null });
    const head = await login(t.sys.baseUrl, t.sys.officer('department_head', 'HBJ').username, t.sys.officer('department_head', 'HBJ').password);
    expect(head.body.officer).toMatchObject({ role: 'department_head', departmentId: 'HBJ', departmentName: '县生态环境局' });
  });

  test('when a department head lists tasks, then it acts as its department: only that department, and another is refused', async () => {
    const o = t.sys.officer('department_head', 'HBJ');
    const s = await login(t.sys.baseUrl, o.username, o.password);
    const own = await t.call('listTasks', 'GET', '/api/v1/tasks', as(s, false));
    expect(own.status).toBe(200);
    const foreign = await t.call('listTasks', 'GET', '/api/v1/tasks?departmentId=FGW', as(s, false));
    expect(foreign.status).toBe(403);
    const keys = await t.call('listApiKeys', 'GET', '/api/v1/api-keys', as(s, false));
    expect(keys.status).toBe(403);
  });

  test('when the password is wrong or the user unknown, then both get the same 401 answer', async () => {
    const o = t.sys.officer('supervisor');
    const answers = [];
    for (const body of [{ username: o.username, password: 'wrong-password-1' }, { username: 'nobody-here', password: 'wrong-password-1' }]) {
      const r = await t.call('createSession', 'POST', '/api/v1/session', { body });
      answers.push([r.status, r.body.type, r.body.detail, r.headers.get('set-cookie')]);
    }
    expect(answers[0]).toEqual([401, 'https://approval.gov.local/problems/unauthorized', '登录名或密码错误', null]);
    expect(answers[1]).toEqual(answers[0]);
  });

  test('when a user name fails repeatedly, then it is locked with Retry-After, even the right password is refused, and the lock doubles', async () => {
    const o = await newOfficer('lock.me');
    const attempt = (password: string) => t.call('createSession', 'POST', '/api/v1/session', { body: { username: 'Lock.Me', password } });
    expect((await attempt('nope-nope-1')).status).toBe(401);
    expect((await attempt('nope-nope-2')).status).toBe(401);
    const locked = await attempt('nope-nope-3');
    expect([locked.status, locked.headers.get('retry-after')]).toEqual([429, '30']);
    expect(locked.body.detail).toContain('锁定');
    const right = await attempt(o.password);
    expect(right.status).toBe(429);
    // Unknown names lock the same way, so a lock does not reveal that a name exists.
    for (let i = 0; i < 2; i++) expect((await t.call('createSession', 'POST', '/api/v1/session', { body: { username: 'ghost', password: 'x' } })).status).toBe(401);
    expect((await t.call('createSession', 'POST', '/api/v1/session', { body: { username: 'ghost', password: 'x' } })).status).toBe(429);
    // A day without failures forgets them: the next wrong password is an ordinary 401 again.
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await t.sys.db.loginThrottle.update({ where: { username: 'ghost' }, data: { lastFailureAt: dayAgo, lockedUntil: dayAgo } });
    expect((await t.call('createSession', 'POST', '/api/v1/session', { body: { username: 'ghost', password: 'x' } })).status).toBe(401);

    // The lock expires; the next failure locks for twice as long.
    await t.sys.db.loginThrottle.update({ where: { username: 'lock.me' }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const longer = await attempt('nope-nope-4');
    expect([longer.status, longer.headers.get('retry-after')]).toEqual([429, '60']);
    // An admin password reset lifts the lock.
    const reset = await t.call('updateOfficer', 'PATCH', `/api/v1/officers/${o.id}`, { key: adminKey(), body: { password: 'Reset2026password' } });
    expect(reset.status).toBe(200);
    expect((await attempt('Reset2026password')).status).toBe(201);
  });

  test('when a cookie-authenticated write lacks the CSRF token or carries a wrong one, then 403 and nothing changes', async () => {
    const s = await login(t.sys.baseUrl, t.sys.officer('admin').username, t.sys.officer('admin').password);
    const body = { username: 'csrf.victim', name: '不应创建', role: 'supervisor', password: 'Csrf2026password' };
    for (const headers of [{ cookie: s.cookie }, { cookie: s.cookie, 'x-csrf-token': 'forged' }] as Record<string, string>[]) {
      const r = await t.call('createOfficer', 'POST', '/api/v1/officers', { headers, body });
      expect([r.status, r.body.detail]).toEqual([403, expect.stringContaining('CSRF')]);
    }
    expect(await t.sys.db.officer.findUnique({ where: { username: 'csrf.victim' } })).toBeNull();
    const ok = await t.call('createOfficer', 'POST', '/api/v1/officers', { ...as(s), body });
    expect(ok.status).toBe(201);
  });

  test('when a request carries both an API key and a session cookie, then 401: it is not authenticated as either', async () => {
    const s = await login(t.sys.baseUrl, t.sys.officer('admin').username, t.sys.officer('admin').password);
    const r = await t.call('listDepartments', 'GET', '/api/v1/departments', { key: t.sys.key('admin'), headers: { cookie: s.cookie } });
    expect([r.status, r.body.detail]).toEqual([401, expect.stringContaining('只能携带一种凭据')]);
  });

  test('when an API key calls the session operations, then 401: they belong to logged-in officers', async () => {
    const r = await t.call('getSession', 'GET', '/api/v1/session', { key: t.sys.key('admin') });
    expect(r.status).toBe(401);
    expect((await t.call('getSession', 'GET', '/api/v1/session')).status).toBe(401);
  });

  test('when someone logs in on a browser that still holds a session, then that older session ends', async () => {
    const first = await login(t.sys.baseUrl, t.sys.officer('supervisor').username, t.sys.officer('supervisor').password);
    const o = t.sys.officer('window', 'XDZ');
    const res = await fetch(`${t.sys.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ username: o.username, password: o.password }),
    });
    expect(res.status).toBe(201);
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(first, false))).status).toBe(401);
  });

  test('when an officer logs out, then the cookie is cleared and the old cookie no longer works', async () => {
    const o = t.sys.officer('supervisor');
    const s = await login(t.sys.baseUrl, o.username, o.password);
    const out = await t.call('deleteSession', 'DELETE', '/api/v1/session', as(s));
    expect([out.status, out.headers.get('set-cookie')]).toEqual([204, expect.stringMatching(/^pa_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/)]);
    const after = await t.call('getSupervisionQueue', 'GET', '/api/v1/supervision/queue', as(s, false));
    expect([after.status, after.headers.get('set-cookie')]).toEqual([401, expect.stringContaining('Max-Age=0')]);
  });

  test('when a session sits idle past the idle limit or passes its absolute limit, then it is refused', async () => {
    const o = t.sys.officer('supervisor');
    const idle = await login(t.sys.baseUrl, o.username, o.password);
    const absolute = await login(t.sys.baseUrl, o.username, o.password);
    const expiresAt = new Date(idle.body.expiresAt).getTime();
    // Default idle limit 30 minutes: expiresAt is the idle end, well before the 12-hour absolute end.
    expect(expiresAt - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const sessionOf = async (s: TestSession) => (await t.sys.db.officerSession.findMany({ where: { officerId: s.body.officer.id, csrfToken: s.csrfToken } }))[0];
    await t.sys.db.officerSession.update({ where: { id: (await sessionOf(idle)).id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await t.sys.db.officerSession.update({ where: { id: (await sessionOf(absolute)).id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(idle, false))).status).toBe(401);
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(absolute, false))).status).toBe(401);
  });

  test('when an officer changes the password, then other sessions end, this one stays, and only the new password logs in', async () => {
    const o = await newOfficer('change.me');
    const a = await login(t.sys.baseUrl, o.username, o.password);
    const b = await login(t.sys.baseUrl, o.username, o.password);
    const weak = await t.call('changeOwnPassword', 'PUT', '/api/v1/session/password', { ...as(a), body: { currentPassword: o.password, newPassword: 'short1' } });
    expect([weak.status, weak.body.errors?.[0]?.pointer, JSON.stringify(weak.body.errors)]).toEqual([400, '/newPassword', expect.stringContaining('10 个字符')]);
    const wrong = await t.call('changeOwnPassword', 'PUT', '/api/v1/session/password', { ...as(a), body: { currentPassword: 'not-it-123', newPassword: 'Changed2026pass' } });
    expect([wrong.status, wrong.body.errors?.[0]?.pointer]).toEqual([400, '/currentPassword']);
    const changed = await t.call('changeOwnPassword', 'PUT', '/api/v1/session/password', { ...as(a), body: { currentPassword: o.password, newPassword: 'Changed2026pass' } });
    expect(changed.status).toBe(204);
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(a, false))).status).toBe(200);
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(b, false))).status).toBe(401);
    expect((await t.call('createSession', 'POST', '/api/v1/session', { body: { username: o.username, password: o.password } })).status).toBe(401);
    await login(t.sys.baseUrl, o.username, 'Changed2026pass');
  });

  test('when an admin disables an officer, then the live session ends and login is refused with 403', async () => {
    const o = await newOfficer('disable.me');
    const s = await login(t.sys.baseUrl, o.username, o.password);
    const r = await t.call('updateOfficer', 'PATCH', `/api/v1/officers/${o.id}`, { key: adminKey(), body: { disabled: true } });
    expect([r.status, r.body.disabled]).toEqual([200, true]);
    expect((await t.call('getSession', 'GET', '/api/v1/session', as(s, false))).status).toBe(401);
    const again = await t.call('createSession', 'POST', '/api/v1/session', { body: { username: o.username, password: o.password } });
    expect([again.status, again.body.detail]).toEqual([403, expect.stringContaining('停用')]);
    // A wrong password for a disabled officer still says only "wrong", so disabling reveals nothing.
    const wrong = await t.call('createSession', 'POST', '/api/v1/session', { body: { username: o.username, password: 'wrong-pass-1' } });
    expect(wrong.status).toBe(401);
  });

  test('when something is owned by an officer (a webhook subscription), then it counts as orphaned only once the officer is disabled', async () => {
    const o = await newOfficer('owner.me');
    expect(await ownerRevoked(t.sys.db, o.id)).toBe(false);
    await t.call('updateOfficer', 'PATCH', `/api/v1/officers/${o.id}`, { key: adminKey(), body: { disabled: true } });
    expect(await ownerRevoked(t.sys.db, o.id)).toBe(true);
    expect([await ownerRevoked(t.sys.db, t.sys.credentials[0].keyId), await ownerRevoked(t.sys.db, 'off_unknown')]).toEqual([false, true]);
  });
});
