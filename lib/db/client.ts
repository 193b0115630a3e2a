/**
 * The one way the application opens the read model: `createDb(DATABASE_URL)`.
 *
 * Two generated clients, picked by URL: a client generated from the SQLite schema refuses
 * adapter-pg at construction ("adapter … based on `postgres` is not compatible with the provider
 * `sqlite`"), and its query compiler emits SQLite SQL. Both are generated from the same models
 * (prisma/postgresql/schema.prisma is derived), so they expose the same delegates; `Db` is typed
 * as the SQLite client, the stricter of the two (no PostgreSQL-only options such as
 * `mode: 'insensitive'`), so code written against `Db` runs on both.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from '../../generated/prisma/postgresql/client';
import { PrismaClient as SqliteClient } from '../../generated/prisma/sqlite/client';
import { providerOfUrl, sqliteFilePath, type Provider } from './schemas';

export type Db = SqliteClient;
export { Prisma } from '../../generated/prisma/sqlite/client';

/**
 * The gateway and the worker are two processes writing one SQLite file. In WAL mode readers never
 * block the writer and a commit costs one append instead of a rollback journal's extra syncs
 * (measured in BENCHMARKS.md). The mode is stored in the file, so setting it once per open is
 * idempotent; the adapter offers no per-connection pragma hook, hence the short-lived handle.
 */
function useWriteAheadLog(file: string): void {
  const raw = new Database(file);
  try {
    if (raw.pragma('journal_mode', { simple: true }) !== 'wal') raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
  }
}

/**
 * Which database a client talks to, for the few queries whose SQL differs (lib/event-feed.ts).
 * Read from the client itself, so clients made outside createDb (bench, tests) answer too.
 */
export function providerOf(db: Db): Provider {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

export function createDb(databaseUrl: string): Db {
  if (providerOfUrl(databaseUrl) === 'sqlite') {
    const file = sqliteFilePath(databaseUrl, { createDir: true });
    if (file !== ':memory:') useWriteAheadLog(file);
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
  }
  // Same models, same delegates, same runtime: only the generated type identities differ.
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Db;
}
