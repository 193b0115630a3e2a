/**
 * A read-model database that cannot be used for a moment (here: another connection holds the
 * SQLite file's write lock) is a 503 with Retry-After over real HTTP, per the contract, and the
 * gateway serves the same request once the lock is gone. PostgreSQL's dropped connections are
 * exercised by the chaos run (`npm run chaos -- --preset full --pg …`).
 */
import Database from 'better-sqlite3';
import { sqliteFilePath } from '../../lib/db/schemas';
import { useTestSystem } from '../support/system';

const onSqlite = !process.env.TEST_DATABASE_URL_PG;

(onSqlite ? describe : describe.skip)('database briefly unavailable', () => {
  const t = useTestSystem();

  test('when the read model is locked by another writer, then a write gets 503 with Retry-After and succeeds after the lock is released', async () => {
    const admin = t.sys.key('admin');
    const body = { role: 'supervisor', label: '效能办（锁测试）' };
    const holder = new Database(sqliteFilePath(t.sys.databaseUrl));
    // In WAL mode readers are never blocked, so the request must write; it waits the busy timeout (5 s) first.
    holder.exec('BEGIN IMMEDIATE');
    let locked;
    try {
      locked = await t.call('createApiKey', 'POST', '/api/v1/api-keys', { key: admin, body });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(locked.status).toBe(503);
    expect(locked.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(locked.headers.get('retry-after')).toBe('2');
    expect(locked.body).toMatchObject({ type: expect.stringMatching(/\/problems\/unavailable$/), status: 503 });

    const after = await t.call('createApiKey', 'POST', '/api/v1/api-keys', { key: admin, body });
    expect(after.status).toBe(201);
  }, 30_000);
});
