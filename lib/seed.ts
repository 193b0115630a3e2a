/**
 * Loads the demo catalogue (prisma/seed/catalogue.json) and issues development API keys.
 * Idempotent: running it on every start changes nothing once loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assertValidCatalogue, type CatalogueItem } from '../domain/routing';
import { createApiKey, type KeyRole } from './auth/keys';
import type { Db } from './db/client';
import { repoRoot } from './paths';

interface CatalogueFile {
  departments: { id: string; name: string; shortName: string }[];
  agents: { id: string; name: string; phone?: string }[];
  items: CatalogueItem[];
}

export function readCatalogue(file = path.join(repoRoot, 'prisma', 'seed', 'catalogue.json')): CatalogueFile {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CatalogueFile;
  assertValidCatalogue(parsed.items);
  return parsed;
}

export async function seedCatalogue(db: Db, catalogue: CatalogueFile = readCatalogue()): Promise<void> {
  // Refuse a bad catalogue (cycle, unknown prerequisite) before anything is written.
  assertValidCatalogue(catalogue.items);
  for (const d of catalogue.departments) {
    await db.department.upsert({ where: { id: d.id }, create: d, update: { name: d.name, shortName: d.shortName } });
  }
  for (const a of catalogue.agents) {
    await db.agent.upsert({ where: { id: a.id }, create: a, update: { name: a.name, phone: a.phone } });
  }
  for (const [sortOrder, item] of catalogue.items.entries()) {
    const data = {
      departmentId: item.departmentId,
      name: item.name,
      statutoryDays: item.statutoryDays,
      promisedDays: item.promisedDays,
      greenChannelDays: item.greenChannelDays ?? null,
      requiredMaterials: item.requiredMaterials,
      prerequisites: item.prerequisites,
      applicability: item.applicability as object,
      sortOrder,
    };
    await db.approvalItem.upsert({ where: { id: item.id }, create: { id: item.id, ...data }, update: data });
  }
}

export interface DevCredential {
  role: KeyRole;
  label: string;
  departmentId?: string;
  agentId?: string;
  keyId: string;
  apiKey: string;
}

/**
 * One key per role (and per department and agent), written to a git-ignored file. Reused while
 * every key in the file is still valid in the database; reissued after `data/` was removed.
 */
export async function ensureDevCredentials(db: Db, file: string, catalogue: CatalogueFile = readCatalogue()): Promise<DevCredential[]> {
  if (fs.existsSync(file)) {
    const existing = JSON.parse(fs.readFileSync(file, 'utf8')) as { credentials: DevCredential[] };
    const ids = existing.credentials.map((c) => c.keyId);
    const valid = await db.apiKey.count({ where: { id: { in: ids }, revokedAt: null } });
    if (valid === ids.length) return existing.credentials;
  }
  const specs: Omit<DevCredential, 'keyId' | 'apiKey'>[] = [
    { role: 'admin', label: '系统管理员（开发）' },
    { role: 'window', label: '综合受理窗口（开发）' },
    { role: 'supervisor', label: '县效能办（开发）' },
    ...catalogue.departments.map((d) => ({ role: 'department' as const, label: `${d.shortName}（开发）`, departmentId: d.id })),
    ...catalogue.agents.map((a) => ({ role: 'agent' as const, label: `${a.name}（开发）`, agentId: a.id })),
  ];
  const credentials: DevCredential[] = [];
  for (const spec of specs) {
    const { id, key } = await createApiKey(db, spec);
    credentials.push({ ...spec, keyId: id, apiKey: key });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ note: '仅供本机开发使用，切勿提交或外传', credentials }, null, 2), { mode: 0o600 });
  return credentials;
}
