/**
 * Revocations told to every gateway (PostgreSQL): the gateway that revokes a key sends
 * `NOTIFY api_key_revoked, '<keyId>'`, and each gateway listening forgets the key from its cache
 * (key-cache.ts) as soon as the notification arrives, so a revoked key stops everywhere at once,
 * not only after API_KEY_CACHE_SECONDS.
 *
 * A notification sent while a gateway is not listening is lost for that gateway. So the cache
 * answers only while the listening connection is up: when it drops, the cache is emptied and every
 * request looks its key up until the connection is back (retried every second).
 * SQLite deployments have one gateway process; its own revocations are forgotten in process.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { providerOf, type Db } from '../db/client';

const CHANNEL = 'api_key_revoked';
const RETRY_MS = 1000;

/** What the key cache needs to know about revocations made elsewhere. */
export interface RevocationFeed {
  /** True only while every revocation is being heard; the cache answers nothing otherwise. */
  live(): boolean;
  /** `revoked` for each revocation heard; `changed` when `live()` flips (the cache starts empty again). */
  subscribe(handlers: { revoked: (keyId: string) => void; changed: () => void }): void;
}

/** After a revocation is committed: tells the other gateways (PostgreSQL; a no-op on SQLite). */
export async function announceRevocation(db: Db, keyId: string): Promise<void> {
  if (providerOf(db) !== 'postgresql') return;
  // executeRaw: pg_notify returns `void`, a column type a raw query cannot hand back.
  await db.$executeRawUnsafe(`SELECT pg_notify('${CHANNEL}', $1)`, keyId);
}

/** One dedicated connection LISTENing for revocations, reconnecting until `close`. */
export function listenForRevocations(url: string, logger: Pick<Logger, 'warn'>): RevocationFeed & { ready: Promise<void>; close: () => Promise<void> } {
  const subscribers: { revoked: (keyId: string) => void; changed: () => void }[] = [];
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let firstReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (firstReady = resolve));

  const setLive = (value: boolean) => {
    if (live === value) return;
    live = value;
    for (const s of subscribers) s.changed();
  };

  const connect = async () => {
    retry = undefined;
    const c = new pg.Client({ connectionString: url });
    let handled = false;
    // Error and end both come when a connection dies: the loss is handled once per connection.
    const lose = (err?: unknown) => {
      if (handled) return;
      handled = true;
      if (client === c) client = undefined;
      setLive(false);
      void c.end().catch(() => undefined);
      if (closed) return;
      logger.warn({ err: err instanceof Error ? err.message : err }, 'API Key 吊销通知的监听连接中断：在恢复之前每个请求都查询密钥');
      retry = setTimeout(() => void connect(), RETRY_MS);
      retry.unref();
    };
    c.on('notification', (m) => {
      if (m.channel === CHANNEL && m.payload) for (const s of subscribers) s.revoked(m.payload);
    });
    c.on('error', lose);
    c.on('end', () => lose());
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      lose(err);
      return;
    }
    if (closed) return void c.end().catch(() => undefined);
    client = c;
    setLive(true);
    firstReady();
  };
  void connect();

  return {
    live: () => live,
    subscribe: (handlers) => void subscribers.push(handlers),
    ready,
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      setLive(false);
      await client?.end().catch(() => undefined);
    },
  };
}
