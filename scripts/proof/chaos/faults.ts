/**
 * The faults a chaos run injects into the separate-process system (scripts/proof/processes.ts):
 * kill -9 of the worker, a restart of the file-backed Temporal dev server, a webhook receiver
 * that refuses connections for a while, and (PostgreSQL only) dropped database connections.
 * Each fault waits for the system to be observably back before it returns.
 */
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { Db } from '../../../lib/db/client';
import { webhookStateQuery } from '../../../workflows/webhook/contracts';
import type { ChaosSystem } from './system';
import { pause, persistently, within } from './http';
import type { WebhookReceiver } from './receiver';

export interface FaultRecord {
  kind: 'worker_kill' | 'dev_server_restart' | 'gateway_kill' | 'receiver_outage' | 'pg_terminate';
  /** Seconds since the run began. */
  atSeconds: number;
  /** How long the fault lasted until the component was back (ms). */
  durationMs: number;
  detail: string;
}

export interface FaultDeps {
  system: ChaosSystem;
  temporal: Client;
  db: Db;
  taskQueue: string;
  startedAt: number;
  log: (line: string) => void;
}

const READY_TIMEOUT_MS = 90_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  /** Worker exits nobody asked for; the watchdog restarts the worker as a supervisor (systemd, k8s) would. */
  unexpectedWorkerExits = 0;
  private expectingExit = false;
  private watching = false;

  constructor(private readonly deps: FaultDeps) {}

  private since(): number {
    return Math.round((Date.now() - this.deps.startedAt) / 100) / 10;
  }

  private add(kind: FaultRecord['kind'], started: number, detail: string): void {
    const rec: FaultRecord = { kind, atSeconds: Math.round((started - this.deps.startedAt) / 100) / 10, durationMs: Date.now() - started, detail };
    this.records.push(rec);
    this.deps.log(`[故障 ${this.since()}s] ${detail}（${rec.durationMs} ms）`);
  }

  /** Restarts the worker if it dies on its own; stop with `unwatch()` before teardown. */
  watchWorker(): void {
    this.watching = true;
    const proc = this.deps.system.worker.process;
    proc.once('exit', () => {
      if (!this.watching || this.expectingExit) return;
      this.unexpectedWorkerExits++;
      this.deps.log(`[监控] 工作进程意外退出（第 ${this.unexpectedWorkerExits} 次），按进程守护方式重启`);
      void this.deps.system.restartWorker().then(() => this.watchWorker());
    });
  }

  unwatch(): void {
    this.watching = false;
  }

  /** Gateway exits nobody asked for (the gateway is never a fault target). */
  readonly apiExits: string[] = [];

  private expectingApiExit = false;

  watchApi(): void {
    const proc = this.deps.system.api.process;
    proc.once('exit', (code, signal) => {
      if (!this.watching || this.expectingApiExit) return;
      const what = `网关进程意外退出（退出码 ${code ?? '无'}，信号 ${signal ?? '无'}，第 ${this.since()} 秒）`;
      this.apiExits.push(what);
      this.deps.log(`[监控] ${what}`);
    });
  }

  /** A running workflow the readiness probe may query (the webhook subscription's delivery workflow). */
  probeWorkflowId: string | undefined;

  /**
   * Polls until the current worker process serves the task queue: its poller identity shows up in
   * describeTaskQueue, or — since that only reports the root partition's pollers — a query on a
   * running workflow is answered (only this worker is alive to answer it).
   */
  async workerReady(): Promise<void> {
    // The SDK's default identity is `<pid>@<host>` of the process running the worker.
    const pid = this.deps.system.worker.process.pid!;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = '';
    while (Date.now() < deadline) {
      const pollers = await this.deps.temporal.workflowService
        .describeTaskQueue({ namespace: 'default', taskQueue: { name: this.deps.taskQueue }, taskQueueType: 1 /* WORKFLOW */ })
        .then((r) => r.pollers ?? [])
        .catch((e: unknown) => {
          last = String(e);
          return [];
        });
      if (pollers.some((p) => (p.identity ?? '').startsWith(`${pid}@`))) return;
      if (this.probeWorkflowId && (await this.answersQuery(this.probeWorkflowId))) return;
      if (!this.deps.system.worker.alive()) throw new Error('工作进程启动后退出，见 worker.log');
      last = `pollers=${JSON.stringify(pollers.map((p) => p.identity))} ${last}`.slice(0, 300);
      await pause(250);
    }
    throw new Error(`工作进程 ${pid} 在 ${READY_TIMEOUT_MS} ms 内未开始处理任务（${last}）`);
  }

  private async answersQuery(workflowId: string): Promise<boolean> {
    const answered = this.deps.temporal.workflow.getHandle(workflowId).query(webhookStateQuery).then(() => true, () => false);
    return (await within(answered, 5000)) ?? false;
  }

  /** kill -9 of the worker's whole process tree: the worker itself gets no chance to drain or ack. */
  private async crashWorker(): Promise<number> {
    const pid = this.deps.system.worker.process.pid!;
    this.expectingExit = true;
    await this.deps.system.worker.kill9();
    // Proof that the worker process is gone, not merely reported exited.
    const gone = Date.now() + 10_000;
    while (alive(pid)) {
      if (Date.now() > gone) throw new Error(`kill -9 后工作进程 ${pid} 仍在运行`);
      await pause(50);
    }
    return pid;
  }

  async killWorker(downtimeMs: number): Promise<void> {
    const started = Date.now();
    const pid = await this.crashWorker();
    await pause(downtimeMs);
    await this.deps.system.restartWorker();
    this.expectingExit = false;
    this.watchWorker();
    await this.workerReady();
    this.add('worker_kill', started, `kill -9 工作进程 ${pid}，停机 ${downtimeMs} ms 后重启为 ${this.deps.system.worker.process.pid}`);
  }

  /** Waits for something to happen while the worker is dead, then restarts it. */
  async withWorkerDown(downtimeMs: number, whileDown: () => Promise<void>): Promise<void> {
    const started = Date.now();
    const pid = await this.crashWorker();
    await whileDown();
    await pause(downtimeMs);
    await this.deps.system.restartWorker();
    this.expectingExit = false;
    this.watchWorker();
    await this.workerReady();
    this.add('worker_kill', started, `kill -9 工作进程 ${pid}（停机期间直接启动超期项目），重启为 ${this.deps.system.worker.process.pid}`);
  }

  async restartDevServer(): Promise<void> {
    const started = Date.now();
    await this.deps.system.restartDevServer();
    await persistently('等待 Temporal 恢复', () => this.deps.temporal.workflowService.getSystemInfo({}), READY_TIMEOUT_MS);
    await this.workerReady();
    this.add('dev_server_restart', started, `${this.deps.system.temporalRestartLabel ?? '重启 Temporal 开发服务器（文件持久化）'}，工作进程重新开始轮询`);
  }

  /** kill -9 of one gateway; the edge routes to the other until it is back (cluster only). */
  async killGateway(): Promise<void> {
    const { system } = this.deps;
    if (!system.restartApi) throw new Error('该系统只有一个网关，不能作为故障目标');
    const started = Date.now();
    const pid = system.api.process.pid!;
    this.expectingApiExit = true;
    await system.restartApi();
    this.expectingApiExit = false;
    this.watchApi();
    this.add('gateway_kill', started, `kill -9 网关 ${pid}（nginx 把请求转给另一个网关），重启为 ${system.api.process.pid}`);
  }

  /**
   * The receiver refuses connections until the gateway has recorded `minFailures` failed attempts
   * (so the outage really met deliveries) or `maxMs` passes.
   */
  async receiverOutage(receiver: WebhookReceiver, subscriptionId: string, minFailures: number, maxMs: number): Promise<number> {
    const started = Date.now();
    const failedBefore = await this.failedAttempts(subscriptionId);
    await receiver.stop();
    const deadline = started + maxMs;
    let failed = 0;
    while (Date.now() < deadline) {
      failed = (await this.failedAttempts(subscriptionId)) - failedBefore;
      if (failed >= minFailures) break;
      await pause(250);
    }
    await receiver.start();
    this.add('receiver_outage', started, `Webhook 接收端关闭（拒绝连接），期间网关记录 ${failed} 次失败投递，随后恢复`);
    return failed;
  }

  private failedAttempts(subscriptionId: string): Promise<number> {
    return persistently('统计失败投递', () => this.deps.db.webhookDelivery.count({ where: { subscriptionId, status: 'failed' } }));
  }

  /** pg_terminate_backend on every other connection to the app's (scratch) database. */
  async terminatePgBackends(databaseUrl: string): Promise<number> {
    const started = Date.now();
    const client = new PgClient({ connectionString: databaseUrl });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      const n = Number(r.rows[0]?.n ?? 0);
      this.add('pg_terminate', started, `pg_terminate_backend 断开应用库的 ${n} 个数据库连接`);
      return n;
    } finally {
      await client.end();
    }
  }
}
