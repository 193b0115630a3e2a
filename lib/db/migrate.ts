/**
 * Offline migrations for both providers (离线迁移): apply, diagnose, verify and create, all through
 * the Wasm schema engine (engine.ts). Migration folders follow Prisma's layout and the engine
 * writes the standard `_prisma_migrations` table, so an online `prisma migrate deploy` against
 * prisma/migrations/<provider> stays compatible.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { DiagnoseMigrationHistoryOutput, MigrationList } from '@prisma/schema-engine-wasm';
import { engineErrorCode, engineErrorMessage, NO_FILTER, openEngine, schemaFiles, type OpenEngine, type Target } from './engine';
import {
  currentSchema,
  defaultLayout,
  LOCK_FILE,
  lockFileContent,
  MIGRATION_FILE,
  migrationsDir,
  postgresSchemaIsCurrent,
  PROVIDERS,
  providerOfUrl,
  schemaPathFor,
  SNAPSHOT_FILE,
  sqliteFilePath,
  writePostgresSchema,
  type Layout,
  type Provider,
} from './schemas';

export interface MigrationFolder {
  name: string;
  sql: string;
  /** The provider's schema as of this migration; absent for folders not made by `db new`. */
  snapshot?: string;
}

export function readMigrations(layout: Layout, provider: Provider): MigrationFolder[] {
  const dir = migrationsDir(layout, provider);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b)) // the order Prisma applies them in
    .map((name) => {
      const sqlPath = path.join(dir, name, MIGRATION_FILE);
      if (!fs.existsSync(sqlPath)) throw new Error(`迁移目录缺少 ${MIGRATION_FILE}：${path.join(dir, name)}`);
      const snapshotPath = path.join(dir, name, SNAPSHOT_FILE);
      return {
        name,
        sql: fs.readFileSync(sqlPath, 'utf8'),
        snapshot: fs.existsSync(snapshotPath) ? fs.readFileSync(snapshotPath, 'utf8') : undefined,
      };
    });
}

/** The engine's view of a migrations folder (same shape the Prisma CLI builds). */
function migrationList(layout: Layout, provider: Provider): MigrationList {
  const dir = migrationsDir(layout, provider);
  const lockPath = path.join(dir, LOCK_FILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCK_FILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(layout, provider).map((m) => ({
      path: m.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: 'ok' as const, value: m.sql } },
    })),
  };
}

async function withEngine<T>(target: Target, schema: string, run: (open: OpenEngine) => Promise<T>): Promise<T> {
  const open = await openEngine(target, schema);
  try {
    return await run(open);
  } finally {
    await open.close();
  }
}

/** Wraps engine failures so callers (and the CLI) see the engine's message, not its backtrace. */
async function engineCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = engineErrorCode(error);
    throw new Error(`${what}失败${code ? `（${code}）` : ''}：${engineErrorMessage(error)}`);
  }
}

/** Applies pending committed migrations; returns the names applied now (empty when up to date). */
export async function migrate(url: string, layout: Layout = defaultLayout): Promise<{ provider: Provider; applied: string[] }> {
  const provider = providerOfUrl(url);
  return withEngine({ kind: 'url', url }, currentSchema(layout, provider), async ({ engine }) => {
    const list = migrationList(layout, provider);
    const out = await engineCall('应用迁移', () => engine.applyMigrations({ migrationsList: list, filters: NO_FILTER }));
    return { provider, applied: out.appliedMigrationNames };
  });
}

/**
 * After a failed migration (P3009) an operator fixes the database by hand, then records the
 * outcome, as `prisma migrate resolve` would: `rolled-back` to retry it, `applied` to skip it.
 */
export async function resolveMigration(url: string, name: string, outcome: 'applied' | 'rolled-back', layout: Layout = defaultLayout): Promise<void> {
  const provider = providerOfUrl(url);
  const list = migrationList(layout, provider);
  if (!list.migrationDirectories.some((d) => d.path === name)) throw new Error(`本地没有名为 ${name} 的迁移`);
  await withEngine({ kind: 'url', url }, currentSchema(layout, provider), ({ engine }) =>
    outcome === 'applied'
      ? engineCall('标记为已应用', () => engine.markMigrationApplied({ migrationName: name, migrationsList: list }))
      : engineCall('标记为已回滚', () => engine.markMigrationRolledBack({ migrationName: name })),
  );
}

/** For start-up code: migrate and report through the caller's logger. */
export async function migrateDatabase(url: string, options: { log?: (message: string) => void; layout?: Layout } = {}): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const { provider, applied } = await migrate(url, options.layout);
  if (applied.length === 0) log(`读模型数据库已是最新（${provider}）`);
  for (const name of applied) log(`已应用读模型迁移：${name}`);
  return applied;
}

export interface StatusReport {
  provider: Provider;
  local: string[];
  hasMigrationsTable: boolean;
  /** Committed but not applied. */
  pending: string[];
  /** Applied, but missing from the folder (the database is ahead of this checkout). */
  unknown: string[];
  edited: string[];
  failed: string[];
  upToDate: boolean;
}

export async function status(url: string, layout: Layout = defaultLayout): Promise<StatusReport> {
  const provider = providerOfUrl(url);
  const list = migrationList(layout, provider);
  const local = list.migrationDirectories.map((d) => d.path);
  const neverMigrated: StatusReport = { provider, local, hasMigrationsTable: false, pending: local, unknown: [], edited: [], failed: [], upToDate: local.length === 0 };
  // Opening a missing SQLite file would create it; a status query should leave no trace.
  if (provider === 'sqlite' && sqliteFilePath(url) !== ':memory:' && !fs.existsSync(sqliteFilePath(url))) return neverMigrated;
  return withEngine({ kind: 'url', url }, currentSchema(layout, provider), async ({ engine }) => {
    let out: DiagnoseMigrationHistoryOutput;
    try {
      out = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: NO_FILTER });
    } catch (error) {
      // P1014: no `_prisma_migrations` table yet, i.e. a database never migrated.
      if (engineErrorCode(error) !== 'P1014') throw new Error(`诊断迁移历史失败：${engineErrorMessage(error)}`);
      return neverMigrated;
    }
    const h = out.history;
    const pending = h && h.diagnostic !== 'migrationsDirectoryIsBehind' ? h.unappliedMigrationNames : [];
    const unknown = h && h.diagnostic !== 'databaseIsBehind' ? h.unpersistedMigrationNames : [];
    const report = { provider, local, hasMigrationsTable: out.hasMigrationsTable, pending, unknown, edited: out.editedMigrationNames, failed: out.failedMigrationNames };
    return { ...report, upToDate: h === null && report.edited.length === 0 && report.failed.length === 0 };
  });
}

/** Schema → schema SQL on no database; `from` undefined means "empty database". */
async function diffSchemas(provider: Provider, from: string | undefined, to: string): Promise<string | undefined> {
  return withEngine({ kind: 'offline', provider }, to, async ({ engine }) => {
    const out = await engineCall('计算 schema 差异', () =>
      engine.diff({
        from: from === undefined ? { tag: 'empty' } : { tag: 'schemaDatamodel', ...schemaFiles(from, 'from.prisma') },
        to: { tag: 'schemaDatamodel', ...schemaFiles(to, 'to.prisma') },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
    );
    return out.exitCode === 2 ? (out.stdout ?? '') : undefined;
  });
}

/** Database → schema SQL: what the database lacks to match `schema`; undefined when it matches. */
async function diffDatabase(open: OpenEngine, schema: string): Promise<string | undefined> {
  const out = await engineCall('比对数据库与 schema', () =>
    open.engine.diff({
      from: { tag: 'schemaDatasource', ...schemaFiles(schema), configDir: os.tmpdir() },
      to: { tag: 'schemaDatamodel', ...schemaFiles(schema) },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    }),
  );
  return out.exitCode === 2 ? (out.stdout ?? '') : undefined;
}

/** A throwaway PostgreSQL database next to `serverUrl` (its role needs CREATEDB). */
export async function createScratchPostgres(serverUrl: string, prefix = 'approval_scratch'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`无法创建临时数据库（连接角色需要 CREATEDB 权限）：${(error as Error).message}`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      try {
        await dropForced(admin, name);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * DROP … WITH (FORCE) signals every session, autovacuum included, but gives up with 55006
 * ("being accessed by other users") when one has not exited within 5 s — seen after loading a
 * million rows, while autovacuum worked through them. Such a session is on its way out: try again.
 */
async function dropForced(admin: pg.Client, name: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= attempts) throw error;
      await delay(1000 * attempt);
    }
  }
}

export interface CheckReport {
  problems: string[];
  notes: string[];
}

const excerpt = (sql: string) => sql.trim().split('\n').slice(0, 12).map((l) => `      ${l}`).join('\n');

/**
 * CI gate: for both providers, the committed migrations produce exactly the current schema,
 * and the derived PostgreSQL schema is current. Replays on PostgreSQL only with `pgUrl`.
 */
export async function check(options: { layout?: Layout; pgUrl?: string } = {}): Promise<CheckReport> {
  const layout = options.layout ?? defaultLayout;
  const report: CheckReport = { problems: [], notes: [] };
  if (!postgresSchemaIsCurrent(layout)) {
    report.problems.push(`${path.relative(process.cwd(), layout.postgresSchemaPath)} 不是由当前 schema 派生的最新版本，请运行 db generate。`);
  }
  for (const provider of PROVIDERS) {
    const folders = readMigrations(layout, provider);
    const schema = currentSchema(layout, provider);
    const label = provider === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (folders.length === 0) {
      report.problems.push(`${label}：没有任何迁移（${migrationsDir(layout, provider)}）。`);
      continue;
    }
    const lockPath = path.join(migrationsDir(layout, provider), LOCK_FILE);
    if (!fs.existsSync(lockPath) || fs.readFileSync(lockPath, 'utf8') !== lockFileContent(provider)) {
      report.problems.push(`${label}：${LOCK_FILE} 缺失或 provider 不是 "${provider}"。`);
    }
    const last = folders[folders.length - 1];
    if (last.snapshot === undefined) {
      report.notes.push(`${label}：最新迁移 ${last.name} 没有 ${SNAPSHOT_FILE}，下一次 db new 无法离线计算差异。`);
    } else {
      const pendingSql = await diffSchemas(provider, last.snapshot, schema);
      if (pendingSql !== undefined) report.problems.push(`${label}：schema 有尚未生成迁移的变更（请运行 db new <名称>）：\n${excerpt(pendingSql)}`);
    }
    await replayCheck(provider, label, layout, schema, last, options.pgUrl, report);
  }
  return report;
}

/** Applies every committed migration to a scratch database and compares it with the schema. */
async function replayCheck(provider: Provider, label: string, layout: Layout, schema: string, last: MigrationFolder, pgUrl: string | undefined, report: CheckReport): Promise<void> {
  let scratch: { url: string; drop(): Promise<void> };
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-check-'));
    scratch = { url: `file:${path.join(dir, 'check.db')}`, drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
  } else if (pgUrl) {
    scratch = await createScratchPostgres(pgUrl, 'approval_check');
  } else {
    report.notes.push(`${label}：未提供 PostgreSQL 连接（--pg 或 TEST_DATABASE_URL_PG），只做了离线快照比对，未回放迁移。`);
    return;
  }
  try {
    await withEngine({ kind: 'url', url: scratch.url }, schema, async (open) => {
      await engineCall(`${label} 回放迁移`, () => open.engine.applyMigrations({ migrationsList: migrationList(layout, provider), filters: NO_FILTER }));
      const drift = await diffDatabase(open, schema);
      if (drift !== undefined) report.problems.push(`${label}：回放全部迁移后的数据库与当前 schema 不一致（缺少迁移或迁移被改动）：\n${excerpt(drift)}`);
      if (last.snapshot !== undefined && (await diffDatabase(open, last.snapshot)) !== undefined) {
        report.problems.push(`${label}：迁移 ${last.name} 的 ${SNAPSHOT_FILE} 与其 SQL 回放结果不一致（快照或 SQL 被手工改动）。`);
      }
      report.notes.push(`${label}：已在临时数据库回放 ${migrationList(layout, provider).migrationDirectories.length} 个迁移。`);
    });
  } finally {
    await scratch.drop();
  }
}

/** Prisma's folder naming: UTC yyyyMMddHHmmss, strictly after every existing migration. */
function migrationFolderName(layout: Layout, name: string, now: Date): string {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!slug) throw new Error('迁移名称只能包含字母、数字和下划线，例如 add_task_index');
  const latest = PROVIDERS.flatMap((p) => readMigrations(layout, p).map((m) => m.name.slice(0, 14))).sort().at(-1);
  let at = now.getTime();
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
  while (latest !== undefined && stamp(at) <= latest) at += 1000;
  return `${stamp(at)}_${slug}`;
}

/** The engine always leads PostgreSQL scripts with this; it fails for a role without CREATE on the database. */
const CREATE_PUBLIC_SCHEMA = /^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/m;

/**
 * Creates the next migration for both providers from "schema as of the last migration" to the
 * current schema. Returns the folder name, or undefined when nothing changed.
 */
export async function newMigration(name: string, layout: Layout = defaultLayout, now = new Date()): Promise<string | undefined> {
  writePostgresSchema(layout);
  const changes = new Map<Provider, { sql: string | undefined; schema: string }>();
  for (const provider of PROVIDERS) {
    const last = readMigrations(layout, provider).at(-1);
    if (last && last.snapshot === undefined) {
      throw new Error(`${provider} 最新迁移 ${last.name} 缺少 ${SNAPSHOT_FILE}，无法离线计算差异；请补上该迁移时的 schema。`);
    }
    const schema = currentSchema(layout, provider);
    const sql = await diffSchemas(provider, last?.snapshot, schema);
    changes.set(provider, { sql: provider === 'postgresql' ? sql?.replace(CREATE_PUBLIC_SCHEMA, '') : sql, schema });
  }
  if ([...changes.values()].every((c) => c.sql === undefined)) return undefined;

  // Both providers get the same folder name even if one diff is empty, so histories stay paired.
  const folder = migrationFolderName(layout, name, now);
  for (const [provider, change] of changes) {
    const dir = path.join(migrationsDir(layout, provider), folder);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, MIGRATION_FILE), change.sql ?? '-- This is an empty migration.\n');
    fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), change.schema);
    fs.writeFileSync(path.join(migrationsDir(layout, provider), LOCK_FILE), lockFileContent(provider));
  }
  return folder;
}

/**
 * `prisma generate` for both schemas. The CLI resolves a native schema engine even for generate
 * (and would download one); any existing path in PRISMA_SCHEMA_ENGINE_BINARY stops that, and
 * generate never executes it.
 */
export function generate(layout: Layout = defaultLayout): void {
  writePostgresSchema(layout);
  const cli = require.resolve('prisma/build/index.js');
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  for (const provider of PROVIDERS) {
    const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schemaPathFor(layout, provider)], { env, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`prisma generate（${provider}）失败，退出码 ${result.status ?? result.signal}`);
  }
}
