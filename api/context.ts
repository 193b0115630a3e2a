import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { RevocationFeed } from '../lib/auth/key-revocations';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db/client';
import type { HostResolver } from '../lib/net/address-policy';

/** Everything a route needs, injected once by createApp. */
export interface ApiDeps {
  db: Db;
  temporal: Client;
  config: Config;
  logger: Logger;
  /** Resolves webhook receiver host names; default: the system resolver. Tests stub it. */
  resolveHost?: HostResolver;
  /** Revocations made by other gateways (PostgreSQL LISTEN; api/main.ts); without it see lib/auth/key-cache.ts. */
  revocations?: RevocationFeed;
}
