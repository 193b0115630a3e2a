/**
 * API keys: `pa_<prefix>_<secret>`. Only the prefix (for lookup and lists) and a SHA-256 hash
 * are stored; the key itself is shown once at creation and never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';

import { KEY_ROLES, OFFICER_ROLES, type KeyRole, type OfficerRole } from '../../domain/vocabulary';

export { KEY_ROLES, OFFICER_ROLES, type KeyRole, type OfficerRole };

/**
 * Who is calling: an API key, or an officer logged in to the console. A session principal has
 * the same `role` and bindings as a key would, so every x-roles and object check treats both alike.
 */
export interface Principal {
  /** API key id, or the officer id for a console session (idempotency, webhook ownership, filings). */
  keyId: string;
  role: KeyRole;
  /** Key label, or the officer's unit (department, service point, office) for a session. */
  label: string;
  departmentId?: string;
  agentId?: string;
  /** Window principals: the service point whose projects they see. */
  servicePointId?: string;
  /** Set for console sessions only. */
  officer?: { id: string; username: string; name: string; role: OfficerRole };
  session?: { id: string; csrfToken: string; expiresAt: Date };
}

export interface NewKey {
  role: KeyRole;
  label: string;
  departmentId?: string;
  agentId?: string;
  servicePointId?: string;
}

const KEY_PATTERN = /^pa_([a-z0-9]{10})_([A-Za-z0-9_-]{32,})$/;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What is stored of a key (its SHA-256, hex); also the key cache's index (key-cache.ts). */
export const keyDigest = sha256;

export function generateKey(): { key: string; prefix: string } {
  const prefix = randomBytes(8).toString('hex').slice(0, 10);
  const secret = randomBytes(24).toString('base64url');
  return { key: `pa_${prefix}_${secret}`, prefix };
}

export async function createApiKey(db: Db, spec: NewKey): Promise<{ id: string; key: string; principal: Principal }> {
  if (spec.role === 'department' && !spec.departmentId) throw new Error('部门密钥必须绑定部门');
  if (spec.role === 'agent' && !spec.agentId) throw new Error('代办专员密钥必须绑定代办专员');
  if (spec.role === 'window' && !spec.servicePointId) throw new Error('窗口密钥必须绑定便民服务中心');
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
      servicePointId: spec.role === 'window' ? spec.servicePointId : null,
    },
  });
  return {
    id,
    key,
    principal: { keyId: id, role: spec.role, label: spec.label, departmentId: spec.departmentId, agentId: spec.agentId, servicePointId: spec.servicePointId },
  };
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
    servicePointId: row.servicePointId ?? undefined,
  };
}
