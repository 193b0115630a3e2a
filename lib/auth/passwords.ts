/**
 * Officer passwords: scrypt (node:crypto) with a per-password random salt, compared in constant
 * time. The stored form names its parameters (`scrypt$N$r$p$salt$hash`) so they can be raised
 * later without invalidating existing hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16_384;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** False for a wrong password and for a malformed stored hash (never throws on bad data). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  if (![n, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || expected.length !== KEY_LENGTH) return false;
  const actual = await scrypt(password, salt, { N: n, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the user name is unknown so that an
 * unknown name costs as much time as a wrong password (no user enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** The password rules; each broken rule is one Chinese message (empty = acceptable). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) problems.push('密码必须同时包含字母和数字');
  if (/\s/.test(password)) problems.push('密码不能包含空格或换行');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含登录名');
  if (/^(.)\1+$/.test(password)) problems.push('密码不能由同一个字符重复组成');
  return problems;
}

/** A random password that satisfies the rules (dev officers, first admin without --password). */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url');
    if (passwordProblems(candidate).length === 0) return candidate;
  }
}
