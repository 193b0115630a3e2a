/**
 * The read benchmark's control: listTasks' queue page written by hand in plain SQL through the raw
 * driver (better-sqlite3 / pg), as probes that bench/read.ts interleaves with the route's requests,
 * so a shared machine's changing load falls on both alike.
 */
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { sqliteFilePath } from '../lib/db/schemas';
import { explainPostgres, explainSqlite, type PlanCheck } from './read-plans';

export type Backend = 'sqlite' | 'postgresql';

/** One timed step; stateful probes (a walk) keep their position between calls. */
export interface Probe {
  label: string;
  run: () => Promise<unknown>;
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

/** The three statements of the control on one backend, as functions of the last row handed out. */
interface Statements {
  first: () => Promise<Row[]>;
  /** After `r` with the row comparison (the old control). */
  next: (r: Row) => Promise<Row[]>;
  /** After `r` with one seek per green-channel segment. */
  seek: (r: Row) => Promise<Row[]>;
  close: () => Promise<void>;
}

async function statements(backend: Backend, url: string, department: string): Promise<Statements> {
  if (backend === 'sqlite') {
    const db = new Database(sqliteFilePath(url), { readonly: true });
    const [first, next, seek] = [db.prepare(plainSql(backend, false)), db.prepare(plainSql(backend, true)), db.prepare(plainSeekSql(backend))];
    return {
      first: async () => first.all(department) as Row[],
      next: async (r) => next.all(department, r.greenChannel, r.greenChannel, r.receivedAt, r.id) as Row[],
      seek: async (r) => seek.all(department, r.greenChannel, r.receivedAt, r.id, department, r.greenChannel) as Row[],
      close: async () => void db.close(),
    };
  }
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  const rows = async (sql: string, params: unknown[]) => (await pg.query<Row>(sql, params)).rows;
  return {
    first: () => rows(plainSql(backend, false), [department]),
    next: (r) => rows(plainSql(backend, true), [department, r.greenChannel, r.receivedAt, r.id]),
    seek: (r) => rows(plainSeekSql(backend), [department, r.greenChannel, r.receivedAt, r.id]),
    close: () => pg.end(),
  };
}

/** A keyset walk through the queue with `step`, back to the first page at its end. */
function walk(first: () => Promise<Row[]>, step: (r: Row) => Promise<Row[]>): () => Promise<unknown> {
  let last: Row | undefined;
  return async () => {
    const rows = last ? await step(last) : await first();
    last = rows.length > 20 ? rows[19] : undefined;
  };
}

/** The control's probes (first page, walks, the queue's last page) and the plans of its keyset statements. */
export async function sqlProbes(backend: Backend, url: string, department: string): Promise<{ probes: Probe[]; plans: Record<string, PlanCheck>; close: () => Promise<void> }> {
  const s = await statements(backend, url, department);
  // The row before the queue's last page, found by walking it once.
  let end: Row | undefined;
  for (let r = await s.first(); r.length > 20; r = await s.seek(r[19])) end = r[19];
  const probes: Probe[] = [
    { label: 'SQL 首页', run: s.first },
    { label: 'SQL 翻页（keyset）', run: walk(s.first, s.next) },
    { label: 'SQL 翻页（keyset，逐段定位）', run: walk(s.first, s.seek) },
    ...(end ? [{ label: 'SQL 末页（keyset）', run: () => s.next(end) }, { label: 'SQL 末页（keyset，逐段定位）', run: () => s.seek(end) }] : []),
  ];
  const explain = backend === 'sqlite' ? explainSqlite : explainPostgres;
  const sample = backend === 'sqlite' ? { g: 0, at: '2026-01-06T00:00:00.000+00:00' } : { g: false, at: new Date('2026-01-06') };
  const plans: Record<string, PlanCheck> = {
    'SQL 翻页（keyset）': await explain(url, { sql: plainSql(backend, true), params: backend === 'sqlite' ? [department, sample.g, sample.g, sample.at, 'x'] : [department, sample.g, sample.at, 'x'] }),
    'SQL 翻页（keyset，逐段定位）': await explain(url, { sql: plainSeekSql(backend), params: backend === 'sqlite' ? [department, sample.g, sample.at, 'x', department, sample.g] : [department, sample.g, sample.at, 'x'] }),
  };
  return { probes, plans, close: s.close };
}
