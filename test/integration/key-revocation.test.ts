/**
 * API key revocation across gateways (lib/auth/key-cache.ts, lib/auth/key-revocations.ts): two
 * gateways over one read model, as the cluster runs them, each with its own key cache. A key both
 * have just verified is revoked through gateway A; gateway B must refuse it on its next request.
 * On PostgreSQL (TEST_DATABASE_URL_PG) B hears A's NOTIFY, as api/main.ts wires it; on SQLite there
 * is one gateway process in production, so B there runs without a cache, as an operator would
 * configure a second process on one SQLite file (API_KEY_CACHE_SECONDS=0).
 */
import type { Client as TemporalClient } from '@temporalio/client';
import pino from 'pino';
import { listenForRevocations } from '../../lib/auth/key-revocations';
import { createApiKey } from '../../lib/auth/keys';
import { configSchema } from '../../lib/config';
import { createDb, providerOf, type Db } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { freshDatabase, serveGateway } from '../support/system';

type Gateway = { baseUrl: string; close(): Promise<void> };

describe('API key revocation with two gateways', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let a: Gateway;
  let b: Gateway;
  let listener: ReturnType<typeof listenForRevocations> | undefined;
  // Each revocation B's listener hears, as a promise the test can wait on.
  const heard = new Map<string, () => void>();
  const hearing = (id: string) => new Promise<void>((resolve) => heard.set(id, resolve));
  let admin: string;

  beforeAll(async () => {
    const scratch = await freshDatabase();
    drop = scratch.drop;
    await migrateDatabase(scratch.url, { log: () => undefined });
    db = createDb(scratch.url);
    admin = (await createApiKey(db, { role: 'admin', label: '吊销测试（管理员）' })).key;
    const pg = providerOf(db) === 'postgresql';
    const config = (cacheSeconds: number) =>
      configSchema.parse({ DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', API_PORT: '0', API_KEY_CACHE_SECONDS: String(cacheSeconds) });
    const deps = { db, temporal: {} as TemporalClient, logger: pino({ level: 'silent' }) };
    if (pg) {
      listener = listenForRevocations(scratch.url, pino({ level: 'silent' }));
      listener.subscribe({ revoked: (id) => heard.get(id)?.(), changed: () => undefined });
      await listener.ready;
    }
    // A long cache time: only the revocation itself can make B refuse within this test.
    a = await serveGateway({ ...deps, config: config(60) });
    b = await serveGateway({ ...deps, config: config(pg ? 60 : 0), revocations: listener });
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await listener?.close();
    await db?.$disconnect();
    await drop?.();
  });

  const whoAmI = (g: Gateway, key: string) => fetch(`${g.baseUrl}/api/v1/tasks?limit=1`, { headers: { authorization: `Bearer ${key}` } });

  test('when a key is revoked through one gateway, then the other gateway refuses it on the next request', async () => {
    const { key, id } = await createApiKey(db, { role: 'supervisor', label: '吊销测试（效能办）' });
    expect((await whoAmI(a, key)).status).toBe(200);
    expect((await whoAmI(b, key)).status).toBe(200);

    const heardByB = listener ? hearing(id) : Promise.resolve();
    const revoked = await fetch(`${a.baseUrl}/api/v1/api-keys/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    expect(revoked.status).toBe(204);
    expect((await whoAmI(a, key)).status).toBe(401);
    // NOTIFY arrives after the revocation committed; B's cache hears it from the same listener.
    await heardByB;
    const refused = await whoAmI(b, key);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { title: string }).title).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('when a key is not revoked, then both gateways keep answering it', async () => {
    const { key } = await createApiKey(db, { role: 'supervisor', label: '吊销测试（未吊销）' });
    for (let i = 0; i < 3; i++) {
      expect((await whoAmI(a, key)).status).toBe(200);
      expect((await whoAmI(b, key)).status).toBe(200);
    }
  });
});
