/**
 * The project's offline database command (离线数据库命令). No Prisma engine downloads: migrations
 * run on the Wasm schema engine (lib/db/engine.ts), generate gets a stub engine path.
 *
 *   npx tsx scripts/db.ts migrate          apply pending migrations to DATABASE_URL
 *   npx tsx scripts/db.ts status           diagnose DATABASE_URL's migration history
 *   npx tsx scripts/db.ts resolve --rolled-back|--applied <name>   record a hand-fixed failed migration
 *   npx tsx scripts/db.ts check [--pg URL] CI: migrations ≡ schema, for both providers
 *   npx tsx scripts/db.ts new <name>       create the next migration for both providers
 *   npx tsx scripts/db.ts generate         derive the PostgreSQL schema, generate both clients
 *
 * Exit codes: 0 ok; 1 failure, drift, or (status) not up to date; 2 usage error.
 */
import path from 'node:path';
import { configSchema } from '../lib/config';
import { check, generate, migrate, newMigration, resolveMigration, status } from '../lib/db/migrate';
import { redactUrl } from '../lib/db/schemas';

const USAGE = `用法：npx tsx scripts/db.ts <命令>
  migrate            应用 DATABASE_URL 对应数据库类型的待执行迁移（可重复执行）
  status             查看 DATABASE_URL 的迁移状态（未同步时退出码为 1）
  resolve --rolled-back <迁移名> | --applied <迁移名>
                     迁移失败并人工处理后，标记为已回滚（下次 migrate 重试）或已应用（跳过）
  check [--pg URL]   CI 校验：两种数据库的迁移都与当前 schema 一致；PostgreSQL 回放需 --pg 或 TEST_DATABASE_URL_PG
  new <名称>         根据 schema 变更为 SQLite 和 PostgreSQL 同时生成下一个迁移
  generate           派生 PostgreSQL schema 并离线生成两套 Prisma Client`;

class UsageError extends Error {}

function databaseUrl(): string {
  // Same default and validation as the application (lib/config.ts).
  const parsed = configSchema.shape.DATABASE_URL.safeParse(process.env.DATABASE_URL || undefined);
  if (!parsed.success) throw new UsageError(`DATABASE_URL 无效：${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`${name} 需要一个值`);
  return value;
}

async function run(command: string | undefined, args: string[]): Promise<number> {
  switch (command) {
    case 'migrate': {
      const url = databaseUrl();
      console.log(`数据库：${redactUrl(url)}`);
      const { provider, applied } = await migrate(url);
      if (applied.length === 0) console.log(`数据库已是最新（${provider}），没有待应用的迁移。`);
      for (const name of applied) console.log(`已应用迁移：${name}`);
      return 0;
    }
    case 'status': {
      const url = databaseUrl();
      const r = await status(url);
      console.log(`数据库：${redactUrl(url)}（${r.provider}），本地迁移 ${r.local.length} 个。`);
      if (!r.hasMigrationsTable) console.log('数据库中还没有 _prisma_migrations 表（从未迁移）。');
      for (const name of r.pending) console.log(`待应用：${name}`);
      for (const name of r.unknown) console.log(`数据库中有、本地没有：${name}`);
      for (const name of r.edited) console.log(`已应用后被修改：${name}`);
      for (const name of r.failed) console.log(`执行失败：${name}（需人工处理后再迁移）`);
      console.log(r.upToDate ? '迁移状态：已同步。' : '迁移状态：未同步。');
      return r.upToDate ? 0 : 1;
    }
    case 'resolve': {
      const rolledBack = option(args, '--rolled-back');
      const applied = option(args, '--applied');
      if ((rolledBack === undefined) === (applied === undefined)) throw new UsageError('resolve 需要 --rolled-back <迁移名> 或 --applied <迁移名>（二选一）');
      const url = databaseUrl();
      await resolveMigration(url, rolledBack ?? applied ?? '', rolledBack ? 'rolled-back' : 'applied');
      console.log(`已将 ${rolledBack ?? applied} 标记为${rolledBack ? '已回滚，下次 migrate 会重新执行' : '已应用'}。`);
      return 0;
    }
    case 'check': {
      const pgUrl = option(args, '--pg') ?? (process.env.TEST_DATABASE_URL_PG || undefined);
      const report = await check({ pgUrl });
      for (const note of report.notes) console.log(`说明：${note}`);
      for (const problem of report.problems) console.error(`问题：${problem}`);
      console.log(report.problems.length === 0 ? '校验通过：迁移与 schema 一致。' : `校验失败：${report.problems.length} 个问题。`);
      return report.problems.length === 0 ? 0 : 1;
    }
    case 'new': {
      const name = args.find((a) => !a.startsWith('--'));
      if (!name) throw new UsageError('请给出迁移名称，例如：db new add_task_index');
      const folder = await newMigration(name);
      if (folder === undefined) {
        console.log('schema 与最新迁移一致，没有生成新迁移。');
      } else {
        for (const provider of ['sqlite', 'postgresql']) console.log(`已生成：${path.join('prisma', 'migrations', provider, folder)}`);
        console.log('请检查 SQL（尤其是删除列/表等破坏性变更）后再提交。');
      }
      return 0;
    }
    case 'generate':
      generate();
      return 0;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`未知命令：${command}`);
  }
}

async function main(): Promise<void> {
  // Engine timers are unref'd (engine.ts); this keeps the process alive until we decide to exit.
  const keepAlive = setInterval(() => undefined, 60_000);
  let code: number;
  try {
    code = await run(process.argv[2], process.argv.slice(3));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      code = 2;
    } else {
      console.error(`错误：${error instanceof Error ? error.message : String(error)}`);
      if (process.env.DEBUG_SCHEMA_ENGINE && error instanceof Error) console.error(error.stack);
      code = 1;
    }
  }
  clearInterval(keepAlive);
  // Exit explicitly: nothing left for us to wait for, and stray pool sockets must not delay CI.
  process.exit(code);
}

void main();
