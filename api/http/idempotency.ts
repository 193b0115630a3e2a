/**
 * The one Idempotency-Key block (issue #15; project intake and complaint intake each had a copy):
 * the same key with the same body gets the same answer, the same key with another body (or for
 * another operation) a 422 idempotency-mismatch. The key is reserved, with what the first request
 * allocates (a project code, a complaint id), before any work starts, so a retry or a concurrent
 * duplicate finds the same reservation and joins the same object instead of making a second one.
 */
import { createHash } from 'node:crypto';
import type { Db, Prisma } from '../../lib/db/client';
import { ProblemError } from './problem';

export interface IdempotentRequest<R extends object> {
  principalId: string;
  key: string;
  /** The operation id; a key used for one operation cannot be replayed for another. */
  operation: string;
  /** The validated request body; its hash is what "same request" means. */
  body: unknown;
  /**
   * What a first request allocates; runs only when the key is new. `alongside` are rows reserved in
   * the same transaction as the key (a national code): when one of them is taken, the key is not
   * stored either.
   */
  allocate(): Promise<{ reserved: R; alongside?: (tx: Prisma.TransactionClient) => Promise<unknown> }>;
  /** The refusal when the transaction failed and no other request holds the key (an `alongside` row was taken). */
  conflict?(reserved: R, error: unknown): ProblemError;
}

export interface Reservation<R> {
  /** What the first request with this key allocated (or, once done, answered with). */
  reserved: R;
  /** True when the first request finished: answer from `reserved` with `Idempotent-Replayed: true`. */
  replay: boolean;
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export async function reserveIdempotencyKey<R extends object>(db: Db, request: IdempotentRequest<R>): Promise<Reservation<R>> {
  const { principalId, key, operation } = request;
  const hash = requestHash(request.body);
  const where = { principalId_key: { principalId, key } };
  let record = await db.idempotencyRecord.findUnique({ where });
  if (!record) {
    const { reserved, alongside } = await request.allocate();
    const data = { principalId, key, operation, requestHash: hash, responseStatus: 0, responseBody: reserved as object };
    try {
      record = await db.$transaction(async (tx) => {
        const created = await tx.idempotencyRecord.create({ data });
        await alongside?.(tx);
        return created;
      });
    } catch (error) {
      // A concurrent duplicate stored the key first: it answers for both.
      record = await db.idempotencyRecord.findUnique({ where });
      if (!record) throw request.conflict?.(reserved, error) ?? error;
    }
  }
  if (record.requestHash !== hash || record.operation !== operation) throw ProblemError.idempotencyMismatch();
  return { reserved: record.responseBody as R, replay: record.responseStatus !== 0 };
}

/** Marks the key's request done with its answer; later requests with the key replay it. */
export async function completeIdempotencyKey(db: Db, principalId: string, key: string, status: number, response: object): Promise<void> {
  await db.idempotencyRecord.update({ where: { principalId_key: { principalId, key } }, data: { responseStatus: status, responseBody: response } });
}
