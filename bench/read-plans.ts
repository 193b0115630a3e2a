/**
 * Query plans of the SQL that Prisma actually sends for listTasks (captured from the query log
 * while the real route serves a request), and the verdict: a full scan of Task is a failure.
 */
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { sqliteFilePath } from '../lib/db/schemas';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface PlanCheck {
  sql: string;
  plan: string[];
  /** Steps that read the whole Task table (or all of one of its indexes). */
  fullScans: string[];
  indexes: string[];
}

/** Names under which a statement reads the table: the table and any alias Prisma gives it. */
function tableNames(sql: string, table: string): Set<string> {
  const names = new Set([table]);
  for (const m of sql.matchAll(new RegExp(`"${table}"\\s+(?:AS\\s+)?"?(\\w+)"?`, 'gi'))) if (!/^(WHERE|ON|JOIN|LEFT|INNER|ORDER|LIMIT|SET)$/i.test(m[1])) names.add(m[1]);
  return names;
}

/** SQLite statements quote with backticks (`main`.`Task`), PostgreSQL ones with double quotes. */
export const touchesTask = (sql: string) => /[`"]Task[`"]/.test(sql);

export async function explainSqlite(url: string, q: CapturedQuery, table = 'Task'): Promise<PlanCheck> {
  const db = new Database(sqliteFilePath(url), { readonly: true });
  try {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[]).map(sqliteParam)) as { detail: string }[];
    const names = tableNames(q.sql, table);
    const plan = rows.map((r) => r.detail);
    // "SCAN Task" reads every row; "SCAN Task USING INDEX x" reads all of an index. Only SEARCH uses a key.
    const fullScans = plan.filter((d) => {
      const m = /^SCAN (?:main\.)?"?(\w+)"?/.exec(d);
      return m !== null && names.has(m[1]);
    });
    const indexes = plan.flatMap((d) => /USING (?:COVERING )?INDEX (\S+)/.exec(d)?.[1] ?? []);
    return { sql: q.sql, plan, fullScans, indexes };
  } finally {
    db.close();
  }
}

const sqliteParam = (p: unknown) => (typeof p === 'boolean' ? Number(p) : p);

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PgPlanNode[];
}

export async function explainPostgres(url: string, q: CapturedQuery, table = 'Task'): Promise<PlanCheck> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const res = await pg.query<{ 'QUERY PLAN': [{ Plan: PgPlanNode }] }>(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.params);
    const text = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params);
    const fullScans: string[] = [];
    const indexes: string[] = [];
    const walk = (n: PgPlanNode) => {
      if (n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table) fullScans.push(`Seq Scan on "${table}"`);
      if (n['Index Name']) indexes.push(n['Index Name']);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(res.rows[0]['QUERY PLAN'][0].Plan);
    return { sql: q.sql, plan: text.rows.map((r) => r['QUERY PLAN']), fullScans, indexes };
  } finally {
    await pg.end();
  }
}

/** Markdown for a latency table and the checked plans, shared by the read benchmarks. */
export function latencyAndPlansMarkdown(queryHeader: string, latency: Record<string, { count: number; p50: number; p95: number; p99: number; max: number }>, plans: Record<string, PlanCheck>): string[] {
  const out = [`| ${queryHeader} | 次数 | p50 | p95 | p99 | 最大（毫秒） |`, '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const [op, s] of Object.entries(latency)) out.push(`| ${op} | ${s.count} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} |`);
  out.push('', '查询计划：', '');
  for (const [label, p] of Object.entries(plans)) {
    out.push(`- ${label}：${p.fullScans.length ? `**全表扫描：${p.fullScans.join('；')}**` : `使用索引 ${[...new Set(p.indexes)].join('、') || '（无）'}`}`);
    out.push('', '  ```', ...p.plan.map((l) => `  ${l}`), '  ```', '');
  }
  return out;
}
