/** `npm run cluster -- start|stop|status`: bring the topology up idempotently, show it, take it down. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../lib/db/client';
import { repoRoot } from '../../lib/paths';
import { ensureDevCredentials, readDevOfficers, seedCatalogue, seedDevIntermediaries, type CatalogueFile } from '../../lib/seed';
import { ensureCertificates } from './certs';
import { appEnv, edgeUrl, frontendAddress, pgUrl, uiUrl, type ClusterLayout } from './layout';
import { migrateDatabases, postgresDir, postgresRunning, startPostgres, stopPostgres } from './postgres';
import { logFile, runningPid, stopProcess } from './processes';
import { writeTemporalConfigs } from './temporal-config';
import { edgeGet, ensureNamespace, ensureSearchAttributes, members, startMember } from './topology';

const NAMESPACE = 'default';
const log = (m: string) => process.stderr.write(`[集群] ${m}\n`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** One bundle for all workers (webpack once, not per worker start); rebuilt when workflow sources change. */
function ensureWorkflowBundle(layout: ClusterLayout): void {
  const bundle = appEnv(layout).WORKFLOW_BUNDLE;
  const sources = Math.max(...['workflows', 'domain', 'activities'].map((d) => newestMtime(path.join(repoRoot, d))));
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs > sources) return;
  log('打包工作流代码（所有工作进程共用）…');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts', bundle], { cwd: repoRoot, encoding: 'utf8' });
  // webpack's progress is noise on success; on failure it is the diagnosis.
  if (r.status !== 0) throw new Error(`打包工作流失败：\n${r.stderr}`);
}

export interface StartOptions {
  /** Members the caller runs itself (the chaos run keeps one worker and one gateway as its children). */
  except?: string[];
  extraEnv?: Record<string, string>;
  /** Catalogue to seed; default the county's seed catalogue (the chaos run drives the demo one). */
  catalogue?: CatalogueFile;
}

export async function start(layout: ClusterLayout, options: StartOptions = {}): Promise<void> {
  const began = Date.now();
  fs.mkdirSync(layout.dir, { recursive: true });
  ensureCertificates(layout, log);

  log(`PostgreSQL（端口 ${layout.postgres.port}，数据目录 ${postgresDir(layout)}）…`);
  startPostgres(layout);
  await migrateDatabases(layout, log);
  const db = createDb(pgUrl(layout, layout.postgres.readModelDb));
  const credentialsFile = path.join(layout.dir, 'dev-credentials.json');
  try {
    await seedCatalogue(db, options.catalogue);
    await ensureDevCredentials(db, credentialsFile, options.catalogue);
    await seedDevIntermediaries(db);
  } finally {
    await db.$disconnect();
  }

  writeTemporalConfigs(layout);
  ensureWorkflowBundle(layout);
  const all = members(layout, options.extraEnv).filter((m) => !options.except?.includes(m.name));
  for (const m of all.filter((x) => x.kind === 'temporal')) {
    log(`${(await startMember(layout, m)) ? '启动' : '已在运行'} ${m.name}`);
  }
  await ensureNamespace(layout, NAMESPACE);
  await ensureSearchAttributes(layout, NAMESPACE);
  for (const m of all.filter((x) => x.kind === 'ui')) log(`${(await startMember(layout, m)) ? '启动' : '已在运行'} ${m.name}`);
  // Workers and gateways start side by side; nginx last, once both gateways accept connections.
  const apps = all.filter((x) => x.kind === 'worker' || x.kind === 'gateway');
  const results = await Promise.all(apps.map(async (m) => `${(await startMember(layout, m)) ? '启动' : '已在运行'} ${m.name}`));
  results.forEach(log);
  const edge = all.find((x) => x.kind === 'edge')!;
  log(`${(await startMember(layout, edge)) ? '启动' : '已在运行'} nginx`);
  await waitForEdgeReady(layout);
  printUrls(layout, credentialsFile, began);
}

async function waitForEdgeReady(layout: ClusterLayout, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await edgeGet(layout, '/ready');
      if (r.status === 200) return;
      last = `${r.status} ${r.body}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`经 nginx 访问 /ready 未就绪：${last}`);
}

function printUrls(layout: ClusterLayout, credentialsFile: string, began: number): void {
  const base = edgeUrl(layout);
  const t = layout.temporal;
  process.stdout.write(
    [
      '',
      `并联审批集群已就绪（用时 ${((Date.now() - began) / 1000).toFixed(1)} 秒）`,
      `  API 基址        ${base}/api/v1（nginx，TLS；CA 证书 ${path.join(layout.certDir, 'ca.pem')}）`,
      `  工作台          ${base}/console/（账号见 ${credentialsFile}）`,
      `  接口文档        ${base}/docs`,
      `  健康检查        ${base}/health`,
      ...layout.gateways.map((g) => `  网关 ${g.name}  http://127.0.0.1:${g.port}（仅本机；/metrics 在此，不经 nginx）`),
      `  Temporal        ${frontendAddress(layout)}（mTLS：客户端证书 ${path.join(layout.certDir, 'admin.pem')}）`,
      `  Temporal Web UI ${uiUrl(layout)}（仅本机，TLS，只读；载荷加密，管理员登录工作台后经编解码服务器查看明文）`,
      `  Temporal 指标   ${(['frontend', 'history', 'matching', 'worker'] as const).map((s) => `${s} http://127.0.0.1:${t[s].metrics}/metrics`).join('，')}`,
      `  PostgreSQL      ${pgUrl(layout, layout.postgres.readModelDb).replace(/:[^:@]*@/, ':***@')}（另有 temporal、temporal_visibility）`,
      `  开发登录        ${credentialsFile}（${readDevOfficers(credentialsFile).length} 名工作人员）`,
      `  日志            ${layout.logDir}`,
      '  停止：npm run cluster -- stop',
      '',
    ].join('\n'),
  );
}

export async function stop(layout: ClusterLayout): Promise<void> {
  // Edge first (no new requests), then gateways and workers (drain), then Temporal, then the database.
  for (const m of members(layout).reverse()) {
    if (await stopProcess(layout, m.name)) log(`已停止 ${m.name}`);
  }
  if (postgresRunning(layout)) {
    stopPostgres(layout);
    log('已停止 PostgreSQL');
  }
}

export interface MemberStatus {
  name: string;
  pid?: number;
  log: string;
}

export function status(layout: ClusterLayout): { members: MemberStatus[]; postgres: boolean } {
  return {
    members: members(layout).map((m) => ({ name: m.name, pid: runningPid(layout, m.name), log: logFile(layout, m.name) })),
    postgres: postgresRunning(layout),
  };
}

export function printStatus(layout: ClusterLayout): boolean {
  const s = status(layout);
  const lines = [`  ${'postgresql'.padEnd(18)} ${s.postgres ? '运行中' : '未运行'}  端口 ${layout.postgres.port}`];
  for (const m of s.members) lines.push(`  ${m.name.padEnd(18)} ${m.pid ? `运行中  pid ${m.pid}` : '未运行'}`);
  process.stdout.write(`集群目录 ${layout.dir}\n${lines.join('\n')}\n`);
  return s.postgres && s.members.every((m) => m.pid);
}
