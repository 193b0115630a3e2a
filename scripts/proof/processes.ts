/**
 * The system as separate OS processes, for the benchmark and the fault-injection runs: a
 * file-backed Temporal dev server, worker process(es) and a gateway process, each of which can be
 * killed (-9) and restarted independently. Everything listens on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { newKeyEntry } from '../../lib/crypto/secret-box';
import { migrateDatabase } from '../../lib/db/migrate';
import { createDb } from '../../lib/db/client';
import { repoRoot } from '../../lib/paths';
import { killTree } from './proc-tree';
import { DEMO_CATALOGUE_FILE, ensureDevCredentials, readCatalogue, seedCatalogue, type DevCredential } from '../../lib/seed';
import { resolveTemporalCli } from '../../lib/temporal/binaries';
import { startDevServer, waitForPort, type DevServer } from '../../lib/temporal/dev-server';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Service {
  name: string;
  process: ChildProcess;
  /** SIGKILL: no draining, no cleanup — what a crash looks like. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  alive(): boolean;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * Starts `node --import tsx <entry>` with the given environment; output goes to `<workDir>/<name>.log`.
 * One process, not tsx's launcher plus a child: the pid we hold is the service itself, so kill -9
 * reaches the process that owns the pollers and sockets.
 */
export function spawnService(name: string, entry: string, env: Record<string, string>, workDir: string): Service {
  const log = fs.openSync(path.join(workDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
  return {
    name,
    process: child,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill9() {
      if (child.pid !== undefined) killTree(child.pid);
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

export interface ProofSystem {
  workDir: string;
  databaseUrl: string;
  temporalAddress: string;
  apiBase: string;
  credentials: DevCredential[];
  env: Record<string, string>;
  devServer: DevServer;
  worker: Service;
  api: Service;
  restartDevServer(): Promise<void>;
  restartWorker(): Promise<void>;
  startExtraWorker(name: string): Service;
  stop(): Promise<void>;
}

export interface ProofOptions {
  workDir: string;
  /** postgresql://… or a file: URL; default a SQLite file in workDir. */
  databaseUrl?: string;
  extraEnv?: Record<string, string>;
  /**
   * Called with every child process started here (dev server, worker, gateway, restarts), so a
   * harness can SIGKILL them on any exit path — including a failure inside startProofSystem.
   */
  onSpawn?: (name: string, child: ChildProcess) => void;
}

export async function startProofSystem(opts: ProofOptions): Promise<ProofSystem> {
  fs.mkdirSync(opts.workDir, { recursive: true });
  const databaseUrl = opts.databaseUrl ?? `file:${path.join(opts.workDir, 'read-model.db')}`;
  const [temporalPort, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const devOptions = {
    cli: resolveTemporalCli(),
    ip: '127.0.0.1',
    port: temporalPort,
    uiPort,
    namespace: 'default',
    dbFile: path.join(opts.workDir, 'temporal.db'),
    logFile: path.join(opts.workDir, 'temporal.log'),
  };
  let devServer = await startDevServer(devOptions);
  opts.onSpawn?.('temporal', devServer.process);

  await migrateDatabase(databaseUrl, { log: () => undefined });
  const db = createDb(databaseUrl);
  // Proofs drive the demo catalogue's item ids (chaos/overdue.ts, chaos/clients.ts).
  const catalogue = readCatalogue(DEMO_CATALOGUE_FILE);
  await seedCatalogue(db, catalogue);
  const credentials = await ensureDevCredentials(db, path.join(opts.workDir, 'dev-credentials.json'), catalogue);
  await db.$disconnect();

  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    LOG_LEVEL: 'warn',
    // Its own payload key, so a proof neither needs nor creates the repository's data/ dev key.
    PAYLOAD_ENCRYPTION_KEYS: newKeyEntry('proof'),
    ...opts.extraEnv,
  };
  let worker = spawnService('worker', 'worker/main.ts', env, opts.workDir);
  opts.onSpawn?.('worker', worker.process);
  const api = spawnService('api', 'api/main.ts', env, opts.workDir);
  opts.onSpawn?.('api', api.process);
  await waitForPort('127.0.0.1', apiPort, 60_000, () => api.alive());

  const system: ProofSystem = {
    workDir: opts.workDir,
    databaseUrl,
    temporalAddress,
    apiBase: `http://127.0.0.1:${apiPort}`,
    credentials,
    env,
    get devServer() {
      return devServer;
    },
    get worker() {
      return worker;
    },
    api,
    async restartDevServer() {
      await devServer.stop();
      devServer = await startDevServer(devOptions);
      opts.onSpawn?.('temporal', devServer.process);
    },
    async restartWorker() {
      if (worker.alive()) await worker.kill9();
      worker = spawnService('worker', 'worker/main.ts', env, opts.workDir);
      opts.onSpawn?.('worker', worker.process);
    },
    startExtraWorker: (name) => spawnService(name, 'worker/main.ts', env, opts.workDir),
    async stop() {
      await Promise.all([worker.alive() ? worker.stop() : undefined, api.alive() ? api.stop() : undefined]);
      await devServer.stop();
    },
  };
  return system;
}
