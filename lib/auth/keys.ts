/**
 * API keys: `pa_<prefix>_<secret>`. Only the prefix (for lookup and lists) and a SHA-256 hash
 * are stored; the key itself is shown once at creation and never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';

export type KeyRole = 'window' | 'department' | 'agent' | 'supervisor' | 'admin';
export const KEY_ROLES: readonly KeyRole[] = ['window', 'department', 'agent', 'supervisor', 'admin'];

export interface Principal {
  keyId: string;
  role: KeyRole;
  label: string;
  departmentId?: string;
  agentId?: string;
}

export interface NewKey {
  role: KeyRole;
  label: string;
  departmentId?: string;
  agentId?: string;
}

const KEY_PATTERN = /^pa_([a-z0-9]{10})_([A-Za-z0-9_-]{32,})$/;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function generateKey(): { key: string; prefix: string } {
  const prefix = randomBytes(8).toString('hex').slice(0, 10);
  const secret = randomBytes(24).toString('base64url');
  return { key: `pa_${prefix}_${secret}`, prefix };
}

export async function createApiKey(db: Db, spec: NewKey): Promise<{ id: string; key: string; principal: Principal }> {
  if (spec.role === 'department' && !spec.departmentId) throw new Error('部门密钥必须绑定部门');
  if (spec.role === 'agent' && !spec.agentId) throw new Error('代办专员密钥必须绑定代办专员');
  const { key, prefix } = generateKey();
  const id = `key_${prefix}`;
  await db.apiKey.create({
    data: {
      id,
      prefix,
      hash: sha256(key),
      role: spec.role,
      label: spec.label,
      departmentId: spec.role === 'department' ? spec.departmentId : null,
      agentId: spec.role === 'agent' ? spec.agentId : null,
    },
  });
  return { id, key, principal: { keyId: id, role: spec.role, label: spec.label, departmentId: spec.departmentId, agentId: spec.agentId } };
}

/** Resolves a presented key to its principal; undefined for malformed, unknown or revoked keys. */
export async function authenticate(db: Db, presented: string): Promise<Principal | undefined> {
  const m = KEY_PATTERN.exec(presented);
  if (!m) return undefined;
  const row = await db.apiKey.findUnique({ where: { prefix: m[1] } });
  if (!row || row.revokedAt) return undefined;
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(sha256(presented), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return {
    keyId: row.id,
    role: row.role as KeyRole,
    label: row.label,
    departmentId: row.departmentId ?? undefined,
    agentId: row.agentId ?? undefined,
  };
}
