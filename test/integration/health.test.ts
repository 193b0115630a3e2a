/**
 * /health and /ready over real HTTP: with both dependencies up (the test system), and from
 * gateways whose database, Temporal frontend or both cannot be reached (a port nothing listens
 * on). Anonymous callers are checked on status fields only: whether they see the drivers' error
 * text is a security decision made elsewhere; an administrator sees it either way.
 */
import net from 'node:net';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../lib/db/client';
import { apiClient } from '../support/http';
import { serveGateway, useTestSystem } from '../support/system';

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('health and readiness', () => {
  const t = useTestSystem();
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
  });

  const unreachableDb = async (): Promise<Db> => {
    const db = createDb(`postgresql://nobody:nothing@127.0.0.1:${await closedPort()}/approval`);
    opened.push({ close: () => db.$disconnect() });
    // The first query loads the driver and query compiler, blocking the event loop for a while:
    // done here, it cannot push the other probe past the health check's 2 s timeout.
    await db.$queryRawUnsafe('SELECT 1').catch(() => undefined);
    return db;
  };
  const unreachableTemporal = async (): Promise<Client> => {
    // No retry interceptor: a call fails at once instead of retrying on a channel closed after the test.
    const connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}`, interceptors: [] });
    opened.push({ close: () => connection.close() });
    return new Client({ connection });
  };
  /** A gateway like the test system's, with the given dependencies swapped for unreachable ones. */
  const gateway = async (broken: { db?: Db; temporal?: Client }) => {
    const g = await serveGateway({ db: t.sys.db, temporal: t.sys.env.client, config: t.sys.config, logger: pino({ level: 'silent' }), ...broken });
    opened.push(g);
    return apiClient(g.baseUrl);
  };

  test('when Temporal and the database answer, then /health is ok and /ready is ready', async () => {
    const health = await t.call('getHealth', 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', checks: { temporal: { status: 'up' }, database: { status: 'up' } } });
    expect(Math.abs(Date.parse(health.body.time) - Date.now())).toBeLessThan(60_000);

    const ready = await t.call('getReadiness', 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, checks: { temporal: true, database: true } });
  });

  test('when the database cannot be reached, then /health is degraded with 503 and /ready is not ready', async () => {
    const call = await gateway({ db: await unreachableDb() });
    const health = await call('getHealth', 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', checks: { temporal: { status: 'up' }, database: { status: 'down' } } });

    const ready = await call('getReadiness', 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, checks: { temporal: true, database: false } });
  });

  test('when Temporal cannot be reached, then /health is degraded, an administrator sees why, and /ready is not ready', async () => {
    const call = await gateway({ temporal: await unreachableTemporal() });
    const anonymous = await call('getHealth', 'GET', '/health');
    expect(anonymous.status).toBe(503);
    expect(anonymous.body).toMatchObject({ status: 'degraded', checks: { temporal: { status: 'down' }, database: { status: 'up' } } });

    const admin = await call('getHealth', 'GET', '/health', { key: t.sys.key('admin') });
    expect(admin.status).toBe(503);
    expect(admin.body.checks.temporal).toMatchObject({ status: 'down', detail: expect.stringMatching(/\S/) });
    expect(admin.body.checks.database).toMatchObject({ status: 'up', detail: null });

    const ready = await call('getReadiness', 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, checks: { temporal: false, database: true } });
  });

  test('when neither Temporal nor the database can be reached, then /health is down with 503 and /ready is not ready', async () => {
    const call = await gateway({ db: await unreachableDb(), temporal: await unreachableTemporal() });
    const health = await call('getHealth', 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'down', checks: { temporal: { status: 'down' }, database: { status: 'down' } } });

    const ready = await call('getReadiness', 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, checks: { temporal: false, database: false } });
  });
});
