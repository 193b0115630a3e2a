/**
 * One Temporal server config per service (config/<service>.yaml under the cluster's Temporal root),
 * started as `temporal-server --env <service> start --service <service>`: the same cluster
 * description, but each process with its own metrics and pprof port so that all four can run on one
 * machine. TLS everywhere: the frontend and the internal services require client certificates from
 * the cluster's CA, so a plaintext or unknown client is refused at the handshake.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { TEMPORAL_SERVICES, type ClusterLayout, type TemporalService } from './layout';

export const TEMPORAL_DB = 'temporal';
export const VISIBILITY_DB = 'temporal_visibility';

function datastore(layout: ClusterLayout, databaseName: string, maxConns: number) {
  const { port, user, password } = layout.postgres;
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${port}`,
      connectProtocol: 'tcp',
      user,
      password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

export function temporalConfig(layout: ClusterLayout, service: TemporalService): Record<string, unknown> {
  const cert = (name: string, ext: 'pem' | 'key') => path.join(layout.certDir, `${name}.${ext}`);
  const ca = [cert('ca', 'pem')];
  const ports = layout.temporal;
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      // Fixed for the life of the cluster: shards cannot be changed after the first start.
      numHistoryShards: 4,
      datastores: { default: datastore(layout, TEMPORAL_DB, 10), visibility: datastore(layout, VISIBILITY_DB, 2) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: ports[service].pprof, host: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports[service].metrics}` } },
      tls: {
        internode: {
          server: { certFile: cert('internode', 'pem'), keyFile: cert('internode', 'key'), requireClientAuth: true, clientCaFiles: ca },
          client: { serverName: layout.serverNames.internode, rootCaFiles: ca },
        },
        frontend: {
          server: { certFile: cert('frontend', 'pem'), keyFile: cert('frontend', 'key'), requireClientAuth: true, clientCaFiles: ca },
          client: { serverName: layout.serverNames.frontend, rootCaFiles: ca },
        },
        systemWorker: {
          certFile: cert('admin', 'pem'),
          keyFile: cert('admin', 'key'),
          client: { serverName: layout.serverNames.frontend, rootCaFiles: ca },
        },
      },
    },
    services: Object.fromEntries(
      TEMPORAL_SERVICES.map((s) => [
        s,
        {
          rpc: {
            grpcPort: ports[s].grpc,
            membershipPort: ports[s].membership,
            bindOnLocalHost: true,
            ...(s === 'frontend' ? { httpPort: ports.frontendHttp } : {}),
          },
        },
      ]),
    ),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend.grpc}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
  };
}

export function writeTemporalConfigs(layout: ClusterLayout): void {
  const dir = path.join(layout.temporalRoot, 'config');
  fs.mkdirSync(dir, { recursive: true });
  for (const s of TEMPORAL_SERVICES) {
    // Holds the database password: readable by the operator only.
    fs.writeFileSync(path.join(dir, `${s}.yaml`), stringify(temporalConfig(layout, s)), { mode: 0o600 });
  }
}
