/**
 * Console sessions: server-side rows keyed by the SHA-256 of a random token the browser keeps in
 * an HttpOnly cookie. A session ends at the first of: logout, idle expiry (SESSION_IDLE_MINUTES
 * without a request), absolute expiry (SESSION_ABSOLUTE_HOURS after login), a password change,
 * or the officer being disabled. Failed logins are counted per user name, existing or not.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { OfficerRole, Principal } from './keys';
import { effectiveRole, ROLE_LABELS, type OfficerRow as StoredOfficer } from './officers';
import { decoyHash, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'pa_session';
/** lastSeenAt is written at most this often, so a busy console does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
/** Failures older than this are forgotten (and their rows dropped), so names typed once do not pile up. */
const FAILURE_MEMORY_MS = 24 * 3_600_000;
/** Ended sessions are kept this long (who was logged in when), then deleted. */
const ENDED_SESSION_KEEP_MS = 30 * 24 * 3_600_000;

type SessionConfig = Pick<
  Config,
  'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS' | 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCKOUT_SECONDS' | 'LOGIN_LOCKOUT_MAX_SECONDS'
>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export type LoginResult =
  | { kind: 'ok'; token: string; principal: Principal }
  | { kind: 'invalid' }
  | { kind: 'locked'; retryAfterSeconds: number }
  | { kind: 'disabled' };

function lockSeconds(config: SessionConfig, failures: number): number {
  const beyond = failures - config.LOGIN_MAX_FAILURES;
  return Math.min(config.LOGIN_LOCKOUT_MAX_SECONDS, config.LOGIN_LOCKOUT_SECONDS * 2 ** Math.min(beyond, 30));
}

async function recordFailure(db: Db, config: SessionConfig, username: string, now: Date): Promise<LoginResult> {
  const forgotten = new Date(now.getTime() - FAILURE_MEMORY_MS);
  await db.loginThrottle.deleteMany({ where: { lastFailureAt: { lt: forgotten }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] } });
  // The increment is atomic, so parallel guesses cannot all read the same count and slip through.
  const row = await db.loginThrottle.upsert({
    where: { username },
    create: { username, failures: 1, lastFailureAt: now },
    update: { failures: { increment: 1 }, lastFailureAt: now },
  });
  if (row.failures < config.LOGIN_MAX_FAILURES) return { kind: 'invalid' };
  const seconds = lockSeconds(config, row.failures);
  await db.loginThrottle.update({ where: { username }, data: { lockedUntil: new Date(now.getTime() + seconds * 1000) } });
  return { kind: 'locked', retryAfterSeconds: seconds };
}

/**
 * Checks a login. An unknown user name and a wrong password give the same answer and cost the
 * same scrypt work; a locked name is refused before its password is looked at (so guessing
 * during a lock learns nothing); `disabled` is only told to someone who knew the password.
 */
export async function login(db: Db, config: SessionConfig, usernameTyped: string, password: string, now = new Date()): Promise<LoginResult> {
  const username = usernameTyped.trim().toLowerCase();
  const throttle = await db.loginThrottle.findUnique({ where: { username } });
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    return { kind: 'locked', retryAfterSeconds: Math.ceil((throttle.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const officer = await db.officer.findUnique({ where: { username } });
  const matches = await verifyPassword(password, officer?.passwordHash ?? (await decoyHash()));
  if (!officer || !matches) return recordFailure(db, config, username, now);
  if (officer.disabledAt) return { kind: 'disabled' };
  if (throttle) await db.loginThrottle.deleteMany({ where: { username } });

  const ended = new Date(now.getTime() - ENDED_SESSION_KEEP_MS);
  await db.officerSession.deleteMany({ where: { OR: [{ expiresAt: { lt: ended } }, { revokedAt: { lt: ended } }] } });
  const token = randomBytes(32).toString('base64url');
  const session = await db.officerSession.create({
    data: {
      id: sha256(token),
      officerId: officer.id,
      csrfToken: randomBytes(24).toString('base64url'),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3_600_000),
    },
  });
  const principal = await principalOf(db, officer, session, config, now);
  return { kind: 'ok', token, principal };
}

type OfficerRow = Pick<StoredOfficer, 'id' | 'username' | 'name' | 'role' | 'departmentId' | 'servicePointId' | 'agentId'>;

/** The officer's unit, as actors and timelines name it (the department, service point or office). */
async function unitLabel(db: Db, officer: OfficerRow): Promise<string> {
  if (officer.departmentId) {
    const d = await db.department.findUnique({ where: { id: officer.departmentId }, select: { name: true } });
    if (d) return d.name;
  }
  if (officer.servicePointId) {
    const sp = await db.servicePoint.findUnique({ where: { id: officer.servicePointId }, select: { name: true } });
    if (sp) return sp.name;
  }
  return ROLE_LABELS[officer.role as OfficerRole] ?? officer.role;
}

async function principalOf(
  db: Db,
  officer: OfficerRow,
  session: { id: string; csrfToken: string; lastSeenAt: Date; expiresAt: Date },
  config: SessionConfig,
  now: Date,
): Promise<Principal> {
  const role = officer.role as OfficerRole;
  return {
    keyId: officer.id,
    role: effectiveRole(role),
    label: await unitLabel(db, officer),
    departmentId: officer.departmentId ?? undefined,
    agentId: officer.agentId ?? undefined,
    servicePointId: officer.servicePointId ?? undefined,
    officer: { id: officer.id, username: officer.username, name: officer.name, role },
    session: { id: session.id, csrfToken: session.csrfToken, expiresAt: sessionExpiry(config, session, now) },
  };
}

/** When the session ends if nothing else happens: the earlier of idle and absolute expiry. */
function sessionExpiry(config: SessionConfig, session: { lastSeenAt: Date; expiresAt: Date }, now: Date): Date {
  const idle = Math.max(session.lastSeenAt.getTime(), now.getTime()) + config.SESSION_IDLE_MINUTES * 60_000;
  return new Date(Math.min(idle, session.expiresAt.getTime()));
}

/** The live session for a cookie token, or undefined (unknown, revoked, expired, officer disabled). */
export async function resolveSession(db: Db, config: SessionConfig, token: string, now = new Date()): Promise<Principal | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const session = await db.officerSession.findUnique({ where: { id: sha256(token) }, include: { officer: true } });
  if (!session || session.revokedAt || session.officer.disabledAt) return undefined;
  const idleEnd = session.lastSeenAt.getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  if (now >= session.expiresAt || now.getTime() >= idleEnd) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.officerSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return principalOf(db, session.officer, session, config, now);
}

export async function revokeSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.officerSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends the session a cookie token names, if any (a new login replaces the browser's old session). */
export async function revokeSessionToken(db: Db, token: string, now = new Date()): Promise<void> {
  await revokeSession(db, sha256(token), now);
}

export function csrfMatches(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type PasswordChangeResult = { kind: 'ok' } | { kind: 'wrong_current' } | { kind: 'locked'; retryAfterSeconds: number };

/**
 * The officer's own password change: the current password is checked like a login (wrong ones
 * count towards the lockout, so a borrowed session cannot guess it), then every other session of
 * the officer ends; the session that made the change stays.
 */
export async function changeOwnPassword(
  db: Db,
  config: SessionConfig,
  principal: Principal,
  currentPassword: string,
  newPasswordHash: () => Promise<string>,
  now = new Date(),
): Promise<PasswordChangeResult> {
  const { officer, session } = principal;
  if (!officer || !session) throw new Error('changeOwnPassword needs a session principal');
  const throttle = await db.loginThrottle.findUnique({ where: { username: officer.username } });
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    return { kind: 'locked', retryAfterSeconds: Math.ceil((throttle.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const row = await db.officer.findUniqueOrThrow({ where: { id: officer.id } });
  if (!(await verifyPassword(currentPassword, row.passwordHash))) {
    const failed = await recordFailure(db, config, officer.username, now);
    return failed.kind === 'locked' ? failed : { kind: 'wrong_current' };
  }
  await db.$transaction([
    db.officer.update({ where: { id: officer.id }, data: { passwordHash: await newPasswordHash(), passwordChangedAt: now } }),
    db.officerSession.updateMany({ where: { officerId: officer.id, revokedAt: null, id: { not: session.id } }, data: { revokedAt: now } }),
    db.loginThrottle.deleteMany({ where: { username: officer.username } }),
  ]);
  return { kind: 'ok' };
}
