/**
 * `npm run cluster -- start|stop|status|certs`: the production topology on this machine —
 * Temporal on PostgreSQL as four processes with mTLS, two workers, two gateways, nginx TLS edge.
 * CLUSTER_DIR and CLUSTER_PORT_BASE place a second cluster beside the first (CI smoke test).
 */
import { printStatus, start, stop } from './commands';
import { ensureCertificates } from './certs';
import { clusterLayout } from './layout';

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
    case 'status':
      if (!printStatus(layout)) process.exitCode = 3;
      return;
    default:
      process.stderr.write('用法：npm run cluster -- start|stop|status|certs\n');
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[集群] 失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
