/**
 * Tells a database that is briefly unreachable (restart, failover, dropped connection, a busy
 * SQLite file) from a query that is wrong. The first is worth a retry and is answered 503 with
 * Retry-After; the second stays a 500 that someone has to look at.
 */

/** Prisma's own codes: cannot reach, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver-adapter error kinds with the same meaning. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionAlreadyClosed']);
/** PostgreSQL: admin/crash shutdown, cannot connect now, too many connections. Class 08 is checked separately. */
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** SQLite primary result codes: SQLITE_BUSY, SQLITE_LOCKED. */
const SQLITE_CODES = new Set([5, 6]);

interface AdapterCause {
  kind?: string;
  code?: string;
  originalCode?: string;
  extendedCode?: number;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } };
  if (typeof e.code === 'string' && PRISMA_CODES.has(e.code)) return true;
  const cause = e.meta?.driverAdapterError?.cause;
  if (!cause?.kind) return false;
  if (ADAPTER_KINDS.has(cause.kind)) return true;
  if (cause.kind === 'postgres') {
    const code = cause.code ?? cause.originalCode ?? '';
    return code.startsWith('08') || PG_CODES.has(code);
  }
  // The primary code is the low byte of the extended one (SQLITE_BUSY_SNAPSHOT is 5 | 2 << 8).
  return cause.kind === 'sqlite' && cause.extendedCode !== undefined && SQLITE_CODES.has(cause.extendedCode & 0xff);
}
