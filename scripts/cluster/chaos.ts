/**
 * The chaos run on the production topology (`npm run cluster -- chaos`): the existing chaos run
 * (scripts/proof/chaos/run.ts: load over HTTP like the real clients, faults, then the verifiers of
 * projects, tasks, deadlines, Temporal, both feeds and webhooks) against a fresh cluster, with its
 * faults mapped onto the cluster: kill -9 of worker-1 (worker-2 keeps polling), kill -9 of
 * gateway-1 (nginx sends requests to gateway-2), kill -9 of the Temporal history process. The
 * clients go through the nginx https edge. worker-1 and gateway-1 run as children of this process
 * so the run can watch their exits; everything else is started and stopped by the cluster command.
 *
 * Run by main.ts in a child process whose NODE_EXTRA_CA_CERTS trusts the cluster's CA (the HTTP
 * clients use Node's fetch, which reads that variable only at start-up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_CATALOGUE_FILE, readCatalogue, type DevCredential } from '../../lib/seed';
import { spawnService, type Service } from '../proof/processes';
import { parseArgs } from '../proof/chaos/options';
import { formatReport, writeReport } from '../proof/chaos/report';
import { runChaos } from '../proof/chaos/run';
import { CHAOS_APP_ENV, type ChaosSystem, type StartChaosSystem } from '../proof/chaos/system';
import { start, stop } from './commands';
import { appEnv, clusterLayout, edgeUrl, frontendAddress, type ClusterLayout } from './layout';
import { waitForPort } from '../../lib/temporal/dev-server';
import { kill9 } from './processes';
import { startMember, temporalMember } from './topology';

/** The members this process runs itself (so that it sees them exit). */
const OWN_WORKER = 'worker-1';
const OWN_GATEWAY = 'gateway-1';

export function clusterChaosSystem(layout: ClusterLayout): StartChaosSystem {
  return async (_workDir, _databaseUrl, registry) => {
    await start(layout, { except: [OWN_WORKER, OWN_GATEWAY], extraEnv: CHAOS_APP_ENV, catalogue: readCatalogue(DEMO_CATALOGUE_FILE) });
    const env: Record<string, string> = { ...appEnv(layout), ...CHAOS_APP_ENV, LOG_LEVEL: 'warn' };
    const gatewayPort = layout.gateways.find((g) => g.name === OWN_GATEWAY)!.port;
    const spawnOwn = (name: string, entry: string, extra: Record<string, string> = {}): Service => {
      const service = spawnService(name, entry, { ...env, ...extra }, layout.logDir);
      registry.add(name, service.process);
      return service;
    };
    const spawnWorker = () => spawnOwn(OWN_WORKER, 'worker/main.ts');
    const spawnGateway = () => spawnOwn(OWN_GATEWAY, 'api/main.ts', { API_HOST: '127.0.0.1', API_PORT: String(gatewayPort) });
    let worker = spawnWorker();
    let api = spawnGateway();
    await waitForPort('127.0.0.1', gatewayPort, 90_000, () => api.alive());
    const credentials = (JSON.parse(fs.readFileSync(path.join(layout.dir, 'dev-credentials.json'), 'utf8')) as { credentials: DevCredential[] }).credentials;

    const system: ChaosSystem = {
      databaseUrl: appEnv(layout).DATABASE_URL,
      temporalAddress: frontendAddress(layout),
      apiBase: edgeUrl(layout),
      credentials,
      env,
      get worker() {
        return worker;
      },
      get api() {
        return api;
      },
      temporalRestartLabel: 'kill -9 Temporal history 进程后重启（集群其余进程不动）',
      async restartWorker() {
        if (worker.alive()) await worker.kill9();
        worker = spawnWorker();
      },
      async restartApi() {
        if (api.alive()) await api.kill9();
        api = spawnGateway();
      },
      async restartDevServer() {
        await kill9(layout, 'temporal-history');
        await startMember(layout, temporalMember(layout, 'history'));
      },
      async stop() {
        await Promise.all([worker.alive() ? worker.stop() : undefined, api.alive() ? api.stop() : undefined]);
        await stop(layout);
      },
    };
    return system;
  };
}

async function main(): Promise<number> {
  const layout = clusterLayout();
  const argv = process.argv.slice(2);
  // Never a scratch database on the shared server: the cluster's own PostgreSQL holds the read model.
  const opts = parseArgs(argv, {});
  if (!argv.includes('--gateway-kills')) opts.gatewayKills = 1;
  opts.pgTerminations = 0;
  opts.workDir = path.join(layout.dir, 'chaos');
  fs.mkdirSync(opts.workDir, { recursive: true });
  const reportFile = opts.reportFile ?? path.join(layout.dir, '..', 'chaos', `report-cluster-${opts.preset}.json`);
  const report = await runChaos(opts, undefined, clusterChaosSystem(layout));
  report.skipped.push('断开数据库连接（pg_terminate_backend）：集群运行不做此项（开发服务器上的 PostgreSQL 运行已覆盖）');
  writeReport(report, reportFile);
  process.stdout.write(`\n${formatReport(report)}\nJSON 报告：${reportFile}\n`);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`[集群混沌] 失败：${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
