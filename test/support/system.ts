/**
 * A real system for integration tests: Temporal dev server (the project's CLI binary) or, for
 * tests that must let days pass, the time-skipping test server, a fresh
 * database (SQLite file, or a new PostgreSQL database when TEST_DATABASE_URL_PG is set), the
 * worker and the gateway listening on a free port. Everything is torn down by `stop()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/context';
import { apiClient } from './http';
import { configSchema, type Config, meetingRulesOf, yellowPercentOf } from '../../lib/config';
import { createDb, type Db } from '../../lib/db/client';
import { addressPolicyFrom, type HostResolver } from '../../lib/net/address-policy';
import { newKeyEntry, secretBoxFrom } from '../../lib/crypto/secret-box';
import { createScratchPostgres, migrateDatabase } from '../../lib/db/migrate';
import type { DevOfficer } from '../../lib/dev-officers';
import { DEMO_CATALOGUE_FILE, ensureDevCredentials, readCatalogue, readDevOfficers, seedCatalogue, type DevCredential } from '../../lib/seed';
import { resolveTemporalCli } from '../../lib/temporal/binaries';
import { dataConverterFrom } from '../../lib/temporal/data-converter';
import { clientInterceptors } from '../../lib/temporal/request-context';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';
import { closeServer } from '../../api/http/close-server';
import { applyKeepAlive } from '../../api/http/keep-alive';
import { createWorker } from '../../worker/worker';
import { keepClearOfBeijingMidnight } from './midnight';
import { createTimeSkippingEnv, quietRuntime, startServer } from './temporal';

export interface TestSystem {
  baseUrl: string;
  db: Db;
  config: Config;
  databaseUrl: string;
  env: TestWorkflowEnvironment;
  credentials: DevCredential[];
  officers: DevOfficer[];
  /** The worker's task queue, for tests that start a workflow directly (e.g. a backdated intake). */
  taskQueue: string;
  /** The dev key for a role (and department, agent or service point). */
  key(role: DevCredential['role'], boundTo?: string): string;
  /** The dev officer (username and password) for a role (and department, agent or service point). */
  officer(role: DevOfficer['role'], boundTo?: string): DevOfficer;
  stop(): Promise<void>;
}

export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const pgBase = process.env.TEST_DATABASE_URL_PG;
  if (pgBase) return createScratchPostgres(pgBase, 't');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'approval-it-'));
  return { url: `file:${path.join(dir, 'read-model.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface TestSystemOptions {
  /** Run on the time-skipping test server: the server clock moves only when a test skips it (env.sleep). */
  timeSkipping?: boolean;
  /** Resolves webhook receiver host names for both the gateway and the worker (default: system DNS). */
  resolveHost?: HostResolver;
  /** Dev server only: keep Temporal's state in this SQLite file (default in memory), e.g. to inspect what it stores. */
  temporalDbFile?: string;
  /** Catalogue file to route against (default: the small demo catalogue), e.g. SEED_CATALOGUE_FILE for the county's. */
  catalogueFile?: string;
}

/** The gateway over `deps`, listening on a free local port. */
export async function serveGateway(deps: ApiDeps): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = applyKeepAlive(createApp(deps).listen(0, '127.0.0.1'));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  // A browser suite's pages are still polling when the system stops (their afterAll runs after this one's).
  return { baseUrl: `http://127.0.0.1:${address.port}`, close: () => closeServer(server, 2_000) };
}

/**
 * `overrides` are environment-style config values, e.g. `{ RATE_LIMIT_PER_MINUTE: '3' }`.
 * Webhook receivers on 127.0.0.1 are allowlisted unless `WEBHOOK_ALLOWED_HOSTS` is overridden.
 */
export async function startTestSystem(overrides: Partial<Record<keyof Config, string>> = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
  quietRuntime();
  const database = await freshDatabase();
  const config = configSchema.parse({
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    SECRET_ENCRYPTION_KEYS: newKeyEntry('test'),
    PAYLOAD_ENCRYPTION_KEYS: newKeyEntry('test'),
    ...overrides,
    DATABASE_URL: database.url,
    TEMPORAL_TASK_QUEUE: `it-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    API_PORT: '0',
  });
  // The client (env.client, which the gateway uses) and the worker share the payload encryption.
  const dataConverter = dataConverterFrom(config);
  const env = options.timeSkipping
    ? await createTimeSkippingEnv({ dataConverter, interceptors: clientInterceptors })
    : await startServer(() =>
        TestWorkflowEnvironment.createLocal({
          server: { executable: { type: 'existing-path', path: resolveTemporalCli() }, ui: false, dbFilename: options.temporalDbFile, searchAttributes: SEARCH_ATTRIBUTE_KEYS },
          client: { dataConverter, interceptors: clientInterceptors },
        }),
      );
  await migrateDatabase(database.url, { log: () => undefined });
  const db = createDb(database.url);
  // Tests route against the small demo catalogue (FGW-01, GJJ-01, …), not the county's, unless asked.
  const catalogue = readCatalogue(options.catalogueFile ?? DEMO_CATALOGUE_FILE);
  await seedCatalogue(db, catalogue);
  const credFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'approval-cred-')), 'dev-credentials.json');
  const credentials = await ensureDevCredentials(db, credFile, catalogue);
  const officers = readDevOfficers(credFile);

  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: {
      db,
      yellowPercent: yellowPercentOf(config.YELLOW_RATIO),
      meetingRules: meetingRulesOf(config),
      addressPolicy: addressPolicyFrom(config, options.resolveHost),
      secretBox: secretBoxFrom(config),
    },
    dataConverter,
  });
  const workerRun = worker.run();
  const gateway = await serveGateway({ db, temporal: env.client, config, logger: pino({ level: 'silent' }), resolveHost: options.resolveHost });

  return {
    baseUrl: gateway.baseUrl,
    db,
    config,
    databaseUrl: database.url,
    env,
    credentials,
    officers,
    taskQueue,
    key(role, boundTo) {
      const c = credentials.find((x) => x.role === role && (!boundTo || [x.departmentId, x.agentId, x.servicePointId].includes(boundTo)));
      if (!c) throw new Error(`no dev credential for ${role} ${boundTo ?? ''}`);
      return c.apiKey;
    },
    officer(role, boundTo) {
      const o = officers.find((x) => x.role === role && (!boundTo || [x.departmentId, x.agentId, x.servicePointId].includes(boundTo)));
      if (!o) throw new Error(`no dev officer for ${role} ${boundTo ?? ''}`);
      return o;
    },
    async stop() {
      await gateway.close();
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
export function useTestSystem(
  overrides: Partial<Record<keyof Config, string>> = {},
  options: TestSystemOptions = {},
): { readonly sys: TestSystem; readonly call: ReturnType<typeof apiClient> } {
  let sys: TestSystem | undefined;
  let call: ReturnType<typeof apiClient> | undefined;
  keepClearOfBeijingMidnight();
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
