/**
 * Offline migrations (lib/db/migrate.ts) and createDb (lib/db/client.ts) against real databases:
 * a temporary SQLite file always, and PostgreSQL when TEST_DATABASE_URL_PG points at a server
 * whose role may CREATE DATABASE (scripts/postgres.sh provides one; CI sets the variable).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../lib/db/client';
import { check, createScratchPostgres, generate, migrate, newMigration, readMigrations, status } from '../../lib/db/migrate';
import { defaultLayout, derivePostgresSchema, type Layout } from '../../lib/db/schemas';
import { repoRoot } from '../../lib/paths';

const pgUrl = process.env.TEST_DATABASE_URL_PG || undefined;
const initName = readMigrations(defaultLayout, 'sqlite')[0]?.name;
// Both providers get a migration folder of the same name for every schema change.
const allMigrations = readMigrations(defaultLayout, 'sqlite').map((m) => m.name);

beforeAll(() => {
  // createDb imports the generated clients; a fresh checkout has none yet.
  const clients = ['sqlite', 'postgresql'].map((p) => path.join(repoRoot, 'generated', 'prisma', p, 'client.ts'));
  if (!clients.every((f) => fs.existsSync(f))) generate();
}, 120_000);

async function openDb(url: string): Promise<Db> {
  // Loaded lazily so that beforeAll can generate the clients first.
  const { createDb } = await import('../../lib/db/client');
  return createDb(url);
}

/** Writes one row of every model, reads it back, and checks the types that differ by provider. */
async function roundTripEveryModel(db: Db): Promise<void> {
  const at = new Date('2026-03-02T01:30:00.123Z');
  await db.department.create({ data: { id: 'FGW', name: '县发展和改革委员会', shortName: '县发改委' } });
  await db.approvalItem.create({
    data: {
      id: 'FGW-01', departmentId: 'FGW', name: '企业投资项目备案', statutoryDays: 20, promisedDays: 5,
      requiredMaterials: ['备案申请表'], prerequisites: [], applicability: { projectTypes: ['工业'], minInvestmentWan: 100 },
    },
  });
  await db.agent.create({ data: { id: 'A1', name: '代办员甲', phone: '13800000000' } });
  await db.project.create({
    data: {
      id: 'P1', code: 'BZ-2026-000001', name: '年产十万件智能装备项目', type: '工业', location: '经开区',
      investmentWan: '12345.6789', applicantName: '某某科技有限公司', applicantUscc: '91000000MA0000000X',
      applicantContact: { name: '张三', phone: '13900000000' }, firstInquiryStaff: '李四', agentId: 'A1',
      status: 'submitted', materials: [{ name: '备案申请表', pages: 3 }], workflowId: 'project-P1', submittedAt: at,
    },
  });
  await db.task.create({
    data: {
      id: 'BZ-2026-000001.FGW-01', projectId: 'P1', itemId: 'FGW-01', departmentId: 'FGW', status: 'received',
      receivedAt: at, decisionDetail: { reasons: ['材料齐全'], nested: { ok: true, n: 1.5 } }, statutoryDueDate: '2026-03-30',
    },
  });
  const first = await db.event.create({ data: { id: 'evt-1', type: 'project.submitted', projectId: 'P1', payload: { a: 1 }, occurredAt: at } });
  const second = await db.event.create({ data: { id: 'evt-2', type: 'task.received', taskId: 'BZ-2026-000001.FGW-01', actor: { role: 'window' }, payload: {}, occurredAt: at } });
  await db.consolidatedReply.create({ data: { id: 'R1', projectId: 'P1', version: 1, content: { items: [] } } });
  await db.milestone.create({ data: { id: 'M1', projectId: 'P1', kind: '开工', plannedDate: '2026-06-01' } });
  await db.calendarYear.create({ data: { year: 2026, official: true, holidays: ['2026-01-01'], workdays: ['2026-01-04'], source: '国务院办公厅' } });
  await db.apiKey.create({ data: { id: 'key_1', prefix: 'abcdefghij', hash: 'h', role: 'admin', label: '管理员' } });
  await db.idempotencyRecord.create({
    data: { principalId: 'key_1', key: 'k1', operation: 'submit', requestHash: 'r', responseStatus: 201, responseBody: { id: 'P1' } },
  });
  await db.webhookSubscription.create({ data: { id: 'W1', ownerKeyId: 'key_1', role: 'admin', url: 'http://127.0.0.1:9/hook', secret: 'whsec_x', eventTypes: [] } });
  await db.webhookDelivery.create({ data: { id: 'D1', subscriptionId: 'W1', eventId: 'evt-1', attempt: 1, status: 'failed', error: '连接被拒绝' } });
  await db.counter.create({ data: { name: 'project-code-2026', value: 1 } });
  await db.counter.update({ where: { name: 'project-code-2026' }, data: { value: { increment: 1 } } });

  const project = await db.project.findUniqueOrThrow({ where: { code: 'BZ-2026-000001' }, include: { tasks: true, replies: true, milestones: true } });
  expect(project.investmentWan.toString()).toBe('12345.6789');
  expect(project.applicantContact).toEqual({ name: '张三', phone: '13900000000' });
  expect(project.submittedAt.toISOString()).toBe(at.toISOString());
  expect(project.updatedAt).toBeInstanceOf(Date);
  expect(project.tasks[0].decisionDetail).toEqual({ reasons: ['材料齐全'], nested: { ok: true, n: 1.5 } });
  expect([project.replies.length, project.milestones.length]).toEqual([1, 1]);
  expect(second.seq).toBeGreaterThan(first.seq);
  expect(await db.event.findMany({ where: { seq: { gt: first.seq } }, select: { id: true } })).toEqual([{ id: 'evt-2' }]);
  const item = await db.approvalItem.findUniqueOrThrow({ where: { id: 'FGW-01' }, include: { department: true } });
  expect(item.department.shortName).toBe('县发改委');
  expect(item.applicability).toEqual({ projectTypes: ['工业'], minInvestmentWan: 100 });
  expect((await db.calendarYear.findUniqueOrThrow({ where: { year: 2026 } })).workdays).toEqual(['2026-01-04']);
  expect((await db.idempotencyRecord.findUniqueOrThrow({ where: { principalId_key: { principalId: 'key_1', key: 'k1' } } })).responseStatus).toBe(201);
  expect(await db.webhookDelivery.count({ where: { subscription: { ownerKeyId: 'key_1' } } })).toBe(1);
  expect([await db.agent.count(), await db.apiKey.count()]).toEqual([1, 1]);
  expect((await db.counter.findUniqueOrThrow({ where: { name: 'project-code-2026' } })).value).toBe(2);
  expect((await db.task.findFirstOrThrow({ include: { item: true } })).item.name).toBe('企业投资项目备案');
}

/** Runs the CLI as CI and operators do; returns its exit code, output and wall time. */
function cli(args: string[], env: Record<string, string>): { code: number | null; out: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['scripts/db.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, ms: Date.now() - started };
}

/**
 * A layout whose schema has one model more than the committed migrations know about. With
 * `ownMigrations` the migrations are a copy, so `new` can write into it.
 */
function driftedLayout(ownMigrations = false): { layout: Layout; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-drift-'));
  const layout: Layout = {
    schemaPath: path.join(dir, 'schema.prisma'),
    postgresSchemaPath: path.join(dir, 'postgresql', 'schema.prisma'),
    migrationsRoot: ownMigrations ? path.join(dir, 'migrations') : defaultLayout.migrationsRoot,
  };
  if (ownMigrations) fs.cpSync(defaultLayout.migrationsRoot, layout.migrationsRoot, { recursive: true });
  const source = `${fs.readFileSync(defaultLayout.schemaPath, 'utf8')}\nmodel DriftProbe {\n  id    String @id\n  value Int\n}\n`;
  fs.writeFileSync(layout.schemaPath, source);
  fs.mkdirSync(path.dirname(layout.postgresSchemaPath));
  fs.writeFileSync(layout.postgresSchemaPath, derivePostgresSchema(source, layout));
  return { layout, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('SQLite', () => {
  let dir: string;
  let url: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-db-'));
    url = `file:${path.join(dir, 'nested', 'read-model.db')}`;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when a fresh SQLite file is migrated, then every migration is applied and every model round-trips through createDb', async () => {
    expect((await status(url)).pending).toEqual(allMigrations);
    expect(await migrate(url)).toEqual({ provider: 'sqlite', applied: allMigrations });
    const db = await openDb(url);
    try {
      await roundTripEveryModel(db);
    } finally {
      await db.$disconnect();
    }
  });

  test('when migrate runs again, then it applies nothing and status reports up to date', async () => {
    expect((await migrate(url)).applied).toEqual([]);
    expect(await status(url)).toMatchObject({ upToDate: true, pending: [], hasMigrationsTable: true });
  });

  test('when the committed migrations are checked, then both providers match the schema', async () => {
    const report = await check({ pgUrl });
    expect(report.problems).toEqual([]);
  });

  test('when the schema has a model the migrations lack, then check reports drift for both providers', async () => {
    const { layout, cleanup } = driftedLayout();
    try {
      const { problems } = await check({ layout });
      const about = (label: string) => problems.filter((p) => p.startsWith(label) && p.includes('DriftProbe'));
      expect(about('SQLite：schema 有尚未生成迁移的变更')).toHaveLength(1);
      expect(about('SQLite：回放全部迁移后的数据库')).toHaveLength(1);
      expect(about('PostgreSQL：schema 有尚未生成迁移的变更')).toHaveLength(1);
    } finally {
      cleanup();
    }
  });

  test('when a model is added and `new` runs, then both providers get a migration that check accepts', async () => {
    const { layout, cleanup } = driftedLayout(true);
    try {
      const folder = await newMigration('add drift probe', layout, new Date('2099-01-02T03:04:05Z'));
      expect(folder).toBe('20990102030405_add_drift_probe');
      for (const provider of ['sqlite', 'postgresql'] as const) {
        const latest = readMigrations(layout, provider).at(-1);
        expect(latest?.name).toBe(folder);
        expect(latest?.sql).toContain('CREATE TABLE "DriftProbe"');
        expect(latest?.sql).not.toContain('CREATE SCHEMA');
      }
      expect((await check({ layout, pgUrl })).problems).toEqual([]);
      expect(await newMigration('again', layout)).toBeUndefined();
    } finally {
      cleanup();
    }
  });

  test('when the CLI runs status and migrate, then it exits with the right codes', () => {
    const env = { DATABASE_URL: `file:${path.join(dir, 'cli', 'read-model.db')}` };
    expect(cli(['status'], env).code).toBe(1);
    const first = cli(['migrate'], env);
    expect([first.code, first.out]).toEqual([0, expect.stringContaining(`已应用迁移：${initName}`)]);
    expect(cli(['status'], env)).toMatchObject({ code: 0, out: expect.stringContaining('已同步') });
    expect(cli(['bogus'], env).code).toBe(2);
  });
});

const pgTitle = pgUrl
  ? 'PostgreSQL'
  : 'PostgreSQL — 已跳过：未设置 TEST_DATABASE_URL_PG（运行 scripts/postgres.sh start，再 export TEST_DATABASE_URL_PG="$(scripts/postgres.sh url)"）';

(pgUrl ? describe : describe.skip)(pgTitle, () => {
  let scratch: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    scratch = await createScratchPostgres(pgUrl ?? '', 'approval_test');
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  test('when a fresh PostgreSQL database is migrated, then every migration is applied and every model round-trips through createDb', async () => {
    expect((await status(scratch.url)).hasMigrationsTable).toBe(false);
    expect(await migrate(scratch.url)).toEqual({ provider: 'postgresql', applied: allMigrations });
    const db = await openDb(scratch.url);
    try {
      await roundTripEveryModel(db);
    } finally {
      await db.$disconnect();
    }
  });

  test('when migrate runs again, then it applies nothing and status reports up to date', async () => {
    expect((await migrate(scratch.url)).applied).toEqual([]);
    expect(await status(scratch.url)).toMatchObject({ upToDate: true, pending: [] });
  });

  test('when the CLI migrates PostgreSQL, then it exits well before the engine\'s 10 s lock timer', () => {
    const r = cli(['migrate'], { DATABASE_URL: scratch.url });
    expect([r.code, r.out]).toEqual([0, expect.stringContaining('没有待应用的迁移')]);
    expect(r.ms).toBeLessThan(8_000);
  });

  test('when a hand-written migration has semicolons inside literals and $$ bodies, then it applies on PostgreSQL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-semicolons-'));
    const layout: Layout = { ...defaultLayout, migrationsRoot: path.join(dir, 'migrations') };
    fs.cpSync(defaultLayout.migrationsRoot, layout.migrationsRoot, { recursive: true });
    const folder = path.join(layout.migrationsRoot, 'postgresql', '29990101000000_semicolons');
    fs.mkdirSync(folder);
    fs.writeFileSync(
      path.join(folder, 'migration.sql'),
      `INSERT INTO "Agent" ("id", "name") VALUES ('A9', '甲;乙');\nCREATE FUNCTION approval_one() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n`,
    );
    try {
      expect((await migrate(scratch.url, layout)).applied).toEqual(['29990101000000_semicolons']);
      const db = await openDb(scratch.url);
      try {
        expect((await db.agent.findUniqueOrThrow({ where: { id: 'A9' } })).name).toBe('甲;乙');
      } finally {
        await db.$disconnect();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('when the schema has a model the migrations lack, then check replays on PostgreSQL and reports the drift', async () => {
    const { layout, cleanup } = driftedLayout();
    try {
      const { problems } = await check({ layout, pgUrl });
      expect(problems.filter((p) => p.startsWith('PostgreSQL：回放全部迁移后的数据库') && p.includes('DriftProbe'))).toHaveLength(1);
    } finally {
      cleanup();
    }
  });
});
