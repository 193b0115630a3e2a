/**
 * `npm run bench:read`: listTasks on a large read model. For each backend (SQLite, PostgreSQL) and
 * size, bulk-loads synthetic departments/projects/tasks into a scratch database, serves the real
 * gateway route in-process (createApp; listTasks needs no Temporal), times a department's queue —
 * first page, cursor pages, several filters — next to the same query in plain SQL through the raw
 * driver, and checks the plans of the SQL Prisma actually sends. A full scan of Task fails the run.
 *
 *   npm run bench:read -- [--tasks 100000,1000000] [--backends sqlite,postgresql] [--requests 300] [--name read]
 *     [--migrations DIR]   (an older migrations root, e.g. for a before/after of an index)
 *     [--pg URL]           (scratch databases on this PostgreSQL server instead of the benchmark's own)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Client as TemporalClient } from '@temporalio/client';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { createApp } from '../api/app';
import { PrismaClient as PostgresClient } from '../generated/prisma/postgresql/client';
import { PrismaClient as SqliteClient } from '../generated/prisma/sqlite/client';
import { createApiKey } from '../lib/auth/keys';
import { configSchema } from '../lib/config';
import { createDb, type Db } from '../lib/db/client';
import { createScratchPostgres, migrateDatabase } from '../lib/db/migrate';
import { defaultLayout, sqliteFilePath } from '../lib/db/schemas';
import { repoRoot } from '../lib/paths';
import { machineFacts } from './proc';
import { dept, populatePostgres, populateSqlite } from './read-data';
import { explainPostgres, explainSqlite, latencyAndPlansMarkdown, touchesTask, type CapturedQuery, type PlanCheck } from './read-plans';
import { Latencies, type Summary } from './stats';

export type Backend = 'sqlite' | 'postgresql';

interface RunResult {
  backend: Backend;
  tasks: number;
  departments: number;
  loadS: number;
  queue: { department: string; departmentTasks: number; received: number };
  latency: Record<string, Summary>;
  plans: Record<string, PlanCheck>;
}

const say = (t: string) => process.stderr.write(`${t}\n`);
const QUEUE = 'status=received&limit=20';
const FILTERED = 'status=received&status=accepted&light=green&dueBefore=2026-12-31&limit=20';

function parseArgs(argv: string[]) {
  const get = (flag: string, dflt: string) => {
    const i = argv.indexOf(`--${flag}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
  };
  return {
    sizes: get('tasks', '100000').split(',').map(Number),
    backends: get('backends', 'sqlite,postgresql').split(',') as Backend[],
    requests: Number(get('requests', '300')),
    departments: Number(get('departments', '40')),
    name: get('name', 'read'),
    /** Another migrations root (sqlite/ and postgresql/ folders), to measure an older schema for a before/after. */
    migrations: get('migrations', ''),
    /** An existing PostgreSQL server to make the scratch database on (default: start the benchmark's own). */
    pg: get('pg', ''),
  };
}

/** A Prisma client that records every statement it sends, to explain exactly those. */
export function capturingDb(url: string, backend: Backend): { db: Db; queries: CapturedQuery[] } {
  const queries: CapturedQuery[] = [];
  const log = [{ emit: 'event' as const, level: 'query' as const }];
  const record = (e: { query: string; params: string }) => void queries.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] });
  if (backend === 'sqlite') {
    const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(url) }), log });
    client.$on('query', record);
    return { db: client as unknown as Db, queries };
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), log });
  client.$on('query', record);
  return { db: client as unknown as Db, queries };
}

export async function serve(db: Db, url: string): Promise<{ base: string; close: () => Promise<void> }> {
  const config = configSchema.parse({ DATABASE_URL: url, LOG_LEVEL: 'silent', API_PORT: '0', RATE_LIMIT_PER_MINUTE: '100000000' });
  // listTasks never touches Temporal; a missing client would fail loudly if it did.
  const server: Server = createApp({ db, temporal: {} as TemporalClient, config, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let stopPostgres: (() => void) | undefined;
/** Stops the benchmark's own PostgreSQL if this run started it. */
export const stopBenchPostgres = () => stopPostgres?.();

export async function scratchDatabase(backend: Backend, pgServer = ''): Promise<{ url: string; drop: () => Promise<void> }> {
  if (backend === 'postgresql' && pgServer) return createScratchPostgres(pgServer, 'bench_read');
  if (backend === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-read-'));
    return { url: `file:${path.join(dir, 'read-model.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  // A server of its own (port, data dir) so the benchmark never collides with the tests' or CI's
  // PostgreSQL on the default port; APPROVAL_PG_PORT / APPROVAL_PG_DIR still override.
  const env = {
    ...process.env,
    APPROVAL_PG_PORT: process.env.APPROVAL_PG_PORT ?? '54349',
    APPROVAL_PG_DIR: process.env.APPROVAL_PG_DIR ?? path.join(repoRoot, '.cache', 'postgres-bench'),
  };
  const pgScript = path.join(repoRoot, 'scripts', 'postgres.sh');
  try {
    execFileSync('bash', [pgScript, 'status'], { stdio: 'ignore', env });
  } catch {
    // Not running yet: started here, so stopped again at the end of the run.
    stopPostgres ??= () => execFileSync('bash', [pgScript, 'stop'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  execFileSync('bash', [pgScript, 'start'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const base = execFileSync('bash', [pgScript, 'url'], { encoding: 'utf8', env }).trim();
  return createScratchPostgres(base, 'bench_read');
}

/** The route's query written by hand: same filter, same order, keyset instead of Prisma's cursor. */
function plainSql(backend: Backend, after: boolean): string {
  const q = (id: string) => (backend === 'postgresql' ? `"${id}"` : id);
  const [t, p, i] = ['t', 'p', 'i'];
  const col = (a: string, c: string) => `${a}.${q(c)}`;
  const ph = (n: number) => (backend === 'postgresql' ? `$${n}` : '?');
  const keyset = after
    ? backend === 'postgresql'
      ? ` AND (${col(t, 'greenChannel')} < $2 OR (${col(t, 'greenChannel')} = $2 AND (${col(t, 'receivedAt')}, ${col(t, 'id')}) > ($3, $4)))`
      : ` AND (${col(t, 'greenChannel')} < ? OR (${col(t, 'greenChannel')} = ? AND (${col(t, 'receivedAt')}, ${col(t, 'id')}) > (?, ?)))`
    : '';
  return (
    `SELECT ${t}.*, ${col(p, 'code')} AS ${q('projectCode')}, ${col(p, 'name')} AS ${q('projectName')}, ${col(i, 'name')} AS ${q('itemName')}, ${col(i, 'prerequisites')} ` +
    `FROM ${q('Task')} ${t} JOIN ${q('Project')} ${p} ON ${col(p, 'id')} = ${col(t, 'projectId')} JOIN ${q('ApprovalItem')} ${i} ON ${col(i, 'id')} = ${col(t, 'itemId')} ` +
    `WHERE ${col(t, 'departmentId')} = ${ph(1)} AND ${col(t, 'status')} = 'received'${keyset} ` +
    `ORDER BY ${col(t, 'greenChannel')} DESC, ${col(t, 'receivedAt')} ASC, ${col(t, 'id')} ASC LIMIT 21`
  );
}

/**
 * The same page written as a DBA would for an index seek: the row comparison above cannot seek past
 * a DESC column followed by ASC ones (PostgreSQL reads the queue from its start and filters, so a
 * deep page costs more), so each green-channel segment is its own seek and the two are merged. The
 * received queue has no NULL receipt times (only waiting tasks do), so no NULL segment is needed.
 */
function plainSeekSql(backend: Backend): string {
  const q = (id: string) => (backend === 'postgresql' ? `"${id}"` : id);
  const [d, g, r, i] = backend === 'postgresql' ? ['$1', '$2', '$3', '$4'] : ['?', '?', '?', '?'];
  const queue = `FROM ${q('Task')} WHERE ${q('departmentId')} = ${d} AND status = 'received'`;
  const sameGreen = `SELECT * ${queue} AND ${q('greenChannel')} = ${g} AND (${q('receivedAt')}, id) > (${r}, ${i}) ORDER BY ${q('receivedAt')}, id LIMIT 21`;
  const laterGreen = `SELECT * ${queue} AND ${q('greenChannel')} < ${g} ORDER BY ${q('greenChannel')} DESC, ${q('receivedAt')}, id LIMIT 21`;
  // SQLite takes no ORDER BY/LIMIT inside a compound member; a sub-select around each does.
  const members = `SELECT * FROM (${sameGreen}) AS a UNION ALL SELECT * FROM (${laterGreen}) AS b`;
  return (
    `SELECT t.*, p.code AS ${q('projectCode')}, p.name AS ${q('projectName')}, i.name AS ${q('itemName')}, i.prerequisites ` +
    `FROM (${members}) t JOIN ${q('Project')} p ON p.id = t.${q('projectId')} JOIN ${q('ApprovalItem')} i ON i.id = t.${q('itemId')} ` +
    `ORDER BY t.${q('greenChannel')} DESC, t.${q('receivedAt')} ASC, t.id ASC LIMIT 21`
  );
}

type Row = { id: string; greenChannel: unknown; receivedAt: unknown };

/** Runs the plain SQL: first pages, then a keyset walk through the queue (wrapping at its end). */
async function timePlainSql(backend: Backend, url: string, department: string, n: number, lat: Latencies): Promise<Record<string, PlanCheck>> {
  const plans: Record<string, PlanCheck> = {};
  if (backend === 'sqlite') {
    const db = new Database(sqliteFilePath(url), { readonly: true });
    const first = db.prepare(plainSql(backend, false));
    const next = db.prepare(plainSql(backend, true));
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      first.all(department);
      lat.record('SQL 首页', performance.now() - t0);
    }
    let last: Row | undefined;
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      const rows = (last ? next.all(department, last.greenChannel, last.greenChannel, last.receivedAt, last.id) : first.all(department)) as Row[];
      lat.record('SQL 翻页（keyset）', performance.now() - t0);
      last = rows.length > 20 ? rows[19] : undefined;
    }
    let end: Row | undefined;
    for (let r = first.all(department) as Row[]; r.length > 20; r = next.all(department, r[19].greenChannel, r[19].greenChannel, r[19].receivedAt, r[19].id) as Row[]) end = r[19];
    for (let k = 0; end && k < n; k++) {
      const t0 = performance.now();
      next.all(department, end.greenChannel, end.greenChannel, end.receivedAt, end.id);
      lat.record('SQL 末页（keyset）', performance.now() - t0);
    }
    const seek = db.prepare(plainSeekSql(backend));
    const seekArgs = (r: Row) => [department, r.greenChannel, r.receivedAt, r.id, department, r.greenChannel];
    let from: Row | undefined;
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      const rows = (from ? seek.all(...seekArgs(from)) : first.all(department)) as Row[];
      lat.record('SQL 翻页（keyset，逐段定位）', performance.now() - t0);
      from = rows.length > 20 ? rows[19] : undefined;
    }
    for (let k = 0; end && k < n; k++) {
      const t0 = performance.now();
      seek.all(...seekArgs(end));
      lat.record('SQL 末页（keyset，逐段定位）', performance.now() - t0);
    }
    db.close();
    plans['SQL 翻页（keyset）'] = await explainSqlite(url, { sql: plainSql(backend, true), params: [department, 0, 0, '2026', 'x'] });
    plans['SQL 翻页（keyset，逐段定位）'] = await explainSqlite(url, { sql: plainSeekSql(backend), params: [department, 0, '2026', 'x', department, 0] });
  } else {
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    for (let k = 0; k < n; k++) await lat.time('SQL 首页', () => pg.query(plainSql(backend, false), [department]));
    let last: Row | undefined;
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      const res = await pg.query<Row>(last ? plainSql(backend, true) : plainSql(backend, false), last ? [department, last.greenChannel, last.receivedAt, last.id] : [department]);
      lat.record('SQL 翻页（keyset）', performance.now() - t0);
      last = res.rows.length > 20 ? res.rows[19] : undefined;
    }
    let end: Row | undefined;
    for (let r = (await pg.query<Row>(plainSql(backend, false), [department])).rows; r.length > 20; r = (await pg.query<Row>(plainSql(backend, true), [department, r[19].greenChannel, r[19].receivedAt, r[19].id])).rows) end = r[19];
    for (let k = 0; end && k < n; k++) await lat.time('SQL 末页（keyset）', () => pg.query(plainSql(backend, true), [department, end!.greenChannel, end!.receivedAt, end!.id]));
    const seekArgs = (r: Row) => [department, r.greenChannel, r.receivedAt, r.id];
    let from: Row | undefined;
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      const res = await pg.query<Row>(from ? plainSeekSql(backend) : plainSql(backend, false), from ? seekArgs(from) : [department]);
      lat.record('SQL 翻页（keyset，逐段定位）', performance.now() - t0);
      from = res.rows.length > 20 ? res.rows[19] : undefined;
    }
    for (let k = 0; end && k < n; k++) await lat.time('SQL 末页（keyset，逐段定位）', () => pg.query(plainSeekSql(backend), seekArgs(end!)));
    await pg.end();
    plans['SQL 翻页（keyset）'] = await explainPostgres(url, { sql: plainSql(backend, true), params: [department, false, new Date('2026-01-06'), 'x'] });
    plans['SQL 翻页（keyset，逐段定位）'] = await explainPostgres(url, { sql: plainSeekSql(backend), params: [department, false, new Date('2026-01-06'), 'x'] });
  }
  return plans;
}

async function timeRoute(base: string, key: string, n: number, lat: Latencies): Promise<void> {
  const get = async (label: string, query: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/tasks?${query}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { nextCursor: string | null };
    lat.record(label, performance.now() - t0);
    if (res.status !== 200) throw new Error(`listTasks 返回 ${res.status}：${JSON.stringify(body)}`);
    return body;
  };
  for (let k = 0; k < 20; k++) await get('预热', QUEUE);
  for (let k = 0; k < n; k++) await get('listTasks 首页（status=received）', QUEUE);
  let cursor: string | null = null;
  for (let k = 0; k < n; k++) {
    const page: { nextCursor: string | null } = await get('listTasks 翻页（cursor）', cursor ? `${QUEUE}&cursor=${encodeURIComponent(cursor)}` : QUEUE);
    cursor = page.nextCursor;
  }
  for (let k = 0; k < n; k++) await get('listTasks 多条件（2 个状态 + 灯色 + 到期日）', FILTERED);
  // The queue's last page, reached by walking it: with keyset paging it costs what the first page costs.
  let last: string | null = null;
  for (let c: string | null = (await get('预热', QUEUE)).nextCursor; c; c = (await get('预热', `${QUEUE}&cursor=${encodeURIComponent(c)}`)).nextCursor) last = c;
  if (last) for (let k = 0; k < n; k++) await get('listTasks 末页（cursor）', `${QUEUE}&cursor=${encodeURIComponent(last)}`);
}

/** Serves one page of each shape through a capturing client and explains every Task statement. */
async function routePlans(backend: Backend, url: string, key: string): Promise<Record<string, PlanCheck>> {
  const { db, queries } = capturingDb(url, backend);
  const app = await serve(db, url);
  const plans: Record<string, PlanCheck> = {};
  try {
    const shapes: [string, (cursor: string | null) => string][] = [
      ['listTasks 首页', () => QUEUE],
      ['listTasks 翻页（cursor）', (c) => `${QUEUE}&cursor=${encodeURIComponent(c ?? '')}`],
      ['listTasks 多条件', () => FILTERED],
    ];
    let cursor: string | null = null;
    for (const [label, query] of shapes) {
      queries.length = 0;
      const res = await fetch(`${app.base}/api/v1/tasks?${query(cursor)}`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { nextCursor: string | null };
      cursor ??= body.nextCursor;
      // A cursor page queries its ranges side by side: every one of them is explained.
      const mains = queries.filter((q) => touchesTask(q.sql) && /[`"]departmentId[`"] = /.test(q.sql));
      if (mains.length === 0) throw new Error(`没有捕获到 ${label} 的 Task 查询`);
      for (const [n, main] of mains.entries()) {
        plans[mains.length > 1 ? `${label} #${n + 1}` : label] = backend === 'sqlite' ? await explainSqlite(url, main) : await explainPostgres(url, main);
      }
    }
  } finally {
    await app.close();
    await db.$disconnect();
  }
  return plans;
}

async function runOne(backend: Backend, tasks: number, departments: number, requests: number, migrations: string, pg: string): Promise<RunResult> {
  const scratch = await scratchDatabase(backend, pg);
  try {
    const layout = migrations ? { ...defaultLayout, migrationsRoot: path.resolve(migrations) } : defaultLayout;
    await migrateDatabase(scratch.url, { log: () => undefined, layout });
    say(`[${backend} ${tasks.toLocaleString()}] 生成合成数据 …`);
    const t0 = Date.now();
    if (backend === 'sqlite') await populateSqlite(scratch.url, { tasks, departments });
    else await populatePostgres(scratch.url, { tasks, departments });
    const loadS = Math.round((Date.now() - t0) / 100) / 10;
    const db = createDb(scratch.url);
    const department = dept(1);
    const { key } = await createApiKey(db, { role: 'department', departmentId: department, label: '读基准' });
    const queue = {
      department,
      departmentTasks: await db.task.count({ where: { departmentId: department } }),
      received: await db.task.count({ where: { departmentId: department, status: 'received' } }),
    };
    say(`[${backend} ${tasks.toLocaleString()}] 载入 ${loadS} 秒；${department} 共 ${queue.departmentTasks} 个任务，待签收 ${queue.received} 个；计时 …`);
    const lat = new Latencies();
    const app = await serve(db, scratch.url);
    try {
      await timeRoute(app.base, key, requests, lat);
    } finally {
      await app.close();
      await db.$disconnect();
    }
    const sqlPlans = await timePlainSql(backend, scratch.url, department, requests, lat);
    const plans = { ...(await routePlans(backend, scratch.url, key)), ...sqlPlans };
    const latency = lat.summary();
    delete latency['预热'];
    return { backend, tasks, departments, loadS, queue, latency, plans };
  } finally {
    // A failed drop (e.g. autovacuum still in the fresh database) must not hide the run's own error.
    await scratch.drop().catch((err: unknown) => say(`临时数据库未能删除：${err instanceof Error ? err.message : String(err)}`));
  }
}

function markdown(results: RunResult[], machine: ReturnType<typeof machineFacts>): string {
  const out = [
    '# 读取基准：listTasks / Read benchmark',
    '',
    `- ${new Date().toISOString()}，提交 ${machine.commit ?? '未知'}；${machine.cores} 核 ${machine.cpuModel}，内存 ${machine.memoryGb} GB，Node ${machine.node}`,
    '- 路由：进程内 createApp + 真实 HTTP（鉴权、校验、Prisma、映射）；SQL：同一查询经原生驱动（better-sqlite3 / pg），keyset 翻页；每页 20 条。',
    '',
  ];
  for (const r of results) {
    out.push(`## ${r.backend}，${r.tasks.toLocaleString()} 个任务`, '');
    out.push(`载入 ${r.loadS} 秒；${r.departments} 个部门；计时部门 ${r.queue.department}：${r.queue.departmentTasks} 个任务，其中待签收 ${r.queue.received} 个。`, '');
    out.push(...latencyAndPlansMarkdown('查询', r.latency, r.plans));
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const machine = machineFacts();
  const results: RunResult[] = [];
  try {
    for (const backend of o.backends) for (const tasks of o.sizes) results.push(await runOne(backend, tasks, o.departments, o.requests, o.migrations, o.pg));
  } finally {
    stopPostgres?.();
  }
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const md = markdown(results, machine);
  fs.writeFileSync(path.join(dir, `${o.name}.json`), `${JSON.stringify({ machine, options: o, results }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${o.name}.md`), md);
  process.stdout.write(md);
  const scans = results.flatMap((r) => Object.entries(r.plans).filter(([, p]) => p.fullScans.length > 0).map(([l]) => `${r.backend} ${r.tasks} ${l}`));
  if (scans.length > 0) {
    say(`\n失败：以下查询全表扫描 Task：\n  ${scans.join('\n  ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main().catch((err: unknown) => {
  say(`读取基准失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
