/**
 * Starting and always tearing down the system under test for a chaos run: a scratch PostgreSQL
 * database when asked for, the separate-process system, and a SIGKILL safety net for every
 * child process so nothing outlives the run — not even when the run itself fails or is interrupted.
 */
import type { ChildProcess } from 'node:child_process';
import { startProofSystem, type ProofSystem } from '../processes';
import { within } from './http';
import { killTree } from '../proc-tree';

/** Every child process of the run; SIGKILLed on teardown and, synchronously, on process exit. */
export class ChildRegistry {
  private readonly children = new Set<ChildProcess>();
  private readonly onExit = () => this.killAll();

  constructor() {
    process.on('exit', this.onExit);
  }

  add = (_name: string, child: ChildProcess): void => {
    this.children.add(child);
  };

  alive(): ChildProcess[] {
    return [...this.children].filter((c) => c.exitCode === null && c.signalCode === null);
  }

  /** Whole trees, so nothing a service started outlives the run. */
  killAll(): void {
    for (const c of this.alive()) if (c.pid !== undefined) killTree(c.pid);
  }

  dispose(): void {
    process.off('exit', this.onExit);
  }
}

/**
 * What a chaos run needs of the system under test: the dev-server system (scripts/proof/processes.ts)
 * or the production topology (scripts/cluster/chaos.ts), whose gateway may be a fault target too
 * and whose Temporal fault is a kill -9 of the history service rather than a dev server restart.
 */
export type ChaosSystem = Pick<ProofSystem, 'databaseUrl' | 'temporalAddress' | 'apiBase' | 'credentials' | 'env' | 'worker' | 'api' | 'restartWorker' | 'restartDevServer' | 'stop'> & {
  /** kill -9 of one gateway and its restart (the edge sends requests to the other meanwhile). */
  restartApi?(): Promise<void>;
  /** What restartDevServer does, for the report. */
  temporalRestartLabel?: string;
};

/** Environment of the app processes in a chaos run. */
export const CHAOS_APP_ENV: Record<string, string> = {
  // Clients poll briskly; a per-key limit is not what this run is about.
  RATE_LIMIT_PER_MINUTE: '100000',
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
  // Short backoff ceiling so a receiver that comes back is served within seconds.
  WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: '2',
  WEBHOOK_POLL_SECONDS: '5',
  // The run's receivers listen on this machine; internal receivers must be allowlisted.
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
};

export type StartChaosSystem = (workDir: string, databaseUrl: string | undefined, registry: ChildRegistry) => Promise<ChaosSystem>;

export const startSystem: StartChaosSystem = (workDir, databaseUrl, registry) =>
  startProofSystem({ workDir, databaseUrl, onSpawn: registry.add, extraEnv: CHAOS_APP_ENV });

/** Graceful stop first (bounded), then SIGKILL for whatever is left. */
export async function stopSystem(system: ChaosSystem | undefined, registry: ChildRegistry, graceMs = 20_000): Promise<string[]> {
  const notes: string[] = [];
  if (system) {
    const stopped = (await within(system.stop().then(() => true, () => false), graceMs)) ?? false;
    if (!stopped) notes.push(`系统未在 ${graceMs} ms 内正常停止，已强制结束`);
  }
  const left = registry.alive();
  registry.killAll();
  await Promise.all(left.map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())))));
  registry.dispose();
  return notes;
}
