/**
 * Keyset paging (api/routes/keyset.ts) over real HTTP on a synthetic read model (the read
 * benchmark's generator, bench/read-data.ts): walking a listing page by page yields exactly the
 * rows of one unpaged query in the same order — across the green-channel boundary, NULL receipt
 * times (waiting tasks, which SQLite and PostgreSQL sort at opposite ends) and equal times broken
 * by id. Cursors issued before keyset paging (a bare row id) still continue after their row;
 * a cursor the server did not issue gives an empty page. Runs on PostgreSQL when
 * TEST_DATABASE_URL_PG is set.
 */
import type { Client as TemporalClient } from '@temporalio/client';
import pino from 'pino';
import { populatePostgres, populateSqlite } from '../../bench/read-data';
import { encodeCursor } from '../../api/routes/util';
import { createApiKey } from '../../lib/auth/keys';
import { configSchema } from '../../lib/config';
import { createDb, type Db } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { capturingDb } from '../../bench/read';
import { freshDatabase, serveGateway } from '../support/system';

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}

describe('keyset paging of the cursor listings', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let gateway: { baseUrl: string; close(): Promise<void> };
  let supervisor: string;
  let department: string;
  let url: string;
  let config: ReturnType<typeof configSchema.parse>;

  beforeAll(async () => {
    const scratch = await freshDatabase();
    drop = scratch.drop;
    url = scratch.url;
    await migrateDatabase(scratch.url, { log: () => undefined });
    const shape = { tasks: 2_400, departments: 8 };
    if (scratch.url.startsWith('file:')) await populateSqlite(scratch.url, shape);
    else await populatePostgres(scratch.url, shape);
    db = createDb(scratch.url);
    // Equal receipt and submission times, so the id decides the order inside a page and across pages.
    const tied = new Date('2026-02-02T08:00:00Z');
    await db.task.updateMany({ where: { departmentId: 'D001', projectId: { lte: 'SY-0000060' } }, data: { receivedAt: tied } });
    await db.project.updateMany({ where: { id: { lte: 'SY-0000030' } }, data: { submittedAt: tied } });
    supervisor = (await createApiKey(db, { role: 'supervisor', label: '分页测试' })).key;
    department = (await createApiKey(db, { role: 'department', departmentId: 'D001', label: '分页测试' })).key;
    config = configSchema.parse({ DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', API_PORT: '0', RATE_LIMIT_PER_MINUTE: '100000000' });
    // The listings never touch Temporal; a call would fail loudly on this empty client.
    gateway = await serveGateway({ db, temporal: {} as TemporalClient, config, logger: pino({ level: 'silent' }) });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await db?.$disconnect();
    await drop?.();
  });

  const get = async (path: string, key: string): Promise<Page> => {
    const res = await fetch(`${gateway.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  /** Every page of `path` (which has a query string) from the first, with `limit` rows a page. */
  const walk = async (path: string, key: string, limit: number): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const page: Page = await get(`${path}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
      expect(page.items).toHaveLength(limit);
    }
    throw new Error('翻页没有结束');
  };

  test('when a department walks its whole task list 7 at a time, then it gets every task once in listTasks order, NULL receipt times included', async () => {
    const expected = await db.task.findMany({
      where: { departmentId: 'D001' },
      orderBy: [{ greenChannel: 'desc' }, { receivedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, receivedAt: true, greenChannel: true },
    });
    // The data crosses every boundary the cursor must handle.
    expect(expected.some((t) => t.receivedAt === null)).toBe(true);
    expect(new Set(expected.map((t) => t.greenChannel)).size).toBe(2);
    expect(expected.filter((t) => t.receivedAt?.getTime() === Date.parse('2026-02-02T08:00:00Z')).length).toBeGreaterThan(7);
    expect(await walk('/api/v1/tasks?departmentId=D001', department, 7)).toEqual(expected.map((t) => t.id));
  });

  test('when the received queue is walked with filters, then pages concatenate to the unpaged answer', async () => {
    const expected = await db.task.findMany({
      where: { departmentId: 'D001', status: { in: ['received', 'waiting'] } },
      orderBy: [{ greenChannel: 'desc' }, { receivedAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    expect(expected.length).toBeGreaterThan(20);
    expect(await walk('/api/v1/tasks?status=received&status=waiting', department, 5)).toEqual(expected.map((t) => t.id));
  });

  test('when the efficiency office walks the project list, then it gets every project once, newest first, ties by id', async () => {
    const expected = await db.project.findMany({ orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }], select: { id: true } });
    expect(await walk('/api/v1/projects?status=in_review', supervisor, 9)).toEqual(expected.map((p) => p.id));
  });

  test('when a cursor page of tasks is served, then its ranges are several queries but projects and items are read once for the page', async () => {
    // The same route on a client that records its statements (each range used to load its own relations).
    const { db: logged, queries } = capturingDb(url, url.startsWith('file:') ? 'sqlite' : 'postgresql');
    const own = await serveGateway({ db: logged, temporal: {} as TemporalClient, config, logger: pino({ level: 'silent' }) });
    try {
      const read = async (path: string) => {
        const res = await fetch(`${own.baseUrl}${path}`, { headers: { authorization: `Bearer ${department}` } });
        expect(res.status).toBe(200);
        return (await res.json()) as Page;
      };
      const first = await read('/api/v1/tasks?departmentId=D001&limit=5');
      queries.length = 0;
      const second = await read(`/api/v1/tasks?departmentId=D001&limit=5&cursor=${first.nextCursor}`);
      expect(second.items).toHaveLength(5);
      const reads = (table: string) => queries.filter((q) => new RegExp(`FROM [\`"]\\w+[\`"]\\.[\`"]${table}[\`"]`).test(q.sql)).length;
      expect(reads('Task')).toBeGreaterThan(1);
      expect(reads('Project')).toBe(1);
      expect(reads('ApprovalItem')).toBe(1);
    } finally {
      await own.close();
      await logged.$disconnect();
    }
  });

  test('when a cursor issued before keyset paging (a bare task id) is sent, then the page continues after that task', async () => {
    const all = await walk('/api/v1/tasks?departmentId=D001', department, 50);
    const legacy = encodeCursor(all[10]);
    const page = await get(`/api/v1/tasks?departmentId=D001&limit=5&cursor=${legacy}`, department);
    expect(page.items.map((i) => i.id)).toEqual(all.slice(11, 16));
  });

  test('when a cursor the server did not issue is sent (unknown id, forged or malformed key), then the page is empty', async () => {
    for (const forged of [encodeCursor('SY-9999999.I001'), encodeCursor('[true,"x"]'), encodeCursor('[1,2,3]'), encodeCursor('[')]) {
      const page = await get(`/api/v1/tasks?departmentId=D001&cursor=${forged}`, department);
      expect(page).toEqual({ items: [], nextCursor: null });
    }
  });

});
