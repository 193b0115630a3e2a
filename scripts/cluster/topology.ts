/**
 * What `npm run cluster -- start|stop|status` runs, in start order: the cluster's PostgreSQL, the
 * four Temporal services, the Temporal Web UI, our two workers and two gateways, and the nginx edge. Stop goes in
 * reverse. Each entry knows how to start itself (idempotently) and how to tell it is ready.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request } from 'node:https';
import { resolveTemporalCli, resolveTemporalServer, resolveTemporalUiServer } from '../../lib/temporal/binaries';
import { portOpen } from '../../lib/temporal/dev-server';
import { appEnv, frontendAddress, TEMPORAL_SERVICES, type ClusterLayout, type TemporalService } from './layout';
import { prepareNginx } from './nginx';
import { nodeEntry, runningPid, startDetached, type SpawnSpec } from './processes';
import { writeTemporalUiConfig } from './temporal-ui';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';

export interface Member {
  name: string;
  kind: 'temporal' | 'ui' | 'worker' | 'gateway' | 'edge';
  spec(): SpawnSpec;
  /** Port that accepts connections once the member is up (workers have none: they only dial out). */
  port?: number;
}

export function temporalMember(layout: ClusterLayout, service: TemporalService): Member {
  return {
    name: `temporal-${service}`,
    kind: 'temporal',
    // The internal worker service serves no gRPC; it only joins the membership ring.
    port: service === 'worker' ? layout.temporal.worker.membership : layout.temporal[service].grpc,
    spec: () => ({
      command: resolveTemporalServer(),
      args: ['--root', layout.temporalRoot, '--config', 'config', '--env', service, '--allow-no-auth', 'start', '--service', service],
    }),
  };
}

/** `extraEnv` goes to our workers and gateways (e.g. the chaos run's webhook allowlist). */
export function members(layout: ClusterLayout, extraEnv: Record<string, string> = {}): Member[] {
  const env = { ...appEnv(layout), ...extraEnv };
  return [
    ...TEMPORAL_SERVICES.map((s) => temporalMember(layout, s)),
    {
      name: 'temporal-ui',
      kind: 'ui',
      port: layout.ui.port,
      spec: () => ({ command: resolveTemporalUiServer(), args: writeTemporalUiConfig(layout, 'default') }),
    },
    ...layout.workers.map((name): Member => ({ name, kind: 'worker', spec: () => nodeEntry('worker/main.ts', env) })),
    ...layout.gateways.map(
      (g): Member => ({
        name: g.name,
        kind: 'gateway',
        port: g.port,
        spec: () => nodeEntry('api/main.ts', { ...env, API_HOST: '127.0.0.1', API_PORT: String(g.port) }),
      }),
    ),
    { name: 'nginx', kind: 'edge', port: layout.edge.port, spec: () => prepareNginx(layout) },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the member's port accepts connections; fails early when the process died meanwhile. */
export async function waitReady(layout: ClusterLayout, m: Member, timeoutMs = 90_000): Promise<void> {
  if (m.port === undefined) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!runningPid(layout, m.name)) throw new Error(`${m.name} 启动后退出，日志：${path.join(layout.logDir, `${m.name}.log`)}`);
    if (await portOpen('127.0.0.1', m.port)) return;
    await sleep(250);
  }
  throw new Error(`${m.name} 在 ${timeoutMs / 1000} 秒内未就绪（端口 ${m.port}）`);
}

export async function startMember(layout: ClusterLayout, m: Member): Promise<boolean> {
  const { started } = startDetached(layout, m.name, m.spec());
  await waitReady(layout, m);
  return started;
}

/** The operator's CLI against the cluster, with the admin client certificate (mTLS). */
export function temporalCli(layout: ClusterLayout, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const cert = (f: string) => path.join(layout.certDir, f);
  const r = spawnSync(
    resolveTemporalCli(),
    [
      ...args,
      '--address', frontendAddress(layout),
      '--tls-ca-path', cert('ca.pem'),
      '--tls-cert-path', cert('admin.pem'),
      '--tls-key-path', cert('admin.key'),
      '--tls-server-name', layout.serverNames.frontend,
    ],
    { encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The namespace our processes use; the frontend answers before membership settles, so retry briefly. */
export async function ensureNamespace(layout: ClusterLayout, namespace: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (temporalCli(layout, ['operator', 'namespace', 'describe', '--namespace', namespace]).status === 0) return;
    const r = temporalCli(layout, ['operator', 'namespace', 'create', '--namespace', namespace, '--retention', '30d']);
    if (r.status === 0) return;
    last = r.stderr.trim();
    await sleep(1000);
  }
  throw new Error(`无法创建 Temporal 命名空间 ${namespace}：${last}`);
}

/**
 * Our typed search attributes (workflows/search-attributes.ts): a server without them fails every
 * workflow task that upserts one, so they are registered before any worker starts.
 */
export async function ensureSearchAttributes(layout: ClusterLayout, namespace: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const key of SEARCH_ATTRIBUTE_KEYS) {
    for (;;) {
      const r = temporalCli(layout, ['operator', 'search-attribute', 'create', '--namespace', namespace, '--name', key.name, '--type', 'Keyword']);
      if (r.status === 0 || /already exists/i.test(r.stderr)) break;
      // A namespace just created reaches every frontend's registry only after its next refresh.
      if (Date.now() > deadline || !/not found/i.test(r.stderr)) throw new Error(`无法注册搜索属性 ${key.name}：${r.stderr.trim()}`);
      await sleep(1000);
    }
  }
}

/** GET over the edge's TLS, trusting the cluster's CA only. */
export function edgeGet(layout: ClusterLayout, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: layout.edge.port, path: urlPath, method: 'GET', ca: fs.readFileSync(path.join(layout.certDir, 'ca.pem')), servername: 'localhost', timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
