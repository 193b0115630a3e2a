/**
 * The cluster's own PostgreSQL (never the shared test server): Debian's server run by
 * scripts/postgres.sh on the cluster's port and data directory, with durable commits (fsync on).
 * Holds Temporal's two databases, created and migrated with Temporal's schema tool, and the read
 * model, migrated by our offline migrator. Every step is idempotent, so `start` can run again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { migrateDatabase } from '../../lib/db/migrate';
import { repoRoot } from '../../lib/paths';
import { resolveTemporalPostgresSchemas, resolveTemporalSqlTool } from '../../lib/temporal/binaries';
import { pgUrl, type ClusterLayout } from './layout';
import { TEMPORAL_DB, VISIBILITY_DB } from './temporal-config';

/**
 * As root the server runs as the "postgres" OS user, which may not reach a checkout below a private
 * directory: then its data lives in a per-cluster /tmp directory instead (as scripts/postgres.sh does).
 */
export function postgresDir(layout: ClusterLayout): string {
  if (process.getuid?.() !== 0) return layout.postgres.dir;
  const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', layout.dir]).status === 0;
  if (reachable) return layout.postgres.dir;
  return path.join('/tmp', `approval-cluster-postgres-${createHash('md5').update(layout.dir).digest('hex').slice(0, 8)}`);
}

function postgresScript(layout: ClusterLayout, command: 'start' | 'stop' | 'status'): { ok: boolean; output: string } {
  try {
    const output = execFileSync('bash', [path.join(repoRoot, 'scripts', 'postgres.sh'), command], {
      env: {
        ...process.env,
        APPROVAL_PG_PORT: String(layout.postgres.port),
        APPROVAL_PG_DIR: postgresDir(layout),
        APPROVAL_PG_FSYNC: 'on',
        // 4 Temporal services × 12 connections, 4 app processes × the pg pool's 10, and headroom.
        APPROVAL_PG_MAX_CONNECTIONS: '150',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, output };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export function startPostgres(layout: ClusterLayout): void {
  const r = postgresScript(layout, 'start');
  if (!r.ok) throw new Error(`集群 PostgreSQL 启动失败：\n${r.output}`);
}

export function stopPostgres(layout: ClusterLayout): void {
  postgresScript(layout, 'stop');
}

export function postgresRunning(layout: ClusterLayout): boolean {
  return postgresScript(layout, 'status').ok;
}

function sqlTool(layout: ClusterLayout, db: string, args: string[]): void {
  const { port, user, password } = layout.postgres;
  try {
    execFileSync(
      resolveTemporalSqlTool(),
      ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(port), '-u', user, '--pw', password, '--db', db, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (err) {
    throw new Error(`Temporal 数据库结构工具失败（${db} ${args[0]}）：\n${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
}

/** create-database and setup-schema -v 0.0 are no-ops on an existing database; update-schema applies what is new. */
export async function migrateDatabases(layout: ClusterLayout, log: (m: string) => void): Promise<void> {
  const schemas = resolveTemporalPostgresSchemas();
  for (const [db, dir] of [
    [TEMPORAL_DB, 'temporal'],
    [VISIBILITY_DB, 'visibility'],
  ] as const) {
    log(`Temporal 数据库 ${db}：建库与迁移（temporal-sql-tool）…`);
    sqlTool(layout, db, ['create-database']);
    sqlTool(layout, db, ['setup-schema', '-v', '0.0']);
    sqlTool(layout, db, ['update-schema', '--schema-dir', path.join(schemas, dir, 'versioned')]);
  }
  log(`读模型数据库 ${layout.postgres.readModelDb}：迁移…`);
  await migrateDatabase(pgUrl(layout, layout.postgres.readModelDb), { log: () => undefined });
}
