/**
 * What a caller sees of the outbox and in which shape: shared by the pull feed (listEvents) and
 * the push feed (webhooks), so both carry the same events with the same ids and bodies.
 */
import type { Principal } from './auth/keys';
import { apiActor } from './actors';
import { eventWhere } from './auth/scope';
import { providerOf, type Db } from './db/client';

/** The part of a principal that decides visibility; a webhook subscription stores exactly this. */
export type EventViewer = Pick<Principal, 'role' | 'departmentId' | 'agentId' | 'servicePointId'>;

/** Which events a viewer may see; supervisors and admins see everything, an unbound viewer nothing. */
export function visibleEventsWhere(p: EventViewer): Record<string, unknown> {
  return eventWhere(p);
}

export interface EventRow {
  seq: number;
  txid: bigint;
  id: string;
  type: string;
  projectId: string | null;
  taskId: string | null;
  departmentId: string | null;
  agentId: string | null;
  servicePointId: string | null;
  actor: unknown;
  payload: unknown;
  occurredAt: Date;
}

export function toApiEvent(e: EventRow) {
  return {
    id: e.id,
    cursor: encodeCursor(e),
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    projectId: e.projectId,
    taskId: e.taskId,
    departmentId: e.departmentId,
    agentId: e.agentId,
    servicePointId: e.servicePointId,
    actor: apiActor(e.actor),
    payload: (e.payload ?? {}) as Record<string, unknown>,
  };
}

/*
 * Feed order (both feeds, both databases): events are handed out in (txid, seq) order, and only
 * events whose inserting transaction is older than every transaction still running.
 *
 * Why this cannot skip a late commit: on PostgreSQL `seq` is taken at insert time, so a
 * transaction can commit after a later-numbered one, and a reader that moved past the hole would
 * never see it. `pg_snapshot_xmin(pg_current_snapshot())` is the oldest transaction id still
 * running; every transaction below it has committed or rolled back, and every transaction that
 * starts writing later gets an id at or above it. So the set of events with txid below the
 * horizon is final, and a cursor inside it can never have an event appear behind it. Rolled-back
 * inserts simply never appear: no timer, no guess. The horizon is read in one statement and the
 * page in the next; the set below the first horizon cannot change in between.
 * On SQLite one writer holds the database at a time and seq is taken inside that lock, so seq
 * order is commit order; txid is always 0 there and there is no horizon.
 * The price: a transaction held open holds back every reader until it ends (the chaos run and
 * test/integration/event-feed-order.test.ts show this).
 */

/** Where a reader stands: the last event it was handed. */
export interface FeedPosition {
  txid: bigint;
  seq: number;
}

/**
 * Opaque to clients: `<txid>.<seq>`. A bare integer is a cursor issued before commit ordering.
 * The digit bounds keep every value the pattern admits inside its column (seq: INTEGER, nine
 * digits; txid: BIGINT, eighteen), so a cursor that matches always parses and can be queried;
 * openapi.yaml (FeedCursor) states the same pattern and a unit test keeps them equal.
 */
export const CURSOR_PATTERN = /^(?:(0|[1-9][0-9]{0,8})|(0|[1-9][0-9]{0,17})\.(0|[1-9][0-9]{0,8}))$/;

export function encodeCursor(p: FeedPosition): string {
  return `${p.txid}.${p.seq}`;
}

/** Feed order: negative when `a` comes before `b`. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.txid !== b.txid) return a.txid < b.txid ? -1 : 1;
  return a.seq - b.seq;
}

/** The position a cursor issued by this version names (verifiers and tests; no legacy cursors). */
export function positionOfCursor(text: string): FeedPosition {
  const c = parseCursor(text);
  if (c?.kind !== 'position') throw new InvalidCursorError();
  return c.at;
}

export type ParsedCursor = { kind: 'position'; at: FeedPosition } | { kind: 'legacy'; seq: number };

/** undefined when the text is no cursor this feed ever issued. */
export function parseCursor(text: string | number): ParsedCursor | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? { kind: 'legacy', seq: text } : undefined;
  const m = CURSOR_PATTERN.exec(text);
  if (!m) return undefined;
  if (m[1] !== undefined) {
    const seq = Number(m[1]);
    return Number.isSafeInteger(seq) ? { kind: 'legacy', seq } : undefined;
  }
  const seq = Number(m[3]);
  const txid = BigInt(m[2]);
  if (!Number.isSafeInteger(seq) || txid > 9223372036854775807n) return undefined;
  return { kind: 'position', at: { txid, seq } };
}

/** Transactions below this id have all ended; null where there is no such bound (SQLite). */
export async function visibilityHorizon(db: Db): Promise<bigint | null> {
  if (providerOf(db) !== 'postgresql') return null;
  const rows = await db.$queryRawUnsafe<{ xmin: string }[]>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
  return BigInt(rows[0].xmin);
}

const START: FeedPosition = { txid: 0n, seq: 0 };

/**
 * A bare-integer cursor said "everything up to seq N". Placed at the first committed event after
 * N (or at the horizon when there is none yet), nothing after N can be skipped; at worst an event
 * that committed late is handed out again, which clients drop by its id.
 */
async function legacyPosition(db: Db, seq: number, horizon: bigint | null): Promise<FeedPosition> {
  // A range of the primary key: only the events after the old cursor are read.
  const { _min } = await db.event.aggregate({ where: { seq: { gt: seq }, ...(horizon === null ? {} : { txid: { lt: horizon } }) }, _min: { txid: true } });
  const txid = _min.txid ?? horizon ?? 0n;
  return { txid: horizon !== null && horizon < txid ? horizon : txid, seq };
}

/** The position of the last event stored so far in feed order, whatever its visibility; none when empty. */
export async function lastStoredPosition(db: Db): Promise<FeedPosition | undefined> {
  return (await db.event.findFirst({ orderBy: [{ txid: 'desc' }, { seq: 'desc' }], select: { txid: true, seq: true } })) ?? undefined;
}

/** The position at the end of the feed now: a new subscription starts here. */
export async function feedEnd(db: Db): Promise<FeedPosition> {
  const horizon = await visibilityHorizon(db);
  // Everything at or above the horizon is still running or yet to come, so it lies ahead.
  if (horizon !== null) return { txid: horizon, seq: 0 };
  return (await lastStoredPosition(db)) ?? { txid: 0n, seq: 0 };
}

export interface FeedQuery {
  viewer: EventViewer;
  /** A cursor from this feed (`Event.cursor`, `nextCursor`, `startCursor`) or a legacy seq. */
  after?: string | number;
  limit: number;
  types?: readonly string[];
  projectId?: string;
}

/**
 * One page of the feed after `after`, in feed order. `position` is where the reader stands after
 * it (the last row's position, or where it started when the page is empty).
 * Throws InvalidCursorError for a cursor the feed never issued.
 */
export async function readFeed(db: Db, q: FeedQuery): Promise<{ rows: EventRow[]; position: FeedPosition }> {
  const parsed = q.after === undefined ? undefined : parseCursor(q.after);
  if (q.after !== undefined && !parsed) throw new InvalidCursorError();
  const horizon = await visibilityHorizon(db);
  const from = !parsed ? START : parsed.kind === 'position' ? parsed.at : await legacyPosition(db, parsed.seq, horizon);
  const rows = await db.event.findMany({
    where: {
      AND: [
        ...afterPosition(from, horizon),
        visibleEventsWhere(q.viewer),
        q.types && q.types.length > 0 ? { type: { in: [...q.types] } } : {},
        q.projectId ? { projectId: q.projectId } : {},
      ],
    },
    orderBy: [{ txid: 'asc' }, { seq: 'asc' }],
    take: q.limit,
  });
  const last = rows.at(-1);
  return { rows, position: last ? { txid: last.txid, seq: last.seq } : from };
}

/**
 * "(txid, seq) after `from`", written so the database can seek in its (…, txid, seq) indexes and
 * a deep page costs what the first one does. On PostgreSQL the range starts at txid ≥ from.txid
 * and only the few rows of that one transaction are filtered by seq. On SQLite txid is always 0,
 * so the same order is seq order and the condition becomes txid = 0 AND seq > from.seq.
 */
function afterPosition(from: FeedPosition, horizon: bigint | null): object[] {
  if (horizon === null) return [{ txid: 0n, seq: { gt: from.seq } }];
  return [{ txid: { gte: from.txid, lt: horizon } }, { OR: [{ txid: { gt: from.txid } }, { seq: { gt: from.seq } }] }];
}

export class InvalidCursorError extends Error {
  constructor() {
    super('游标无效');
  }
}
