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
import pino from 'pino';
import { createApp } from '../api/app';
import { taskInclude } from '../api/mappers';
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
import { sqlProbes, type Backend, type Probe } from './read-sql';

export type { Backend } from './read-sql';
import { explainPostgres, explainSqlite, latencyAndPlansMarkdown, touchesTask, type CapturedQuery, type PlanCheck } from './read-plans';
import { Latencies, type Summary } from './stats';


interface RunResult {
  backend: Backend;
  tasks: number;
  departments: number;
  loadS: number;
  /** 1-minute load average when timing began and ended (2 cores: above 2 means waiting for a CPU). */
  load: { start: number; end: number };
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

/**
 * The route's probes over HTTP (first page, a walk through the queue, several filters, the queue's
 * last page), and two that split the first page's time: an authenticated request that no route
 * answers (HTTP, middleware, the API Key lookup: the floor of every call) and the route's own
 * Prisma query for the first page without HTTP.
 */
async function routeProbes(base: string, key: string, db: Db, department: string): Promise<Probe[]> {
  const get = async (query: string) => {
    const res = await fetch(`${base}/api/v1/tasks?${query}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { nextCursor: string | null };
    if (res.status !== 200) throw new Error(`listTasks 返回 ${res.status}：${JSON.stringify(body)}`);
    return body;
  };
  const after = (c: string) => `${QUEUE}&cursor=${encodeURIComponent(c)}`;
  for (let k = 0; k < 20; k++) await get(QUEUE);
  // The queue's last page, reached by walking it: with keyset paging it costs what the first page costs.
  let last: string | null = null;
  for (let c = (await get(QUEUE)).nextCursor; c; c = (await get(after(c))).nextCursor) last = c;
  let cursor: string | null = null;
  return [
    { label: 'listTasks 首页（status=received）', run: () => get(QUEUE) },
    { label: 'listTasks 翻页（cursor）', run: async () => void (cursor = (await get(cursor ? after(cursor) : QUEUE)).nextCursor) },
    { label: 'listTasks 多条件（2 个状态 + 灯色 + 到期日）', run: () => get(FILTERED) },
    ...(last ? [{ label: 'listTasks 末页（cursor）', run: () => get(after(last!)) }] : []),
    { label: '分解：HTTP + 鉴权（无路由的 404）', run: async () => (await fetch(`${base}/api/v1/no-such-list`, { headers: { authorization: `Bearer ${key}` } })).text() },
    {
      label: '分解：首页的 Prisma 查询（含 include，无 HTTP）',
      run: () => db.task.findMany({ where: { departmentId: department, status: { in: ['received'] } }, orderBy: [{ greenChannel: 'desc' }, { receivedAt: 'asc' }, { id: 'asc' }], take: 21, include: taskInclude }),
    },
  ];
}

/**
 * Every probe once per round, the order reversed every other round: the route and its SQL control
 * see the same load, which on a shared machine moves more than either of them.
 */
async function interleave(probes: Probe[], rounds: number, lat: Latencies): Promise<void> {
  for (let k = 0; k < rounds; k++) {
    for (const p of k % 2 ? [...probes].reverse() : probes) {
      const t0 = performance.now();
      await p.run();
      lat.record(p.label, performance.now() - t0);
    }
  }
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
    const loadStart = os.loadavg()[0];
    const app = await serve(db, scratch.url);
    const sql = await sqlProbes(backend, scratch.url, department);
    try {
      await interleave([...(await routeProbes(app.base, key, db, department)), ...sql.probes], requests, lat);
    } finally {
      await sql.close();
      await app.close();
      await db.$disconnect();
    }
    const load = { start: Math.round(loadStart * 100) / 100, end: Math.round(os.loadavg()[0] * 100) / 100 };
    const plans = { ...(await routePlans(backend, scratch.url, key)), ...sql.plans };
    const latency = lat.summary();
    return { backend, tasks, departments, loadS, load, queue, latency, plans };
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
    '- 路由：进程内 createApp + 真实 HTTP（鉴权、校验、Prisma、映射）；SQL：同一查询经原生驱动（better-sqlite3 / pg），keyset 翻页；每页 20 条。\n- 路由与 SQL 的各项交替计时（每轮每项一次，隔轮倒序），机器负载的起伏同时落在两边；机器负载见下。',
    '',
  ];
  for (const r of results) {
    out.push(`## ${r.backend}，${r.tasks.toLocaleString()} 个任务`, '');
    out.push(`载入 ${r.loadS} 秒；${r.departments} 个部门；计时部门 ${r.queue.department}：${r.queue.departmentTasks} 个任务，其中待签收 ${r.queue.received} 个；计时开始与结束时 1 分钟负载 ${r.load.start} / ${r.load.end}（${os.cpus().length} 核）。`, '');
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
