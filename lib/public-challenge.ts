/**
 * The public complaint form's abuse control without outside services: a small arithmetic question
 * whose answer the server never stores. The token carries a nonce and an expiry, sealed with an HMAC
 * over nonce, expiry and answer, so only the right answer verifies; the nonce is recorded on use
 * (PublicChallenge), so a solved challenge files one complaint only.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const CHALLENGE_TTL_MS = 10 * 60_000;

export interface IssuedChallenge {
  token: string;
  question: string;
  expiresAt: number;
}

export type ChallengeCheck = { ok: true; nonce: string } | { ok: false; reason: string };

/** Random per process: only for a gateway without SECRET_ENCRYPTION_KEYS (a single development instance). */
const PROCESS_SECRET = randomBytes(32).toString('hex');

/** An HMAC key for one purpose, derived from the deployment's secret (SECRET_ENCRYPTION_KEYS) when set. */
export function portalKey(secret: string | undefined, purpose: 'challenge' | 'rating'): Buffer {
  return createHash('sha256').update(`public-${purpose}\0`).update(secret ?? PROCESS_SECRET).digest();
}

/**
 * The one-time rating link's token (满意度评价): an HMAC of the project code, so it needs no storage,
 * cannot be guessed, and is single use because the tracking workflow accepts one rating per project.
 */
export function ratingToken(key: Buffer, projectCode: string): string {
  return createHmac('sha256', key).update(projectCode).digest('base64url').slice(0, 32);
}

export function ratingTokenMatches(key: Buffer, projectCode: string, token: string): boolean {
  const expected = Buffer.from(ratingToken(key, projectCode));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const mac = (key: Buffer, nonce: string, expiresAt: number, answer: number) =>
  createHmac('sha256', key).update(`${nonce}.${expiresAt}.${answer}`).digest('base64url');

export function issueChallenge(key: Buffer, now: number): IssuedChallenge {
  const a = randomInt(11, 60);
  const b = randomInt(11, 40);
  const add = randomInt(2) === 0;
  const [x, y] = add ? [a, b] : [a + b, b];
  const answer = add ? a + b : a;
  const nonce = randomBytes(12).toString('base64url');
  const expiresAt = now + CHALLENGE_TTL_MS;
  return { token: `${nonce}.${expiresAt}.${mac(key, nonce, expiresAt, answer)}`, question: `${x} ${add ? '加' : '减'} ${y} 等于多少？`, expiresAt };
}

/** Checks signature, answer and expiry; single use is the caller's (it records the nonce). */
export function checkChallenge(key: Buffer, token: string, answer: number, now: number): ChallengeCheck {
  const [nonce, exp, sig, ...rest] = token.split('.');
  const expiresAt = Number(exp);
  if (!nonce || !sig || rest.length > 0 || !Number.isSafeInteger(expiresAt)) return { ok: false, reason: '验证题无效，请刷新后重新作答' };
  const expected = Buffer.from(mac(key, nonce, expiresAt, answer));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: '验证题答案不正确' };
  if (now >= expiresAt) return { ok: false, reason: '验证题已过期，请刷新后重新作答' };
  return { ok: true, nonce };
}

/** The portal page the consolidated reply links to; null once rated or for a withdrawn project (nothing to rate). */
export function ratingPath(key: Buffer, project: { code: string; status: string }, rated: boolean): string | null {
  if (rated || project.status === 'withdrawn') return null;
  return `/rate?code=${encodeURIComponent(project.code)}&t=${ratingToken(key, project.code)}`;
}
