/** Runs the Temporal CLI dev server (embedded default): file-backed, with its Web UI. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { devServerSearchAttributeArgs } from '../../workflows/search-attributes';

export interface DevServerOptions {
  cli: string;
  ip: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** File-backed state so workflows survive restarts; omit for in-memory. */
  dbFile?: string;
  logFile: string;
  /** The codec server the Web UI decodes payloads with (the gateway's /api/v1/temporal-codec). */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  process: ChildProcess;
  stop(): Promise<void>;
}

export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls until the port accepts connections; readiness, bounded by `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`进程在端口 ${host}:${port} 就绪前已退出`);
    if (await portOpen(host, port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`等待 ${host}:${port} 就绪超时（${timeoutMs} ms）`);
}

/**
 * The dev server's SQLite file otherwise runs with a rollback journal and a full sync per commit,
 * which made persistence, not CPU, the ceiling: WAL with synchronous=NORMAL nearly doubled
 * throughput (BENCHMARKS.md). It stays safe against a killed process; only an OS crash or power
 * loss can drop the last commits, which is the dev server's contract anyway.
 */
const FILE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  if (opts.dbFile) fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const log = fs.openSync(opts.logFile, 'a');
  const args = [
    'server', 'start-dev',
    '--ip', opts.ip,
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--namespace', opts.namespace,
    '--log-level', 'warn',
    // Our typed search attributes (workflows/search-attributes.ts); registering is idempotent.
    ...devServerSearchAttributeArgs(),
    ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile, ...FILE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p])] : []),
  ];
  const child = spawn(opts.cli, args, { stdio: ['ignore', log, log] });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await waitForPort(opts.ip, opts.port, 60_000, () => !exited);
  return {
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
