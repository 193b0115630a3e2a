/**
 * Where the cluster lives on this machine: one state directory (certificates, configs, logs, pid
 * files, its own PostgreSQL) and one block of ports from CLUSTER_PORT_BASE, so a second cluster
 * (the CI smoke test) runs beside a developer's without colliding. Everything listens on 127.0.0.1.
 */
import path from 'node:path';
import { cacheDir } from '../../lib/paths';
import { devKeyList } from '../../lib/crypto/secret-box';

export type TemporalService = 'frontend' | 'history' | 'matching' | 'worker';
export const TEMPORAL_SERVICES: readonly TemporalService[] = ['history', 'matching', 'frontend', 'worker'];

export interface ServicePorts {
  grpc: number;
  membership: number;
  metrics: number;
  pprof: number;
}

export interface ClusterLayout {
  dir: string;
  certDir: string;
  runDir: string;
  logDir: string;
  temporalRoot: string;
  postgres: { dir: string; port: number; user: string; password: string; readModelDb: string };
  temporal: Record<TemporalService, ServicePorts> & { frontendHttp: number };
  /** Our own processes: two workers, two gateways behind the nginx edge. */
  workers: string[];
  gateways: { name: string; port: number }[];
  edge: { port: number };
  /** The Temporal Web UI: its server on `port`, reached only through nginx's TLS on `tlsPort`. */
  ui: { port: number; tlsPort: number };
  /** Names the frontend's and the internal services' certificates are issued for. */
  serverNames: { frontend: string; internode: string };
}

const OFFSETS: Record<TemporalService, number> = { frontend: 33, history: 36, matching: 38, worker: 40 };
const INDEX: Record<TemporalService, number> = { frontend: 0, history: 1, matching: 2, worker: 3 };

export function clusterLayout(env: NodeJS.ProcessEnv = process.env): ClusterLayout {
  const dir = path.resolve(env.CLUSTER_DIR || path.join(cacheDir, 'cluster'));
  const base = Number(env.CLUSTER_PORT_BASE || 18000);
  // Temporal stores membership ports in a PostgreSQL smallint (cluster_membership.rpc_port): they must stay below 32768.
  if (!Number.isInteger(base) || base < 1024 || base > 32000) throw new Error(`CLUSTER_PORT_BASE 无效：${env.CLUSTER_PORT_BASE}（1024–32000）`);
  const service = (s: TemporalService): ServicePorts => ({
    grpc: base + OFFSETS[s],
    membership: base + OFFSETS[s] + 1,
    metrics: base + 50 + INDEX[s],
    pprof: base + 60 + INDEX[s],
  });
  return {
    dir,
    certDir: path.join(dir, 'certs'),
    runDir: path.join(dir, 'run'),
    logDir: path.join(dir, 'logs'),
    temporalRoot: path.join(dir, 'temporal'),
    postgres: { dir: path.join(dir, 'postgres'), port: base, user: 'approval', password: 'approval', readModelDb: 'approval' },
    temporal: { frontend: service('frontend'), history: service('history'), matching: service('matching'), worker: service('worker'), frontendHttp: base + 35 },
    workers: ['worker-1', 'worker-2'],
    gateways: [
      { name: 'gateway-1', port: base + 101 },
      { name: 'gateway-2', port: base + 102 },
    ],
    edge: { port: base + 443 },
    ui: { port: base + 70, tlsPort: base + 444 },
    serverNames: { frontend: 'temporal-frontend', internode: 'temporal-internode' },
  };
}

export function frontendAddress(layout: ClusterLayout): string {
  return `127.0.0.1:${layout.temporal.frontend.grpc}`;
}

export function edgeUrl(layout: ClusterLayout): string {
  return `https://127.0.0.1:${layout.edge.port}`;
}

export function uiUrl(layout: ClusterLayout): string {
  return `https://127.0.0.1:${layout.ui.tlsPort}`;
}

export function pgUrl(layout: ClusterLayout, db: string): string {
  const { user, password, port } = layout.postgres;
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${db}`;
}

/** Environment of our workers and gateways: the cluster's read model, and mTLS to the frontend. */
export function appEnv(layout: ClusterLayout): Record<string, string> {
  return {
    DATABASE_URL: pgUrl(layout, layout.postgres.readModelDb),
    TEMPORAL_ADDRESS: frontendAddress(layout),
    TEMPORAL_TLS_CA_FILE: path.join(layout.certDir, 'ca.pem'),
    TEMPORAL_TLS_CERT_FILE: path.join(layout.certDir, 'app.pem'),
    TEMPORAL_TLS_KEY_FILE: path.join(layout.certDir, 'app.key'),
    TEMPORAL_TLS_SERVER_NAME: layout.serverNames.frontend,
    WORKFLOW_BUNDLE: path.join(layout.dir, 'workflow-bundle.js'),
    // One key list for every worker and gateway (made once beside the certificates): payloads one
    // process encrypts another must decrypt, and a portal challenge one gateway signs the other checks.
    PAYLOAD_ENCRYPTION_KEYS: devKeyList(path.join(layout.certDir, 'payload-encryption.key')).trim(),
    SECRET_ENCRYPTION_KEYS: devKeyList(path.join(layout.certDir, 'secret-encryption.key')).trim(),
    PUBLIC_BASE_URL: edgeUrl(layout),
    // The Web UI's origin may call the codec server with an admin's session (CORS with credentials).
    TEMPORAL_UI_ORIGINS: uiUrl(layout),
    // The gateways sit behind nginx on this machine: the per-address limit counts the client nginx saw.
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'info',
    TZ: 'Asia/Shanghai',
  };
}
