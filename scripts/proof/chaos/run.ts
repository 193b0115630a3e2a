/**
 * One chaos run: start the separate-process system, drive it over HTTP like its real clients,
 * inject the planned faults while the load runs, let everything conclude, then verify from the
 * read model, from Temporal, and from both event feeds that nothing was lost or duplicated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { configSchema } from '../../../lib/config';
import { createDb, type Db } from '../../../lib/db/client';
import { dataConverterFrom } from '../../../lib/temporal/data-converter';
import { lastStoredPosition, positionOfCursor } from '../../../lib/event-feed';
import type { DevCredential } from '../../../lib/seed';
import { freePort } from '../processes';
import { temporalTlsFrom } from '../../../lib/temporal/tls';
import type { Check } from './check';
import { runConcurrencyChecks, type ConcurrencyOutcome } from './concurrency';
import { DEPARTMENTS, EventTail, departmentLoop, newLoadState, projectName, submitProject, windowLoop, type LoadState } from './clients';
import { FaultInjector } from './faults';
import { ChaosHttp, pause, persistently, within, type HttpStats } from './http';
import type { ChaosOptions } from './options';
import { overdueCode, overdueName, pastReceipt, startOverdueProject } from './overdue';
import { WebhookReceiver } from './receiver';
import { clientCheck, overdueAlarmsDone, planFaults, type FaultKind } from './plan';
import { createScratchPostgres } from '../../../lib/db/migrate';
import { ChildRegistry, startSystem, stopSystem, type ChaosSystem, type StartChaosSystem } from './system';
import { verifyFeed, verifyWebhooks } from './verify-feed';
import { loadEvents, verifyDeadlines, verifyProjects, verifyTasks } from './verify-model';
import { verifyTemporal } from './verify-temporal';
import { webhookWorkflowId } from '../../../workflows/webhook/contracts';

export interface ChaosReport {
  ok: boolean;
  preset: string;
  database: 'sqlite' | 'postgresql';
  startedAt: string;
  durationSeconds: number;
  options: Omit<ChaosOptions, 'pgUrl'>;
  injected: {
    workerKills: number;
    devServerRestarts: number;
    gatewayKills: number;
    receiverOutages: number;
    /** Delivery attempts the gateway recorded as failed while the receiver was down. */
    refusedDeliveries: number;
    pgTerminations: number;
    pgBackendsTerminated: number;
    unexpectedWorkerExits: number;
    /** The gateway is never a fault target: any exit of it is a finding. */
    gatewayExits: string[];
    faults: FaultInjector['records'];
  };
  skipped: string[];
  load: LoadState['counts'] & { projects: number; overdueProjects: number; anomalies: LoadState['anomalies'] };
  http: HttpStats;
  concurrency?: ConcurrencyOutcome;
  phases: Record<string, number>;
  checks: Check[];
  workDir: string;
  notes: string[];
  error?: string;
}

const credential = (creds: DevCredential[], role: DevCredential['role'], departmentId?: string): DevCredential => {
  const c = creds.find((x) => x.role === role && (!departmentId || x.departmentId === departmentId));
  if (!c) throw new Error(`缺少开发密钥：${role} ${departmentId ?? ''}`);
  return c;
};

/** Only when something is wrong: the gateway exited, or is up but not answering /health. */
async function gatewayState(system: ChaosSystem): Promise<string | undefined> {
  const p = system.api.process;
  if (p.exitCode !== null || p.signalCode !== null) return `核验结束时网关进程已退出（退出码 ${p.exitCode ?? '无'}，信号 ${p.signalCode ?? '无'}），见 api.log`;
  const health = await fetch(`${system.apiBase}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e: unknown) => String((e as { cause?: unknown }).cause ?? e));
  return health === 200 ? undefined : `核验结束时网关进程仍在但 /health 应答为 ${health}`;
}

export async function runChaos(
  opts: ChaosOptions,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  start: StartChaosSystem = startSystem,
): Promise<ChaosReport> {
  const started = Date.now();
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'approval-chaos-'));
  const registry = new ChildRegistry();
  const state = newLoadState();
  const phases: Record<string, number> = {};
  const mark = (name: string) => (phases[name] = Math.round((Date.now() - started) / 100) / 10);
  const skipped: string[] = [];
  const notes: string[] = [];
  const checks: Check[] = [];
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>> | undefined;
  let system: ChaosSystem | undefined;
  let db: Db | undefined;
  let connection: Connection | undefined;
  let receiver: WebhookReceiver | undefined;
  let faults: FaultInjector | undefined;
  let http: ChaosHttp | undefined;
  let concurrency: ConcurrencyOutcome | undefined;
  let error: string | undefined;
  const overdueCodes: string[] = [];
  let idempotencyKeys = 0;
  let pgBackends = 0;
  let refusedDeliveries = 0;
  // Client loops and the feed tail; awaited on every exit path so nothing runs after teardown.
  const background: Promise<unknown>[] = [];
  let tail: EventTail | undefined;

  try {
    // A database of its own, so pg_terminate_backend only ever touches this run.
    if (opts.pgUrl) scratch = await createScratchPostgres(opts.pgUrl, 'chaos');
    else if (opts.pgTerminations > 0) skipped.push('断开数据库连接（pg_terminate_backend）：本次运行在 SQLite 上，SQLite 没有可断开的服务端连接，已跳过；用 --pg URL 或 TEST_DATABASE_URL_PG 在 PostgreSQL 上运行');
    log(`[混沌] 启动系统（${scratch ? `PostgreSQL 临时库 ${scratch.name}` : start === startSystem ? 'SQLite' : '生产拓扑（npm run cluster）'}），工作目录 ${workDir}`);
    system = await start(workDir, scratch?.url, registry);
    mark('系统启动');
    const systemConfig = configSchema.parse(system.env);
    const taskQueue = systemConfig.TEMPORAL_TASK_QUEUE;
    db = createDb(system.databaseUrl);
    connection = await Connection.connect({ address: system.temporalAddress, tls: temporalTlsFrom(systemConfig) });
    const temporal = new Client({ connection, namespace: 'default', dataConverter: dataConverterFrom(systemConfig) });
    const windowCred = credential(system.credentials, 'window');
    const supervisorKey = credential(system.credentials, 'supervisor').apiKey;
    const deptKey = (d: string) => credential(system!.credentials, 'department', d).apiKey;
    http = new ChaosHttp(system.apiBase, () => state.stopping);
    const api = http;
    const dbc = db;

    faults = new FaultInjector({ system, temporal, db, taskQueue, startedAt: started, log });
    faults.watchWorker();
    faults.watchApi();

    receiver = new WebhookReceiver(await freePort());
    await receiver.start();
    const created = await api.send('POST', '/api/v1/webhooks/subscriptions', {
      key: deptKey('GJJ'),
      body: { url: receiver.url, description: '混沌演练接收端' },
    });
    if (created.status !== 201) throw new Error(`创建 Webhook 订阅失败：HTTP ${created.status} ${JSON.stringify(created.body)}`);
    receiver.setSecret(created.body.secret);
    const subscription = { id: created.body.subscription.id as string, departmentId: 'GJJ', start: positionOfCursor(created.body.subscription.startCursor as string) };
    faults.probeWorkflowId = webhookWorkflowId(subscription.id);
    await faults.workerReady();
    mark('工作进程就绪');

    const feedTail = new EventTail(api, state, supervisorKey);
    tail = feedTail;
    background.push(feedTail.start());

    // Calm phase: the two races whose single winner must be observable without retries muddying it.
    concurrency = await runConcurrencyChecks({ http: api, state, windowKey: windowCred.apiKey, fgwKey: deptKey('FGW'), name: projectName(0), attempts: opts.concurrentIntakes, runId: randomUUID().slice(0, 8) });
    idempotencyKeys++;
    mark('并发检查');
    log(`[混沌] 并发受理 ${opts.concurrentIntakes} 次 → 项目 ${concurrency.intake.codes.join(', ')}；并发决定 → ${concurrency.decision.statuses.join(' / ')}`);

    const loops = [windowLoop(api, state, windowCred.apiKey), ...DEPARTMENTS.map((d) => departmentLoop(api, state, d, deptKey(d)))];
    background.push(...loops);

    // The load: remaining projects spread over the fault plan, submitted as background clients.
    const plan = planFaults(opts, scratch !== undefined);
    const submissions: Promise<unknown>[] = [];
    let nextProject = 1;
    const submitShare = (slotsLeft: number) => {
      const share = Math.ceil((opts.projects - nextProject) / Math.max(1, slotsLeft));
      for (let k = 0; k < share && nextProject < opts.projects; k++, nextProject++) {
        idempotencyKeys++;
        submissions.push(submitProject(api, state, windowCred.apiKey, `chaos-${randomUUID()}`, projectName(nextProject)));
      }
    };
    const receipt = await pastReceipt(dbc);
    log(`[混沌] 超期项目的一门受理时间：${new Date(receipt.at).toISOString()}（${receipt.workingDaysBack} 个工作日前）`);
    const startOverdue = async () => {
      for (let i = 1; i <= opts.overdueProjects; i++) {
        const code = overdueCode(i);
        state.projects.set(code, 'overdue');
        state.held.add(code);
        overdueCodes.push(code);
        await startOverdueProject(temporal, taskQueue, windowCred, code, overdueName(i), receipt.at);
      }
    };
    const progress = async () => {
      const before = await persistently('统计事件', () => dbc.event.count());
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await persistently('统计事件', () => dbc.event.count())) < before + 5) await pause(200);
    };

    let overdueStarted = false;
    const inject = async (kind: FaultKind, f: FaultInjector): Promise<void> => {
      if (kind === 'worker' && !overdueStarted) {
        overdueStarted = true;
        await f.withWorkerDown(opts.workerDowntimeMs, startOverdue);
      } else if (kind === 'worker') await f.killWorker(opts.workerDowntimeMs);
      else if (kind === 'devserver') await f.restartDevServer();
      else if (kind === 'gateway') await f.killGateway();
      // Awaited, not overlapped with the next fault: a dead worker would produce no deliveries to refuse.
      else if (kind === 'receiver') refusedDeliveries += await f.receiverOutage(receiver!, subscription.id, 2, opts.receiverOutageMaxMs);
      else pgBackends += await f.terminatePgBackends(scratch!.url);
    };
    for (const [i, kind] of plan.entries()) {
      submitShare(plan.length - i);
      await progress();
      await inject(kind, faults);
    }
    submitShare(1);
    if (!overdueStarted) await startOverdue();
    await Promise.all(submissions);
    mark('故障注入结束');

    // Deadline alarms of the overdue projects must all have fired by now; then their tasks join the load.
    const alarmsDeadline = Date.now() + 90_000;
    while (!(await persistently('检查超期任务', () => overdueAlarmsDone(dbc, overdueCodes))) && Date.now() < alarmsDeadline) await pause(500);
    state.held.clear();
    mark('超期提醒已补发');

    const settleDeadline = Date.now() + opts.settleTimeoutMs;
    const allReplied = async () => {
      const open = await dbc.project.count({ where: { id: { in: [...state.projects.keys()] }, status: 'in_review' } });
      const present = await dbc.project.count({ where: { id: { in: [...state.projects.keys()] } } });
      return open === 0 && present === state.projects.size;
    };
    while (!(await persistently('检查集中回复', allReplied)) && Date.now() < settleDeadline) await pause(500);
    mark('全部办结');
    state.stopping = true;
    await Promise.all(loops);
    faults.unwatch();

    const feedEnd = await lastStoredPosition(dbc);
    await feedTail.drainTo(feedEnd);
    log('[混沌] 负载结束，开始核验');

    const codes = [...state.projects.keys()];
    const httpCodes = codes.filter((c) => state.projects.get(c) === 'http');
    const events = await loadEvents(dbc);
    const modelInput = { db: dbc, expectedCodes: codes, idempotencyKeys, httpCodes, overdueCodes, unansweredKeys: state.unanswered };
    checks.push(await verifyProjects(modelInput, events));
    checks.push(await verifyTasks(modelInput, events));
    checks.push(await verifyDeadlines(modelInput, events));
    checks.push(await verifyTemporal(temporal, codes));
    checks.push(await verifyFeed(dbc, api, supervisorKey, feedTail, feedEnd));
    checks.push(await verifyWebhooks(dbc, receiver, subscription, 60_000, faults.records.filter((r) => r.kind === 'receiver_outage').length));
    checks.push(await concurrency.check(dbc, temporal));
    checks.push(clientCheck(state, faults.unexpectedWorkerExits, faults.apiExits));
    mark('核验结束');
    return finish();
  } catch (err) {
    error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`[混沌] 运行中断：${error}`);
    return finish();
  } finally {
    state.stopping = true;
    tail?.stop();
    faults?.unwatch();
    await within(Promise.allSettled(background), 15_000);
    if (system) {
      const gateway = await gatewayState(system);
      if (gateway) notes.push(gateway);
    }
    await receiver?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await db?.$disconnect().catch(() => undefined);
    notes.push(...(await stopSystem(system, registry)));
    await scratch?.drop().catch((e: unknown) => notes.push(`删除临时库失败：${String(e)}`));
    // Logs and databases stay for diagnosis only when something failed (or --keep).
    if (!opts.keep && error === undefined && checks.length > 0 && checks.every((c) => c.ok)) fs.rmSync(workDir, { recursive: true, force: true });
  }

  function finish(): ChaosReport {
    const records = faults?.records ?? [];
    const n = (k: string) => records.filter((r) => r.kind === k).length;
    const { pgUrl: _omit, ...shown } = opts;
    return {
      ok: error === undefined && checks.length > 0 && checks.every((c) => c.ok),
      preset: opts.preset,
      database: scratch || system?.databaseUrl.startsWith('postgres') ? 'postgresql' : 'sqlite',
      startedAt: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 100) / 10,
      options: shown,
      injected: {
        workerKills: n('worker_kill'),
        devServerRestarts: n('dev_server_restart'),
        gatewayKills: n('gateway_kill'),
        receiverOutages: n('receiver_outage'),
        refusedDeliveries,
        pgTerminations: n('pg_terminate'),
        pgBackendsTerminated: pgBackends,
        unexpectedWorkerExits: faults?.unexpectedWorkerExits ?? 0,
        gatewayExits: faults?.apiExits ?? [],
        faults: records,
      },
      skipped,
      load: { ...state.counts, projects: state.projects.size, overdueProjects: overdueCodes.length, anomalies: state.anomalies },
      http: http?.stats ?? ({} as HttpStats),
      concurrency,
      phases,
      checks,
      workDir,
      notes,
      ...(error ? { error } : {}),
    };
  }
}
