/**
 * `npm run bench:events`: the event feed (listEvents) on a large outbox. For each backend, bulk-
 * loads synthetic events into a scratch database — on PostgreSQL in many small transactions, so
 * txids vary as in production — serves the real route in-process, and times a department's and
 * the supervisor's reader at the start and deep in the feed, next to the same keyset query in
 * plain SQL (row comparison on (txid, seq)). Plans of the SQL Prisma sends are checked: a full scan
 * of Event fails the run.
 *
 *   npm run bench:events -- [--events 1000000] [--backends sqlite,postgresql] [--requests 200]
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { createApiKey } from '../lib/auth/keys';
import { createDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { sqliteFilePath } from '../lib/db/schemas';
import { repoRoot } from '../lib/paths';
import { machineFacts } from './proc';
import { capturingDb, scratchDatabase, serve, stopBenchPostgres, type Backend } from './read';
import { explainPostgres, explainSqlite, latencyAndPlansMarkdown, type PlanCheck } from './read-plans';
import { Latencies } from './stats';

const say = (t: string) => process.stderr.write(`${t}\n`);
const DEPARTMENTS = 40;
const PER_TX = 500;

function parseArgs(argv: string[]) {
  const get = (flag: string, dflt: string) => {
    const i = argv.indexOf(`--${flag}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
  };
  return {
    events: Number(get('events', '1000000')),
    backends: get('backends', 'sqlite,postgresql').split(',') as Backend[],
    requests: Number(get('requests', '200')),
  };
}

const dept = (i: number) => `D${String(i).padStart(3, '0')}`;

async function populate(backend: Backend, url: string, events: number): Promise<void> {
  const values = (n0: string) =>
    `'evt-' || ${n0}, 'task.received', 'SY-' || (${n0} / 7), 'D' || lpad(((${n0} % ${DEPARTMENTS}) + 1)::text, 3, '0'), '{}', to_timestamp(1767225600 + ${n0})`;
  if (backend === 'postgresql') {
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    // Autocommit per statement: one transaction id per batch, as workflow activities write.
    for (let start = 1; start <= events; start += PER_TX) {
      await pg.query(
        `INSERT INTO "Event" (id, type, "projectId", "departmentId", payload, "occurredAt") SELECT ${values('n')} FROM generate_series($1::int, $2::int) n`,
        [start, Math.min(events, start + PER_TX - 1)],
      );
    }
    await pg.query('ANALYZE "Event"');
    await pg.end();
    return;
  }
  const db = new Database(sqliteFilePath(url));
  const insert = db.prepare(`INSERT INTO Event (id, type, projectId, departmentId, payload, occurredAt) VALUES (?, 'task.received', ?, ?, '{}', ?)`);
  db.transaction(() => {
    for (let n = 1; n <= events; n++) insert.run(`evt-${n}`, `SY-${Math.floor(n / 7)}`, dept((n % DEPARTMENTS) + 1), new Date((1767225600 + n) * 1000).toISOString());
  })();
  db.exec('ANALYZE');
  db.close();
}

/** The route's query by hand: keyset on (txid, seq) with a row comparison, below no horizon. */
function plainSql(backend: Backend, department: boolean): string {
  if (backend === 'postgresql') {
    return `SELECT * FROM "Event" WHERE ${department ? '"departmentId" = $3 AND ' : ''}("txid", "seq") > ($1, $2) ORDER BY "txid", "seq" LIMIT 100`;
  }
  return `SELECT * FROM Event WHERE ${department ? 'departmentId = ? AND ' : ''}(txid, seq) > (?, ?) ORDER BY txid, seq LIMIT 100`;
}

/** First pages of each reader, the way a system that starts from the beginning reads. */
async function timeFirstPages(base: string, keys: Record<string, string>, n: number, lat: Latencies): Promise<void> {
  for (const [who, key] of Object.entries(keys)) {
    const get = async (label: string) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/events?limit=100`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { events?: unknown[] };
      lat.record(label, performance.now() - t0);
      if (res.status !== 200 || !body.events?.length) throw new Error(`listEvents 返回 ${res.status}`);
    };
    for (let k = 0; k < 10; k++) await get('预热');
    for (let k = 0; k < n; k++) await get(`listEvents 首页（${who}）`);
  }
}

async function deepCursor(backend: Backend, url: string, department: string | undefined, fraction: number): Promise<{ txid: string; seq: number }> {
  const where = department ? (backend === 'postgresql' ? `WHERE "departmentId" = '${department}'` : `WHERE departmentId = '${department}'`) : '';
  const sql =
    backend === 'postgresql'
      ? `SELECT txid::text AS txid, seq FROM "Event" ${where} ORDER BY txid, seq OFFSET (SELECT (count(*) * ${fraction})::bigint FROM "Event" ${where}) LIMIT 1`
      : `SELECT CAST(txid AS TEXT) AS txid, seq FROM Event ${where} ORDER BY txid, seq LIMIT 1 OFFSET (SELECT CAST(count(*) * ${fraction} AS INTEGER) FROM Event ${where})`;
  if (backend === 'postgresql') {
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    const r = await pg.query<{ txid: string; seq: number }>(sql);
    await pg.end();
    return r.rows[0];
  }
  const db = new Database(sqliteFilePath(url), { readonly: true });
  const row = db.prepare(sql).get() as { txid: string; seq: number };
  db.close();
  return row;
}

async function runOne(backend: Backend, events: number, requests: number) {
  const scratch = await scratchDatabase(backend);
  try {
    await migrateDatabase(scratch.url, { log: () => undefined });
    say(`[${backend} ${events.toLocaleString()}] 生成合成事件 …`);
    const t0 = Date.now();
    await populate(backend, scratch.url, events);
    const loadS = Math.round((Date.now() - t0) / 100) / 10;
    const db = createDb(scratch.url);
    await db.department.create({ data: { id: dept(1), name: '合成部门 1', shortName: '部门1' } });
    const keys = {
      部门: (await createApiKey(db, { role: 'department', departmentId: dept(1), label: '读基准' })).key,
      效能办: (await createApiKey(db, { role: 'supervisor', label: '读基准' })).key,
    };
    const lat = new Latencies();
    const app = await serve(db, scratch.url);
    const plans: Record<string, PlanCheck> = {};
    try {
      await timeFirstPages(app.base, keys, requests, lat);
      for (const [who, key, department] of [['部门', keys.部门, dept(1)], ['效能办', keys.效能办, undefined]] as const) {
        const at = await deepCursor(backend, scratch.url, department, 0.95);
        const cursor = `${at.txid}.${at.seq}`;
        for (let k = 0; k < requests; k++) {
          const t = performance.now();
          const res = await fetch(`${app.base}/api/v1/events?limit=100&after=${cursor}`, { headers: { authorization: `Bearer ${key}` } });
          await res.json();
          lat.record(`listEvents 深处（${who}，95 % 之后）`, performance.now() - t);
        }
        await timePlainSql(backend, scratch.url, department, at, requests, lat, who);
        plans[`listEvents 深处（${who}）`] = await routePlan(backend, scratch.url, key, cursor);
      }
    } finally {
      await app.close();
      await db.$disconnect();
    }
    const latency = lat.summary();
    delete latency['预热'];
    return { backend, events, loadS, latency, plans };
  } finally {
    await scratch.drop();
  }
}

async function timePlainSql(backend: Backend, url: string, department: string | undefined, at: { txid: string; seq: number }, n: number, lat: Latencies, who: string) {
  const params: unknown[] = backend === 'postgresql' ? [at.txid, at.seq, ...(department ? [department] : [])] : [...(department ? [department] : []), Number(at.txid), at.seq];
  const label = `SQL 深处（${who}，行比较 keyset）`;
  if (backend === 'postgresql') {
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    for (let k = 0; k < n; k++) await lat.time(label, () => pg.query(plainSql(backend, !!department), params));
    await pg.end();
    return;
  }
  const db = new Database(sqliteFilePath(url), { readonly: true });
  const stmt = db.prepare(plainSql(backend, !!department));
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    stmt.all(...params);
    lat.record(label, performance.now() - t0);
  }
  db.close();
}

/** Serves one deep page through a capturing client and explains the Event statement Prisma sent. */
async function routePlan(backend: Backend, url: string, key: string, cursor: string): Promise<PlanCheck> {
  const { db, queries } = capturingDb(url, backend);
  const app = await serve(db, url);
  try {
    await (await fetch(`${app.base}/api/v1/events?limit=100&after=${cursor}`, { headers: { authorization: `Bearer ${key}` } })).json();
    const main = queries.find((q) => /[`"]Event[`"]/.test(q.sql) && /ORDER BY/i.test(q.sql));
    if (!main) throw new Error('没有捕获到 listEvents 的 Event 查询');
    return backend === 'sqlite' ? explainSqlite(url, main, 'Event') : explainPostgres(url, main, 'Event');
  } finally {
    await app.close();
    await db.$disconnect();
  }
}

function markdown(results: Awaited<ReturnType<typeof runOne>>[], machine: ReturnType<typeof machineFacts>): string {
  const out = ['# 读取基准：listEvents / Event feed read benchmark', '', `- ${new Date().toISOString()}，提交 ${machine.commit ?? '未知'}；${machine.cores} 核，Node ${machine.node}`, ''];
  for (const r of results) {
    out.push(`## ${r.backend}，${r.events.toLocaleString()} 条事件（载入 ${r.loadS} 秒；${DEPARTMENTS} 个部门；PostgreSQL 每 ${PER_TX} 条一个事务）`, '');
    out.push(...latencyAndPlansMarkdown('查询（每页 100 条）', r.latency, r.plans));
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const machine = machineFacts();
  const results = [];
  try {
    for (const backend of o.backends) results.push(await runOne(backend, o.events, o.requests));
  } finally {
    stopBenchPostgres();
  }
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const md = markdown(results, machine);
  fs.writeFileSync(path.join(dir, 'read-events.md'), md);
  process.stdout.write(md);
  if (results.some((r) => Object.values(r.plans).some((p) => p.fullScans.length > 0))) {
    say('\n失败：有查询全表扫描 Event');
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  say(`读取基准失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
