/**
 * A database that is briefly unreachable answers 503 with Retry-After (clients retry), a wrong
 * query stays a 500. Errors are real ones: SQLite's from a locked file and a duplicate key, the
 * PostgreSQL one with the shape Prisma gave when the chaos run terminated backends (57P01).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { toProblemError } from '../../api/http/problem';
import { createDb, Prisma, type Db } from '../../lib/db/client';
import { isDatabaseUnavailable } from '../../lib/db/errors';
import { migrateDatabase } from '../../lib/db/migrate';

let dir: string;
let file: string;
let db: Db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-unavailable-'));
  file = path.join(dir, 'read-model.db');
  await migrateDatabase(`file:${file}`);
  db = createDb(`file:${file}`);
});
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

test('when another connection holds the SQLite file locked, then the request gets 503 with Retry-After', async () => {
  const holder = new Database(file);
  holder.exec('BEGIN EXCLUSIVE');
  try {
    // better-sqlite3 waits its busy timeout (5 s) before giving up.
    const err = await caught(db.department.create({ data: { id: 'LCK', name: '锁测试局', shortName: '锁测试' } }));
    expect(isDatabaseUnavailable(err)).toBe(true);
    const problem = toProblemError(err);
    expect(problem.status).toBe(503);
    expect(problem.headers).toMatchObject({ 'Retry-After': '2' });
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
}, 20_000);

test('when PostgreSQL terminates the connection (57P01), then the request gets 503', () => {
  const err = new Prisma.PrismaClientKnownRequestError('Invalid `db.apiKey.findUnique()` invocation', {
    code: 'P2039',
    clientVersion: '7.10.0',
    meta: {
      modelName: 'ApiKey',
      driverAdapterError: {
        name: 'DriverAdapterError',
        cause: { originalCode: '57P01', originalMessage: 'terminating connection due to administrator command', kind: 'postgres', code: '57P01', severity: 'FATAL' },
      },
    },
  });
  expect(toProblemError(err).status).toBe(503);
});

test('when a query is wrong (duplicate key), then it stays a 500 and is not retried as unavailable', async () => {
  await db.department.create({ data: { id: 'DUP', name: '重复局', shortName: '重复' } });
  const err = await caught(db.department.create({ data: { id: 'DUP', name: '重复局', shortName: '重复' } }));
  expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  expect(isDatabaseUnavailable(err)).toBe(false);
  expect(toProblemError(err).status).toBe(500);
});
