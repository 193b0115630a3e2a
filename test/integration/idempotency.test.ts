/**
 * The shared Idempotency-Key block (api/http/idempotency.ts) used by project and complaint intake,
 * against a real read model (SQLite, or PostgreSQL when TEST_DATABASE_URL_PG is set): same key and
 * body → the same reservation (and, once done, the same answer); same key with another body or
 * operation → 422; concurrent duplicates share one reservation; a row reserved alongside the key
 * that is already taken refuses the request without storing the key.
 */
import { completeIdempotencyKey, reserveIdempotencyKey, type IdempotentRequest } from '../../api/http/idempotency';
import { ProblemError } from '../../api/http/problem';
import { createDb, type Db, type Prisma } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { freshDatabase } from '../support/system';

describe('one idempotency block for intake', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let allocated = 0;

  beforeAll(async () => {
    const scratch = await freshDatabase();
    drop = scratch.drop;
    await migrateDatabase(scratch.url, { log: () => undefined });
    db = createDb(scratch.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  const request = (key: string, body: unknown, extra: Partial<IdempotentRequest<{ id: string }>> = {}): IdempotentRequest<{ id: string }> => ({
    principalId: 'key-window',
    key,
    operation: 'fileComplaint',
    body,
    allocate: async () => ({ reserved: { id: `TS-${++allocated}` } }),
    ...extra,
  });

  const refusal = async (promise: Promise<unknown>): Promise<ProblemError> => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    return error as ProblemError;
  };

  it('when the same key and body come again before and after the first request finished, then the reservation is reused and then replayed', async () => {
    const body = { description: '窗口推诿', departmentId: 'D1' };
    const first = await reserveIdempotencyKey(db, request('k-same', body));
    expect(first.replay).toBe(false);
    const again = await reserveIdempotencyKey(db, request('k-same', { ...body }));
    expect(again).toEqual(first);
    await completeIdempotencyKey(db, 'key-window', 'k-same', 201, { id: first.reserved.id });
    expect(await reserveIdempotencyKey(db, request('k-same', body))).toEqual({ reserved: first.reserved, replay: true });
  });

  it('when the same key comes with another body or for another operation, then 422 idempotency-mismatch and the first reservation stays', async () => {
    const first = await reserveIdempotencyKey(db, request('k-other', { description: 'a' }));
    const otherBody = await refusal(reserveIdempotencyKey(db, request('k-other', { description: 'b' })));
    expect([otherBody.status, otherBody.kind]).toEqual([422, 'idempotency-mismatch']);
    const otherOperation = await refusal(reserveIdempotencyKey(db, request('k-other', { description: 'a' }, { operation: 'submitProject' })));
    expect(otherOperation.kind).toBe('idempotency-mismatch');
    expect(await reserveIdempotencyKey(db, request('k-other', { description: 'a' }))).toEqual(first);
  });

  it('when another caller uses the same key, then it gets its own reservation', async () => {
    const mine = await reserveIdempotencyKey(db, request('k-shared', { description: 'a' }));
    const theirs = await reserveIdempotencyKey(db, request('k-shared', { description: 'a' }, { principalId: 'key-agent' }));
    expect(theirs.reserved.id).not.toBe(mine.reserved.id);
  });

  it('when two identical requests race, then both get the one reservation that was stored', async () => {
    const both = await Promise.all([1, 2].map(() => reserveIdempotencyKey(db, request('k-race', { description: 'race' }))));
    expect(both[0]).toEqual(both[1]);
    const stored = await db.idempotencyRecord.findUniqueOrThrow({ where: { principalId_key: { principalId: 'key-window', key: 'k-race' } } });
    expect(stored.responseBody).toEqual(both[0].reserved);
  });

  it('when a row reserved alongside the key is already taken, then the given refusal is thrown and the key stays free', async () => {
    await db.counter.create({ data: { name: 'national-project-code:TAKEN', value: 1 } });
    const alongside = async () => ({
      reserved: { id: `XM-${++allocated}` },
      alongside: (tx: Prisma.TransactionClient) => tx.counter.create({ data: { name: 'national-project-code:TAKEN', value: 1 } }),
    });
    const refused = await refusal(
      reserveIdempotencyKey(db, request('k-taken', { code: 'TAKEN' }, { allocate: alongside, conflict: () => ProblemError.conflict('already_exists', '代码已被使用') })),
    );
    expect(refused.status).toBe(409);
    expect(await db.idempotencyRecord.findUnique({ where: { principalId_key: { principalId: 'key-window', key: 'k-taken' } } })).toBeNull();
  });
});
