/**
 * A real system for integration tests: Temporal dev server (the project's CLI binary), a fresh
 * database (SQLite file, or a new PostgreSQL database when TEST_DATABASE_URL_PG is set), the
 * worker and the gateway listening on a free port. Everything is torn down by `stop()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../../api/app';
import { apiClient } from './http';
import { configSchema, type Config } from '../../lib/config';
import { createDb, type Db } from '../../lib/db/client';
import { addressPolicyFrom, type HostResolver } from '../../lib/net/address-policy';
import { newKeyEntry, secretBoxFrom } from '../../lib/crypto/secret-box';
import { createScratchPostgres, migrateDatabase } from '../../lib/db/migrate';
import { ensureDevCredentials, seedCatalogue, type DevCredential } from '../../lib/seed';
import { resolveTemporalCli } from '../../lib/temporal/binaries';
import { createWorker } from '../../worker/worker';

export interface TestSystem {
  baseUrl: string;
  db: Db;
  databaseUrl: string;
  env: TestWorkflowEnvironment;
  credentials: DevCredential[];
  /** The dev key for a role (and department or agent). */
  key(role: DevCredential['role'], boundTo?: string): string;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const pgBase = process.env.TEST_DATABASE_URL_PG;
  if (pgBase) return createScratchPostgres(pgBase, 't');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-it-'));
  return { url: `file:${path.join(dir, 'read-model.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestSystemOptions {
  /** Resolves webhook receiver host names for both the gateway and the worker (default: system DNS). */
  resolveHost?: HostResolver;
}

/**
 * `overrides` are environment-style config values, e.g. `{ RATE_LIMIT_PER_MINUTE: '3' }`.
 * Webhook receivers on 127.0.0.1 are allowlisted unless `WEBHOOK_ALLOWED_HOSTS` is overridden.
 */
export async function startTestSystem(overrides: Partial<Record<keyof Config, string>> = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed in this Jest worker
    }
  }
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: resolveTemporalCli() }, ui: false },
  });
  const database = await freshDatabase();
  await migrateDatabase(database.url, { log: () => undefined });
  const db = createDb(database.url);
  await seedCatalogue(db);
  const credFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'approval-cred-')), 'dev-credentials.json');
  const credentials = await ensureDevCredentials(db, credFile);

  const taskQueue = `it-${randomBytes(4).toString('hex')}`;
  const config = configSchema.parse({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', SECRET_ENCRYPTION_KEYS: newKeyEntry('test'), ...overrides, DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'silent', API_PORT: '0' });
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: { db, addressPolicy: addressPolicyFrom(config, options.resolveHost), secretBox: secretBoxFrom(config) },
  });
  const workerRun = worker.run();
  const logger = pino({ level: 'silent' });
  const server: Server = createApp({ db, temporal: env.client, config, logger, resolveHost: options.resolveHost }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    databaseUrl: database.url,
    env,
    credentials,
    key(role, boundTo) {
      const c = credentials.find((x) => x.role === role && (!boundTo || x.departmentId === boundTo || x.agentId === boundTo));
      if (!c) throw new Error(`no dev credential for ${role} ${boundTo ?? ''}`);
      return c.apiKey;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await workerRun;
      await db.$disconnect();
      await env.teardown();
      await database.drop();
    },
  };
}

/**
 * One test system for the enclosing describe block: started before its tests, stopped after.
 * Read `sys` and `call` inside tests; they exist once beforeAll has run.
 */
export function useTestSystem(overrides: Partial<Record<keyof Config, string>> = {}, options: TestSystemOptions = {}): { readonly sys: TestSystem; readonly call: ReturnType<typeof apiClient> } {
  let sys: TestSystem | undefined;
  let call: ReturnType<typeof apiClient> | undefined;
  beforeAll(async () => {
    sys = await startTestSystem(overrides, options);
    call = apiClient(sys.baseUrl);
  });
  afterAll(async () => {
    await sys?.stop();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('test system not started: use sys/call inside tests');
    return v;
  };
  return {
    get sys() {
      return started(sys);
    },
    get call() {
      return started(call);
    },
  };
}
