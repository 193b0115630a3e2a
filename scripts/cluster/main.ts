/**
 * `npm run cluster -- start|stop|status|certs|chaos|bench`: the production topology on this machine —
 * Temporal on PostgreSQL as four processes with mTLS, two workers, two gateways, nginx TLS edge.
 * CLUSTER_DIR and CLUSTER_PORT_BASE place a second cluster beside the first (CI smoke test).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, repoRoot } from '../../lib/paths';
import { printStatus, start, stop } from './commands';
import { postgresDir } from './postgres';
import { ensureCertificates } from './certs';
import { clusterLayout } from './layout';

/**
 * `chaos` and `bench` run on a fresh cluster of their own (never the developer's: own CLUSTER_DIR and
 * ports), in a child process that trusts the cluster's CA (Node's fetch reads NODE_EXTRA_CA_CERTS
 * only at start-up), and the cluster is always stopped afterwards.
 */
async function onFreshCluster(run: 'chaos' | 'bench', args: string[], portBase: string): Promise<number> {
  const layout = clusterLayout({ ...process.env, CLUSTER_DIR: process.env.CLUSTER_DIR || path.join(cacheDir, `cluster-${run}`), CLUSTER_PORT_BASE: process.env.CLUSTER_PORT_BASE || portBase });
  await stop(layout);
  fs.rmSync(layout.dir, { recursive: true, force: true });
  fs.rmSync(postgresDir(layout), { recursive: true, force: true });
  ensureCertificates(layout, (m) => process.stderr.write(`[集群] ${m}\n`));
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/cluster/${run}.ts`, ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, CLUSTER_DIR: layout.dir, CLUSTER_PORT_BASE: String(layout.postgres.port), NODE_EXTRA_CA_CERTS: path.join(layout.certDir, 'ca.pem') },
  });
  await stop(layout); // also after a crash of the run: nothing of the cluster keeps running
  return r.status ?? 1;
}

async function main(): Promise<void> {
  const command = process.argv[2];
  const layout = clusterLayout();
  switch (command) {
    case 'start':
      await start(layout);
      return;
    case 'stop':
      await stop(layout);
      return;
    case 'certs':
      // Only the CA and certificates, e.g. for docker-compose.yml: CLUSTER_DIR=deploy → deploy/certs/.
      ensureCertificates(layout, (m) => process.stderr.write(`[集群] ${m}\n`));
      process.stdout.write(`${layout.certDir}\n`);
      return;
    case 'chaos':
      process.exitCode = await onFreshCluster('chaos', process.argv.slice(3), '24000');
      return;
    case 'bench':
      process.exitCode = await onFreshCluster('bench', process.argv.slice(3), '25000');
      return;
    case 'status':
      if (!printStatus(layout)) process.exitCode = 3;
      return;
    default:
      process.stderr.write('用法：npm run cluster -- start|stop|status|certs|chaos|bench [参数同 npm run chaos / npm run bench]\n');
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[集群] 失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
