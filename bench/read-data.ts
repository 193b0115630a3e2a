/**
 * Synthetic read model for the read benchmark, generated inside the database (a recursive CTE on
 * SQLite, generate_series on PostgreSQL) so a million rows take seconds rather than a million
 * round trips. Shape: `departments` departments with one approval item each; every project has
 * six tasks at six different departments; statuses are spread like a live county (most decided,
 * a tenth waiting for receipt); one project in ten is green-channel.
 */
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { sqliteFilePath } from '../lib/db/schemas';

export interface DatasetShape {
  tasks: number;
  departments: number;
}

export const TASKS_PER_PROJECT = 6;
/** 2026-01-05 00:00 UTC; task n is received n seconds later. */
const BASE_EPOCH_S = 1_767_571_200;

const clockJson = JSON.stringify({
  state: 'running',
  startDate: '2026-03-02',
  suspensions: [],
  explanation: [
    '法定时限：自2026-03-02收件次日起算20个工作日，跳过周末8天，截止2026-03-30 24:00',
    '承诺时限：自2026-03-02收件次日起算10个工作日，跳过周末4天，截止2026-03-16 24:00',
    '黄灯预警：2026-03-12 24:00起亮黄灯（承诺时限预警比例80%）',
  ],
  workingDaysUsed: 3,
  workingDaysRemaining: 7,
});

export const dept = (i: number) => `D${String(i).padStart(3, '0')}`;
export const item = (i: number) => `I${String(i).padStart(3, '0')}`;

/**
 * Status of task k of project n: a fixed spread (received 10 %, accepted 5 %, waiting 3 %, the rest
 * decided) that does not line up with departments, so every department gets the same mix.
 */
const STATUS_SQL = (n: string, k: string) =>
  `CASE WHEN ((${n}) * 7 + (${k}) * 13) % 100 < 10 THEN 'received' WHEN ((${n}) * 7 + (${k}) * 13) % 100 < 15 THEN 'accepted' ` +
  `WHEN ((${n}) * 7 + (${k}) * 13) % 100 < 18 THEN 'waiting' ELSE 'decided' END`;

export async function populateSqlite(url: string, shape: DatasetShape): Promise<void> {
  const db = new Database(sqliteFilePath(url));
  try {
    const projects = Math.ceil(shape.tasks / TASKS_PER_PROJECT);
    const D = shape.departments;
    db.exec('BEGIN');
    const insDept = db.prepare('INSERT INTO Department (id, name, shortName, createdAt) VALUES (?, ?, ?, ?)');
    const insItem = db.prepare(
      'INSERT INTO ApprovalItem (id, departmentId, name, statutoryDays, promisedDays, requiredMaterials, prerequisites, applicability, sortOrder) VALUES (?, ?, ?, 20, 10, ?, ?, ?, ?)',
    );
    for (let i = 1; i <= D; i++) {
      insDept.run(dept(i), `合成部门 ${i}`, `部门${i}`, new Date().toISOString());
      insItem.run(item(i), dept(i), `合成审批事项 ${i}`, '["申请表"]', '[]', '{}', i);
    }
    const iso = (seconds: string) => `strftime('%Y-%m-%dT%H:%M:%f', ${BASE_EPOCH_S} + ${seconds}, 'unixepoch') || '+00:00'`;
    db.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       INSERT INTO Project (id, code, name, type, location, investmentWan, applicantName, applicantUscc, applicantContact, greenChannel,
         firstInquiryStaff, status, light, materials, workflowId, submittedAt, version, updatedAt)
       SELECT printf('SY-%07d', n), printf('SY-%07d', n), '合成项目 ' || n, 'industrial', '城东工业园', 5000, '合成企业',
         '91350100M000100Y43', '{"name":"张三","phone":"13800000000"}', n % 10 = 0, '李窗口', 'in_review', 'green',
         '[{"name":"项目申请报告","copies":1}]', 'project-SY-' || n, ${iso('n * 6')}, 1, ${iso('n * 6')}
       FROM seq`,
    ).run(projects);
    db.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?),
         k(k) AS (VALUES (0), (1), (2), (3), (4), (5)),
         t AS (SELECT n, k, (n * 6 + k) % ? + 1 AS d, ${STATUS_SQL('n', 'k')} AS status FROM seq, k)
       INSERT INTO Task (id, projectId, itemId, departmentId, status, light, greenChannel, receivedAt, statutoryDueDate, promisedDueDate,
         clock, version, updatedAt)
       SELECT printf('SY-%07d.I%03d', n, d), printf('SY-%07d', n), printf('I%03d', d), printf('D%03d', d), status,
         CASE WHEN n % 13 = 0 THEN 'yellow' ELSE 'green' END, n % 10 = 0,
         CASE WHEN status = 'waiting' THEN NULL ELSE ${iso('n * 6 + k')} END, '2026-03-30', '2026-03-16', ?,
         CASE status WHEN 'received' THEN 1 WHEN 'accepted' THEN 2 WHEN 'waiting' THEN 1 ELSE 3 END, ${iso('n * 6 + k')}
       FROM t WHERE (n - 1) * 6 + k < ?`,
    ).run(projects, D, clockJson, shape.tasks);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

export async function populatePostgres(url: string, shape: DatasetShape): Promise<void> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const projects = Math.ceil(shape.tasks / TASKS_PER_PROJECT);
    const D = shape.departments;
    await pg.query('BEGIN');
    await pg.query(
      `INSERT INTO "Department" (id, name, "shortName") SELECT 'D' || lpad(i::text, 3, '0'), '合成部门 ' || i, '部门' || i FROM generate_series(1, $1) i`,
      [D],
    );
    await pg.query(
      `INSERT INTO "ApprovalItem" (id, "departmentId", name, "statutoryDays", "promisedDays", "requiredMaterials", prerequisites, applicability, "sortOrder")
       SELECT 'I' || lpad(i::text, 3, '0'), 'D' || lpad(i::text, 3, '0'), '合成审批事项 ' || i, 20, 10, '["申请表"]', '[]', '{}', i FROM generate_series(1, $1) i`,
      [D],
    );
    const ts = (seconds: string) => `to_timestamp(${BASE_EPOCH_S} + ${seconds})`;
    await pg.query(
      `INSERT INTO "Project" (id, code, name, type, location, "investmentWan", "applicantName", "applicantUscc", "applicantContact", "greenChannel",
         "firstInquiryStaff", status, light, materials, "workflowId", "submittedAt", version, "updatedAt")
       SELECT 'SY-' || lpad(n::text, 7, '0'), 'SY-' || lpad(n::text, 7, '0'), '合成项目 ' || n, 'industrial', '城东工业园', 5000, '合成企业',
         '91350100M000100Y43', '{"name":"张三","phone":"13800000000"}', n % 10 = 0, '李窗口', 'in_review', 'green',
         '[{"name":"项目申请报告","copies":1}]', 'project-SY-' || n, ${ts('n * 6')}, 1, ${ts('n * 6')}
       FROM generate_series(1, $1) n`,
      [projects],
    );
    await pg.query(
      `INSERT INTO "Task" (id, "projectId", "itemId", "departmentId", status, light, "greenChannel", "receivedAt", "statutoryDueDate", "promisedDueDate",
         clock, version, "updatedAt")
       SELECT 'SY-' || lpad(n::text, 7, '0') || '.I' || lpad(d::text, 3, '0'), 'SY-' || lpad(n::text, 7, '0'), 'I' || lpad(d::text, 3, '0'),
         'D' || lpad(d::text, 3, '0'), status, CASE WHEN n % 13 = 0 THEN 'yellow' ELSE 'green' END, n % 10 = 0,
         CASE WHEN status = 'waiting' THEN NULL ELSE ${ts('n * 6 + k')} END, '2026-03-30', '2026-03-16', $3::jsonb,
         CASE status WHEN 'received' THEN 1 WHEN 'accepted' THEN 2 WHEN 'waiting' THEN 1 ELSE 3 END, ${ts('n * 6 + k')}
       FROM (SELECT n, k, (n * 6 + k) % $2 + 1 AS d, ${STATUS_SQL('n', 'k')} AS status
             FROM generate_series(1, $1) n, generate_series(0, 5) k) t
       WHERE (n - 1) * 6 + k < $4`,
      [projects, D, clockJson, shape.tasks],
    );
    await pg.query('COMMIT');
    // What autovacuum would do shortly after a bulk load; the planner needs the statistics.
    await pg.query('ANALYZE');
  } finally {
    await pg.end();
  }
}
