/**
 * Loads the county catalogue (prisma/seed/catalogue.json: 蓬溪县, 510921) and issues development
 * API keys. The former demo catalogue is the tests' fixture (test/fixtures/catalogue.json).
 * Idempotent: running it on every start changes nothing once loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assertValidCatalogue, type CatalogueItem } from '../domain/routing';
import { isValidUscc } from '../domain/uscc';
import { createApiKey, type KeyRole } from './auth/keys';
import { ensureDevOfficers, type DevOfficer } from './dev-officers';
import { itemColumns } from './catalogue';
import { recordCatalogueVersion } from './catalogue-versions';
import type { Db } from './db/client';
import { repoRoot } from './paths';

export interface CatalogueFile {
  servicePoints: { id: string; name: string; kind: 'county' | 'township' }[];
  departments: { id: string; name: string; shortName: string }[];
  agents: { id: string; name: string; phone?: string }[];
  /** Project types with their lead department (牵头部门); absent in small test catalogues. */
  /** `greenChannel`: projects of this type get the green channel at intake (目录规则). */
  projectTypes?: { id: string; name: string; leadDepartmentId: string; greenChannel?: boolean }[];
  items: CatalogueItem[];
}

export const SEED_CATALOGUE_FILE = path.join(repoRoot, 'prisma', 'seed', 'catalogue.json');
/** The small demo catalogue (FGW-01, GJJ-01, …) that tests and proofs route against. */
export const DEMO_CATALOGUE_FILE = path.join(repoRoot, 'test', 'fixtures', 'catalogue.json');

export function readCatalogue(file = SEED_CATALOGUE_FILE): CatalogueFile {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as CatalogueFile;
  assertValidCatalogue(parsed.items);
  return parsed;
}

/**
 * Makes the stored catalogue equal to the file: upserts departments, agents, project types and
 * items, soft-deletes items no longer listed (tasks keep referring to them), and records a new
 * catalogue version when the items changed.
 */
export async function seedCatalogue(db: Db, catalogue: CatalogueFile = readCatalogue()): Promise<void> {
  // Refuse a bad catalogue (cycle, unknown prerequisite) before anything is written.
  assertValidCatalogue(catalogue.items);
  for (const [sortOrder, sp] of catalogue.servicePoints.entries()) {
    const data = { name: sp.name, kind: sp.kind, sortOrder };
    await db.servicePoint.upsert({ where: { id: sp.id }, create: { id: sp.id, ...data }, update: data });
  }
  for (const d of catalogue.departments) {
    await db.department.upsert({ where: { id: d.id }, create: d, update: { name: d.name, shortName: d.shortName } });
  }
  for (const a of catalogue.agents) {
    await db.agent.upsert({ where: { id: a.id }, create: a, update: { name: a.name, phone: a.phone } });
  }
  for (const [sortOrder, t] of (catalogue.projectTypes ?? []).entries()) {
    const data = { name: t.name, leadDepartmentId: t.leadDepartmentId, sortOrder, greenChannel: t.greenChannel ?? false };
    await db.projectType.upsert({ where: { id: t.id }, create: { id: t.id, ...data }, update: data });
  }
  for (const [sortOrder, item] of catalogue.items.entries()) {
    const data = { ...itemColumns(item), sortOrder, deletedAt: null };
    await db.approvalItem.upsert({ where: { id: item.id }, create: { id: item.id, ...data }, update: data });
  }
  await db.approvalItem.updateMany({
    where: { id: { notIn: catalogue.items.map((i) => i.id) }, deletedAt: null },
    data: { deletedAt: new Date() },
  });
  await recordCatalogueVersion(db, '载入目录文件', null);
}

/** The county's intermediaries for development and demonstration (fictional firms, valid USCCs). */
export const DEV_INTERMEDIARIES_FILE = path.join(repoRoot, 'prisma', 'seed', 'intermediaries.json');

export interface SeedIntermediary {
  id: string;
  name: string;
  uscc: string;
  serviceKinds: string[];
  limitDays: number;
  contact: { name: string; phone: string };
}

export function readIntermediaries(file = DEV_INTERMEDIARIES_FILE): SeedIntermediary[] {
  const list = (JSON.parse(fs.readFileSync(file, 'utf8')) as { intermediaries: SeedIntermediary[] }).intermediaries;
  const bad = list.filter((x) => !isValidUscc(x.uscc));
  if (bad.length > 0) throw new Error(`中介机构统一社会信用代码校验位不正确：${bad.map((x) => `${x.id} ${x.uscc}`).join('、')}`);
  return list;
}

/**
 * Development seed of the intermediary catalogue, like the dev credentials: only `npm start` and the
 * cluster's start call it, never the production gateway (there the admin enters them on the
 * console's 中介机构 page). Adds only the missing entries, so an admin's edit or suspension of a
 * seeded firm survives every restart. Returns how many were added.
 */
export async function seedDevIntermediaries(db: Db, list: SeedIntermediary[] = readIntermediaries()): Promise<number> {
  const existing = new Set((await db.intermediary.findMany({ select: { id: true } })).map((x) => x.id));
  const missing = list.filter((x) => !existing.has(x.id));
  for (const x of missing) {
    await db.intermediary.upsert({
      where: { id: x.id },
      create: { id: x.id, name: x.name, uscc: x.uscc, serviceKinds: x.serviceKinds, limitDays: x.limitDays, contactName: x.contact.name, contactPhone: x.contact.phone },
      update: {}, // a concurrent start added it first: leave it as it is
    });
  }
  return missing.length;
}

export interface DevCredential {
  role: KeyRole;
  label: string;
  departmentId?: string;
  agentId?: string;
  servicePointId?: string;
  keyId: string;
  apiKey: string;
}

interface DevCredentialsFile {
  note: string;
  credentials: DevCredential[];
  officers?: DevOfficer[];
}

/**
 * Dev keys and dev officers, written to a git-ignored file. Keys: one per role, department, agent
 * and service point, reused while every key in the file is still valid (and window keys are
 * bound); reissued after `data/` was removed. Officers: see ensureDevOfficers. Callers that only
 * need keys keep reading `credentials`; the console's logins are in `officers`.
 */
export async function ensureDevCredentials(db: Db, file: string, catalogue: CatalogueFile = readCatalogue()): Promise<DevCredential[]> {
  const existing = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DevCredentialsFile) : undefined;
  let credentials = existing?.credentials;
  if (credentials) {
    const ids = credentials.map((c) => c.keyId);
    const valid = await db.apiKey.count({ where: { id: { in: ids }, revokedAt: null } });
    const bound = credentials.every((c) => c.role !== 'window' || c.servicePointId);
    if (valid !== ids.length || !bound) credentials = undefined;
  }
  credentials ??= await issueDevKeys(db, catalogue);
  const officers = await ensureDevOfficers(db, catalogue, existing?.officers ?? []);
  if (credentials !== existing?.credentials || JSON.stringify(officers) !== JSON.stringify(existing?.officers)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const content: DevCredentialsFile = { note: '仅供本机开发使用，切勿提交或外传', credentials, officers };
    fs.writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600 });
  }
  return credentials;
}

/** The dev officers recorded in a dev-credentials file (empty when there are none). */
export function readDevOfficers(file: string): DevOfficer[] {
  return fs.existsSync(file) ? ((JSON.parse(fs.readFileSync(file, 'utf8')) as DevCredentialsFile).officers ?? []) : [];
}

async function issueDevKeys(db: Db, catalogue: CatalogueFile): Promise<DevCredential[]> {
  const specs: Omit<DevCredential, 'keyId' | 'apiKey'>[] = [
    { role: 'admin', label: '系统管理员（开发）' },
    ...catalogue.servicePoints.map((sp) => ({ role: 'window' as const, label: `${sp.name}综合受理窗口（开发）`, servicePointId: sp.id })),
    { role: 'supervisor', label: '县效能办（开发）' },
    ...catalogue.departments.map((d) => ({ role: 'department' as const, label: `${d.shortName}（开发）`, departmentId: d.id })),
    ...catalogue.agents.map((a) => ({ role: 'agent' as const, label: `${a.name}（开发）`, agentId: a.id })),
  ];
  const credentials: DevCredential[] = [];
  for (const spec of specs) {
    const { id, key } = await createApiKey(db, spec);
    credentials.push({ ...spec, keyId: id, apiKey: key });
  }
  return credentials;
}
